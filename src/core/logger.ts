/** Structured logging through pino; modules receive a logger, they never create one. */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({ level: options.level ?? 'info', name: options.name ?? 'ledgerbridge' });
}

export const silentLogger: Logger = pino({ level: 'silent' });
