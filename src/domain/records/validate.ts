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
  if (!parsed.success) {
    // Every problem at once: the rules across fields too, as far as they can read the input.
    const errors = zodIssuesToFieldErrors(parsed.error.issues, def.label);
    return { ok: false, errors: [...errors, ...rulesOnRawInput(def, input).filter((r) => !errors.some((e) => e.path === r.path))] };
  }
  const doc = fillAbsent(def.fields, parsed.data as Record<string, unknown>, def.defaults);
  const errors: FieldError[] = [];
  for (const r of def.references(doc)) {
    if (!r.vocabularies.some((v) => vocab.hasConcept(v, r.id))) {
      errors.push({ path: r.path, message: `"${r.id}" is not in the ${r.vocabularies.join(' or ')} vocabulary`, key: 'choice' });
    }
  }
  errors.push(...def.rules(doc));
  return errors.length ? { ok: false, errors } : { ok: true, doc };
}

/** The cross-field rules applied to input that did not parse (rules that cannot read it are skipped). */
function rulesOnRawInput(def: RegistryDefinition, input: unknown): FieldError[] {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return [];
  try {
    return def.rules(input as Record<string, unknown>);
  } catch {
    return [];
  }
}

/** Turns Zod issues into field errors with plain messages ("is required", "must be one of: …"). */
export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[], recordLabel = 'record'): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({ path: formatPath([...issue.path, key]), message: `${issue.path.length ? 'is not a known field here' : `is not a field of a ${recordLabel}`}`, key: 'unknownField' });
        }
        break;
      default:
        out.push({ path, message: issue.message, ...messageKey(issue) });
    }
  }
  return out;
}

/** Where a pattern is known, the kind of value it asks for (a key of the `errors` catalog section). */
const PATTERN_KEYS: Array<[string, string]> = [
  ['/^[A-Z]{2}$/', 'countryCode'],
  ['/^[a-z]{2}$/', 'languageCode'],
  ['/^[A-Z]{3}$/', 'currencyCode'],
  ['/^\\+?[0-9 ()./-]{5,40}$/', 'phone'],
];

/**
 * The catalog key (and its parameters) that says the same as a Zod issue, so pages can show the
 * message in the reader's language; the English message stays the API's.
 */
export function messageKey(issue: z.core.$ZodIssue): Pick<FieldError, 'key' | 'params'> {
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; format?: string; pattern?: string; expected?: string };
  switch (i.code) {
    case 'invalid_type':
      // Zod keeps no input on the final issue; the message (fields.ts) says whether the value was missing.
      if (i.message === 'is required') return { key: 'required' };
      return { key: i.expected === 'number' ? 'number' : 'format' };
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? { key: 'required' } : { key: 'tooShort', params: { min: Number(i.minimum) } };
      if (i.origin === 'array' || i.origin === 'set') return { key: 'tooFew', params: { min: Number(i.minimum) } };
      return { key: 'negative' };
    case 'too_big':
      if (i.origin === 'string') return { key: 'tooLong', params: { max: Number(i.maximum) } };
      if (i.origin === 'array' || i.origin === 'set') return { key: 'tooMany', params: { max: Number(i.maximum) } };
      return { key: 'tooLarge' };
    case 'invalid_format':
      if (i.format === 'email' || i.format === 'url' || i.format === 'date') return { key: i.format };
      return { key: PATTERN_KEYS.find(([p]) => p === i.pattern)?.[1] ?? 'format' };
    case 'invalid_value':
      return { key: 'choice' };
    default:
      return {};
  }
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
