/**
 * The logger the emulators write to: the part of pino's interface they use, so the hub (or a
 * test) can pass its own logger in without the emulators importing the hub's logging module.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

export const silentLogger: Logger = pino({ level: 'silent' });
