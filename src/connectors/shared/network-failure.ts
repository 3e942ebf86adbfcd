/**
 * What a request that got no HTTP answer tells us. Node's fetch wraps the socket error in a
 * `cause` chain; its code says whether the request could have reached the server. A refused or
 * unresolvable connection never sent anything, so even a write is certainly not applied; any
 * other failure (a reset, a hang-up) may have come after the server acted.
 */
const neverConnected = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface NetworkFailure {
  /** The socket error code, or the error's message when there is none. */
  reason: string;
  /** True when the request certainly never reached the server. */
  unsent: boolean;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function describeNetworkFailure(error: unknown): NetworkFailure {
  const code = causeCode(error);
  return { reason: code ?? (error instanceof Error ? error.message : 'unknown'), unsent: code !== undefined && neverConnected.has(code) };
}
