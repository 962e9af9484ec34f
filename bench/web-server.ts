/**
 * Support for the web-portal measurements (page-weight.ts, lighthouse.ts): a throw-away `coophub start`
 * with the demo data, and a trap that records any attempt by the browser to reach the internet.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subscribe } from 'node:diagnostics_channel';

export interface DemoServer {
  /** http://127.0.0.1:port */
  base: string;
  /** Seconds from spawn until /readyz answered with the matchmaking index ready. */
  readySeconds: number;
  /** The last /readyz body. */
  readyz: unknown;
  /** True when the server was started here (false: COOPHUB_URL pointed at a running one). */
  owned: boolean;
  /** The server's output (owned servers only): the demo accounts' password is printed there once. */
  logFile?: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node bin/coophub.mjs start` on a free port with the embedded database in a fresh temporary
 * DATA_DIR (so the demo data is loaded on this first start), rate limits off, and waits until
 * GET /readyz answers 200 with the matchmaking index ready (record pages show suggestions only then).
 * With COOPHUB_URL set, measures that server instead and starts nothing.
 */
export async function startDemoServer(opts: { readyTimeoutSeconds?: number; log?: (s: string) => void } = {}): Promise<DemoServer> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const timeoutMs = (opts.readyTimeoutSeconds ?? Number(process.env.READY_TIMEOUT ?? 180)) * 1000;
  const external = process.env.COOPHUB_URL?.trim();
  if (external) {
    const base = external.replace(/\/+$/, '');
    const started = performance.now();
    const readyz = await waitReady(base, timeoutMs, () => undefined);
    return { base, readySeconds: round1((performance.now() - started) / 1000), readyz, owned: false, stop: async () => undefined };
  }

  const root = fileURLToPath(new URL('..', import.meta.url));
  const work = mkdtempSync(join(tmpdir(), 'coophub-web-bench-'));
  const logFile = join(work, 'server.log');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const fd = openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(work, 'data'),
    COOPHUB_DEMO: 'true',
    COOPHUB_RATE_LIMITS: 'off',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PUBLIC_URL: base,
  };
  delete env.DATABASE_URL; // always the embedded database: never a real one
  const child = spawn(process.execPath, [join(root, 'bin/coophub.mjs'), 'start'], { cwd: root, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  log(`starting coophub on ${base} (pid ${child.pid}, DATA_DIR ${join(work, 'data')}, demo data)`);
  let exited: number | null | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? -1 : null);
      resolve();
    }),
  );

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited === undefined) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(t);
    }
    rmSync(work, { recursive: true, force: true });
  };
  // The server must not outlive this process, however it ends.
  const onExit = () => {
    if (exited === undefined) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

  const started = performance.now();
  try {
    const readyz = await waitReady(base, timeoutMs, () => (exited !== undefined ? `exited with ${exited}` : undefined));
    return { base, readySeconds: round1((performance.now() - started) / 1000), readyz, owned: true, stop, logFile };
  } catch (err) {
    let tail = '';
    try {
      tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      /* no log */
    }
    await stop();
    throw new Error(`${(err as Error).message}\n--- server log (tail) ---\n${tail}`);
  }
}

async function waitReady(base: string, timeoutMs: number, died: () => string | undefined): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const why = died();
    if (why) throw new Error(`the server ${why} before becoming ready`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) });
      last = await res.text();
      if (res.status === 200) {
        const body = JSON.parse(last) as { matching?: string };
        if (body.matching === undefined || body.matching === 'ready') return body;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the server was not ready after ${timeoutMs / 1000}s (last /readyz: ${last || 'no answer'})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface OutboundTrap {
  /** Give the browser `--proxy-server=${proxyArg}`: requests to loopback bypass it, everything else lands here. */
  proxyArg: string;
  /** What the browser tried to reach outside the machine (refused), and what this Node process connected to. */
  attempts(): { browser: string[]; node: string[] };
  close(): Promise<void>;
}

/**
 * Makes sure nothing reaches the internet and shows what tried to: a local "proxy" that refuses and
 * records every request (Chromium sends all non-loopback traffic to it), plus a record of the
 * non-loopback TCP connections opened by this Node process (Lighthouse, chrome-launcher, Playwright).
 */
export async function startOutboundTrap(): Promise<OutboundTrap> {
  const browser: string[] = [];
  const node: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
    sock.once('data', (d) => {
      // Query strings left out: they carry per-request nonces and would make every line unique.
      const line = (d.toString('latin1').split('\r\n')[0] ?? '').replace(/\?\S*/, '?…');
      browser.push(line);
      sock.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    sock.on('error', () => undefined);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const trapPort = port;
  const onSocket = (message: unknown) => {
    const socket = (message as { socket?: Socket }).socket;
    if (!socket) return;
    socket.once('lookup', (_err: Error | null, address: string, _family: unknown, host: string) => {
      if (!isLoopback(address)) node.push(`${host} (${address})`);
    });
    socket.once('connect', () => {
      const addr = socket.remoteAddress ?? '';
      if (addr && !isLoopback(addr)) node.push(`${addr}:${socket.remotePort}`);
    });
    socket.once('error', (err: NodeJS.ErrnoException & { address?: string; port?: number }) => {
      if (err.address && !isLoopback(err.address)) node.push(`${err.address}:${err.port} (${err.code})`);
    });
  };
  subscribe('net.client.socket', onSocket);
  return {
    proxyArg: `http://127.0.0.1:${trapPort}`,
    attempts: () => ({ browser: [...new Set(browser)], node: [...new Set(node)] }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === 'localhost' || address.startsWith('::ffff:127.');
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Whether a URL stays on this machine (loopback, or not a network URL at all: data:, blob:, about:). */
export function isLocal(url: string): boolean {
  if (!/^https?:/.test(url)) return true;
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/**
 * What tried to leave the machine during a run, for the printed JSON: pages' requests off the
 * machine and the Node process's connections are problems (added to `problems`); Chromium's own
 * background requests are listed for information.
 */
export function outboundReport(trap: OutboundTrap, offMachine: string[], problems: string[]) {
  const outbound = trap.attempts();
  if (offMachine.length > 0) problems.push(`pages requested resources outside this machine: ${offMachine.join(', ')}`);
  if (outbound.node.length > 0) problems.push(`the Node process connected outside this machine: ${outbound.node.join(', ')}`);
  return {
    pageRequestsOffMachine: offMachine,
    browserBackground: outbound.browser,
    node: outbound.node,
    note: 'Chromium sends all non-loopback traffic to a local trap that refuses it: nothing left the machine. browserBackground is Chromium housekeeping (component updater, sign-in), not page resources',
  };
}
