import type { z } from '@hono/zod-openapi';

type AnySchema = z.ZodType;

function unwrap(schema: AnySchema): { inner: AnySchema; nullable: boolean } {
  let s: any = schema;
  let nullable = false;
  for (;;) {
    const t = s._zod.def.type;
    if (t === 'optional') s = s._zod.def.innerType;
    else if (t === 'nullable') {
      nullable = true;
      s = s._zod.def.innerType;
    } else break;
  }
  return { inner: s, nullable };
}

/**
 * Returns `value` with every key in the schema's order, absent optional fields filled: from
 * `defaults` at the top level, otherwise `null` for nullable fields and `[]` for arrays, recursively
 * into nested objects. Applying it twice gives the same result, so exports re-import exactly.
 */
export function fillAbsent(schema: z.ZodObject, value: Record<string, unknown>, defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape) as Array<[string, AnySchema]>) {
    const { inner, nullable } = unwrap(fieldSchema);
    let v = value[key];
    if (v === undefined && key in defaults) v = structuredClone(defaults[key]);
    const kind = (inner as any)._zod.def.type;
    if (v === undefined) {
      if (kind === 'array') v = [];
      else if (nullable) v = null;
      else continue;
    }
    if (kind === 'object' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      v = fillAbsent(inner as z.ZodObject, v as Record<string, unknown>);
    } else if (kind === 'array' && Array.isArray(v)) {
      const element = unwrap((inner as any)._zod.def.element).inner;
      if ((element as any)._zod.def.type === 'object') {
        v = v.map((item) => (item && typeof item === 'object' ? fillAbsent(element as z.ZodObject, item as Record<string, unknown>) : item));
      }
    }
    out[key] = v;
  }
  return out;
}

/** Fields a merge patch sets to `null` although they cannot be empty (removing them would silently reset them). */
export function nullsNotAllowed(schema: z.ZodObject, patch: Record<string, unknown>): string[] {
  return Object.entries(patch)
    .filter(([key, value]) => value === null && key in schema.shape && !unwrap(schema.shape[key] as AnySchema).nullable)
    .map(([key]) => key);
}
