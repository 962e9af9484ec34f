import pino from 'pino';

/** Structured JSON logs on standard output. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({ level, base: { app: 'coophub' } });
}

export type Logger = ReturnType<typeof createLogger>;
