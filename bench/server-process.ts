/** A real `coophub start` on a database, for benchmarks that measure the server as users run it. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  /** http://host:port */
  base: string;
  /** Seconds from spawn to listening. */
  startSeconds: number;
  /** Resident memory now, from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Starts the server with these settings (DATA_DIR or DATABASE_URL) on a free port, without demo data. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const bin = fileURLToPath(new URL('../bin/coophub.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, 'start'], {
    env: { ...process.env, DATABASE_URL: '', ...env, PORT: '0', COOPHUB_DEMO: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = performance.now();
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+?)\/?\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    base,
    startSeconds: Math.round((performance.now() - started) / 100) / 10,
    rssMb: () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
