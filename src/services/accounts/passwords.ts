import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { FieldError } from '../../lib/errors.ts';

// argon2id with the OWASP Password Storage Cheat Sheet's first configuration (19 MiB, 2 passes, 1 lane).
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (a const enum, not importable as a value here)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

/** Compares in constant time; false for a malformed hash rather than an error. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the time a real check would, for unknown e-mails, so response times do not tell who has an account. */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword('not a password of anyone at all');
  await verifyPassword(await dummy, password);
}

// Passwords long enough to pass the length rule that are among the most used and leaked ones.
const COMMON = new Set(
  [
    '123456789012', '1234567890123', '12345678901234', '123456123456', '111111111111', '000000000000', '123123123123',
    'password1234', 'password12345', 'password123456', 'passwordpassword', 'password1234!', 'Password1234', 'Password123!',
    'qwertyuiopasdf', 'qwertyuiop123', 'qwerty123456', '1qaz2wsx3edc', '1q2w3e4r5t6y', 'zaq12wsxcde3', 'asdfghjkl123',
    'iloveyou1234', 'welcome12345', 'letmein12345', 'adminadmin123', 'administrator', 'changeme1234', 'football1234',
    'baseball1234', 'sunshine1234', 'princess1234', 'dragon123456', 'monkey123456', 'abcdefghijkl', 'abc123abc123',
    'trustno1trustno1', 'superman1234', 'michael12345', 'biodiversity', 'biodiversity1', 'biodiversity123', 'coophub12345',
  ].map((p) => p.toLowerCase()),
);

/** Problems with a new password, as field errors on `field`; empty when it is acceptable (ASVS V2.1). */
export function passwordProblems(password: unknown, field: string, personal: ReadonlyArray<string | undefined> = []): FieldError[] {
  if (typeof password !== 'string') return [{ path: field, message: 'is required', key: 'required' }];
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN) return [{ path: field, message: `must be at least ${PASSWORD_MIN} characters`, key: 'passwordTooShort', params: { min: PASSWORD_MIN } }];
  if (length > PASSWORD_MAX) return [{ path: field, message: `must be at most ${PASSWORD_MAX} characters`, key: 'passwordTooLong', params: { max: PASSWORD_MAX } }];
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return [{ path: field, message: 'is one of the most used passwords: choose another', key: 'passwordCommon' }];
  for (const p of personal) {
    const part = p?.toLowerCase().split('@')[0]?.trim();
    if (part && part.length >= 4 && lower.includes(part)) return [{ path: field, message: 'must not contain your name or e-mail address', key: 'passwordPersonal' }];
  }
  return [];
}
