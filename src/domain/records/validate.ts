import type { z } from '@hono/zod-openapi';
import { type FieldError, formatPath } from '../../lib/errors.ts';
import { fillAbsent } from './normalize.ts';
import type { RegistryDefinition } from './registry.ts';

/** What validation needs to know about vocabularies. */
export interface ConceptLookup {
  hasConcept(vocabularyId: string, conceptId: string): boolean;
}

export type ValidationResult = { ok: true; doc: Record<string, unknown> } | { ok: false; errors: FieldError[] };

/**
 * Checks a complete record document of one registry: shape and formats, references to vocabulary
 * concepts, and rules across fields. Returns the document with every field present (defaults
 * filled, keys in a fixed order), or every problem found.
 */
export function validateDocument(def: RegistryDefinition, input: unknown, vocab: ConceptLookup): ValidationResult {
  const unstorable = unstorableText(input);
  if (unstorable.length) return { ok: false, errors: unstorable };
  const parsed = def.fields.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodIssuesToFieldErrors(parsed.error.issues, def.label) };
  const doc = fillAbsent(def.fields, parsed.data as Record<string, unknown>, def.defaults);
  const errors: FieldError[] = [];
  for (const r of def.references(doc)) {
    if (!r.vocabularies.some((v) => vocab.hasConcept(v, r.id))) {
      errors.push({ path: r.path, message: `"${r.id}" is not in the ${r.vocabularies.join(' or ')} vocabulary` });
    }
  }
  errors.push(...def.rules(doc));
  return errors.length ? { ok: false, errors } : { ok: true, doc };
}

/** Turns Zod issues into field errors with plain messages ("is required", "must be one of: …"). */
export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[], recordLabel = 'record'): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({ path: formatPath([...issue.path, key]), message: `${issue.path.length ? 'is not a known field here' : `is not a field of a ${recordLabel}`}` });
        }
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

// NUL cannot be stored in PostgreSQL text, and a lone UTF-16 surrogate is not Unicode at all.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Field errors for every string in `value` holding a character that cannot be stored (NUL, a broken surrogate pair). */
export function unstorableText(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    return UNSTORABLE.test(value) ? [{ path: path || '(body)', message: 'contains a character that cannot be stored (NUL, or half of a broken UTF-16 pair)', key: 'badCharacter' }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableText(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => unstorableText(v, path ? `${path}.${k}` : k));
  return [];
}
