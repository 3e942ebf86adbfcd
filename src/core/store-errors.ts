/**
 * Which store failures are passing ones: a lost connection, a failover, a serialization
 * conflict or deadlock that PostgreSQL asks the client to retry, a server briefly refusing
 * connections. Work that hit one of these is tried again like work that hit a busy upstream;
 * anything else from the store (a constraint, bad SQL) is a defect and is not repeated.
 */

/** SQLSTATE codes PostgreSQL documents as worth retrying, with the words an operator reads. */
const transientSqlStates: Record<string, string> = {
  '40001': 'serialization conflict',
  '40P01': 'deadlock',
  '55P03': 'lock not available',
  '57P01': 'server shut down by an administrator',
  '57P02': 'server crash',
  '57P03': 'server not accepting connections yet',
  '53300': 'too many connections',
  '53400': 'configuration limit exceeded',
};

const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** node-postgres reports these without a code. */
const transientMessages = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
];

/** A short description when `error` is a passing store failure, else undefined. */
export function describeTransientStoreError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (Object.hasOwn(transientSqlStates, code)) return `${transientSqlStates[code]} (${code})`;
    // Class 08: connection exceptions.
    if (/^08[0-9A-Z]{3}$/.test(code)) return `connection lost (${code})`;
    if (transientNetworkCodes.has(code)) return `connection failed (${code})`;
  }
  if (transientMessages.some((pattern) => pattern.test(error.message))) return `connection lost (${error.message})`;
  return undefined;
}
