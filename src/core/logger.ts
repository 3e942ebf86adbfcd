/**
 * Structured logging through pino; modules receive a logger, they never create one. No secret
 * reaches a log line: fields named like secrets are censored, and every configured secret
 * value is masked in the written line, wherever it appears (an error message, a URL).
 */
import { pino, type Logger as PinoLogger } from 'pino';
import { maskSecrets } from './redact.ts';

export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

/** Fields censored by name, at the top level and one or two levels down. */
const secretFields = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'access_token',
  'secret',
  'clientSecret',
  'client_secret',
  'password',
  'apiKey',
  'ms-apikey',
  'clientState',
];
const redactPaths = secretFields.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const dot = key.startsWith('[') ? '' : '.';
  return [key, `*${dot}${key}`, `*.*${dot}${key}`];
});

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Configured secret values to mask in every line. */
  secrets?: readonly string[];
  /** Where lines go (tests); standard output otherwise. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = [...(options.secrets ?? [])];
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    name: options.name ?? 'ledgerbridge',
    redact: { paths: redactPaths, censor: '[redacted]' },
    hooks: { streamWrite: (line) => maskSecrets(line, secrets) },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export const silentLogger: Logger = pino({ level: 'silent' });
