import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCoophub } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const BIN = fileURLToPath(new URL('../../bin/coophub.mjs', import.meta.url));

let pgDb: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  pgDb = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
  env = cliEnv(pgDb?.url);
});
afterAll(() => pgDb?.close());

/** Starts the server with the given environment and returns its base URL and the process. */
async function startServer(extra: NodeJS.ProcessEnv): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'start'], { env: { ...env, PORT: '0', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d;
      const m = /running at (http:\/\/\S+?)\/?\n/.exec(output);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { base, child };
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

describe('demo data on demand', () => {
  it('starts with an empty database when COOPHUB_DEMO=false', async () => {
    const { base, child } = await startServer({ COOPHUB_DEMO: 'false' });
    try {
      const res = (await (await fetch(`${base}/api/v1/needs`)).json()) as { total: number };
      expect(res.total).toBe(0);
    } finally {
      await stop(child);
    }
  });

  it('loads the demo data with `coophub seed` into an empty database, and only there', async () => {
    const first = await runCoophub(['seed'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Loaded the demo data: \d+ needs, \d+ providers, \d+ opportunities/);
    const again = await runCoophub(['seed'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('only loaded into an empty database');
  });

  it('refuses a malformed setting with a message naming it', async () => {
    const res = await runCoophub(['migrate'], { ...env, PORT: 'eighty' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PORT must be a whole number');
  });
});

describe('start-up problems', () => {
  it('says so plainly when the port is taken', async () => {
    const { base, child } = await startServer({ COOPHUB_DEMO: 'false' });
    try {
      const port = new URL(base).port;
      // Embedded mode cannot share the data folder, so the second server gets its own.
      const second = await runCoophub(['start'], { ...cliEnv(pgDb?.url), PORT: port });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`port ${port} is already in use`);
    } finally {
      await stop(child);
    }
  });

  // PostgreSQL serves many processes; the lock is an embedded-mode matter.
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))('refuses to open an embedded data folder another process is using', async () => {
    const { child } = await startServer({ COOPHUB_DEMO: 'false' });
    try {
      const res = await runCoophub(['token', 'list'], env);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/in use by process \d+/);
    } finally {
      await stop(child);
    }
  });
});
