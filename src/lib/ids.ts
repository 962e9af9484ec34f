import { randomBytes } from 'node:crypto';

export const RECORD_TYPES = ['need', 'provider', 'opportunity'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const ID_PREFIX: Record<RecordType, string> = { need: 'need', provider: 'prov', opportunity: 'opp' };

// Crockford-like lower-case alphabet without i, l, o, u: readable when cited and safe in URLs.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A new public identifier such as `need-7k2m9x3a4b`: prefix plus 10 random characters (50 bits). */
export function newRecordId(type: RecordType): string {
  const bytes = randomBytes(10);
  let suffix = '';
  for (const b of bytes) suffix += ALPHABET[b & 31];
  return `${ID_PREFIX[type]}-${suffix}`;
}

/** The pattern every public identifier of `type` matches (imports may bring their own ids). */
export function recordIdPattern(type: RecordType): RegExp {
  return new RegExp(`^${ID_PREFIX[type]}-[0-9a-z]{10}$`);
}

/** Which registry an identifier belongs to, or undefined. */
export function recordTypeOfId(id: string): RecordType | undefined {
  return RECORD_TYPES.find((t) => recordIdPattern(t).test(id));
}

/** An internal identifier such as `usr_3f9a1c2b7d4e5f60`: prefix, underscore, 16 hex digits (64 random bits). */
export function newRandomId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}
