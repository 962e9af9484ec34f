import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCoophub } from '../support/cli.ts';
import { parseMail } from '../support/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let pgDb: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
let outbox: string;
beforeAll(async () => {
  pgDb = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  outbox = mkdtempSync(join(tmpdir(), 'coophub-outbox-'));
  env = { ...cliEnv(pgDb?.url), OUTBOX_DIR: outbox, PUBLIC_URL: 'https://hub.example.org' };
  delete env.SMTP_URL;
});
afterAll(() => pgDb?.close());

describe('accounts from the command line', () => {
  it('invites the first administrator, writing the mail to the outbox when there is no SMTP server', async () => {
    const res = await runCoophub(['user', 'invite', '--email', 'First.Admin@Example.org', '--role', 'admin', '--name', 'First admin'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('Invited first.admin@example.org');
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = readFileSync(join(outbox, files[0]!), 'utf8');
    expect(mail).toMatch(/^To: first\.admin@example\.org$/m);
    expect(parseMail(mail, []).text).toContain('https://hub.example.org/account/invitation?token=');

    const list = await runCoophub(['user', 'list'], env);
    expect(list.stdout).toMatch(/first\.admin@example\.org\tunconfirmed\tadmin/);
    const bad = await runCoophub(['user', 'invite', '--email', 'x@example.org', '--role', 'focal_point', '--scope', 'ZZ'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('scope: "ZZ" is not a country code');
  }, 60_000);

  it('exports the audit log as CSV, and refuses an unknown format', async () => {
    const csv = await runCoophub(['audit', 'export', '--action', 'role.'], env);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('seq,at,action,actor,userId,subject,ip,success,details');
    expect(lines.slice(1).some((l) => l.includes('"role.granted"') && l.includes('"system:cli-user"'))).toBe(true);
    const bad = await runCoophub(['audit', 'export', '--format', 'xml'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format: must be csv or jsonl');
  }, 60_000);

  it('makes operator tokens only for global roles', async () => {
    const res = await runCoophub(['token', 'create', '--name', 'x', '--role', 'focal_point'], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('role: must be one of: admin, gce, advisory');
  }, 60_000);

  it('runs the reminder pass once, refusing bad reminder settings with the variable named', async () => {
    const res = await runCoophub(['jobs', 'run'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ reminded: 0, flagged: 0, escalated: 0, digests: 0 });
    const bad = await runCoophub(['jobs', 'run'], { ...env, COOPHUB_REMINDERS: 'provider=seven' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('COOPHUB_REMINDERS');
    expect((await runCoophub(['jobs'], env)).code).toBe(2);
  }, 60_000);
});
