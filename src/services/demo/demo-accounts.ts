import { randomBytes } from 'node:crypto';
import { findUserByEmail, insertUser } from '../../db/queries/accounts.ts';
import { findRecord } from '../../db/queries/records.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { grantRole } from '../accounts/roles.ts';
import type { ServiceContext } from '../context.ts';

/** Demo accounts: one per kind of user, so a newcomer can sign in and see what each may do. */
const DEMO_ACCOUNTS = [
  { email: 'admin@demo.example.org', name: 'Demo administrator', language: 'en', role: 'admin', scope: '' },
  { email: 'focal.point.tn@demo.example.org', name: 'Amira Ben Salah (point focal national, Tunisie)', language: 'fr', role: 'focal_point', scope: 'TN' },
  { email: 'dryland.centre@demo.example.org', name: 'Omar Haddad (Centre for Dryland Ecology)', language: 'ar', role: 'provider_member', scope: 'prov-p000000001' },
  { email: 'helpdesk.oss@demo.example.org', name: 'Moussa Diallo (Sahara and Sahel Observatory)', language: 'fr', role: 'centre_staff', scope: 'tsc-oss' },
  { email: 'gce@demo.example.org', name: 'Lucía Fernández (global coordinating entity)', language: 'es', role: 'gce', scope: '' },
] as const;

/**
 * Creates the demo accounts with one new random password (confirmed addresses, roles granted) and
 * returns it with the addresses, to be printed once. Accounts that exist are left alone.
 */
export async function seedDemoAccounts(ctx: ServiceContext): Promise<{ password: string; accounts: Array<{ email: string; role: string; scope: string }> }> {
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  const passwordHash = await hashPassword(password);
  const made = [];
  for (const a of DEMO_ACCOUNTS) {
    if (await findUserByEmail(ctx.db, a.email)) continue;
    if (a.role === 'provider_member' && !(await findRecord(ctx.db, 'provider', a.scope))) continue;
    const id = `usr_demo${randomBytes(6).toString('hex')}`;
    const now = ctx.now();
    await insertUser(ctx.db, { id, email: a.email, name: a.name, language: a.language, passwordHash, emailVerifiedAt: now, createdAt: now, updatedAt: now });
    await grantRole(ctx, id, { role: a.role, scope: a.scope || undefined });
    made.push({ email: a.email, role: a.role, scope: a.scope });
  }
  return { password, accounts: made };
}

/** The lines to print after creating demo accounts. */
export function describeDemoAccounts(result: { password: string; accounts: Array<{ email: string; role: string; scope: string }> }): string {
  if (!result.accounts.length) return '';
  const lines = result.accounts.map((a) => `  ${a.email.padEnd(36)} ${a.role}${a.scope ? ` (${a.scope})` : ''}`);
  return `Demo accounts (sign in at /account/signin; this password is shown only now): ${result.password}\n${lines.join('\n')}\n`;
}
