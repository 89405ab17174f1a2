import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined });
}

/** For tests and benchmarks: a logger that writes nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
