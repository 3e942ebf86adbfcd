/**
 * One error type for every external system. Flows and the queue only ever look at
 * `code` and `retryable`; the upstream body is kept (redacted) as evidence for operators.
 */
export type SystemName = 'shopify' | 'bc' | 'warehouse' | 'hub';

export const connectorErrorCodes = [
  'rate_limited',
  'auth_failed',
  'not_found',
  'conflict',
  'invalid_request',
  'upstream_unavailable',
  'network',
  'timeout',
] as const;
export type ConnectorErrorCode = (typeof connectorErrorCodes)[number];

export interface ConnectorErrorInit {
  system: SystemName;
  code: ConnectorErrorCode;
  message: string;
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  /** The system's own error code, e.g. BC's `Internal_EntityWithSameKeyExists`. */
  upstreamCode?: string;
  upstreamBody?: unknown;
  /** True when the request may have taken effect although no answer arrived. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

const retryableByDefault: Record<ConnectorErrorCode, boolean> = {
  rate_limited: true,
  auth_failed: false,
  not_found: false,
  conflict: false,
  invalid_request: false,
  upstream_unavailable: true,
  network: true,
  timeout: true,
};

export class ConnectorError extends Error {
  readonly system: SystemName;
  readonly code: ConnectorErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly upstreamCode: string | undefined;
  readonly upstreamBody: unknown;
  readonly outcomeUnknown: boolean;

  constructor(init: ConnectorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ConnectorError';
    this.system = init.system;
    this.code = init.code;
    this.retryable = init.retryable ?? retryableByDefault[init.code];
    this.retryAfterMs = init.retryAfterMs;
    this.status = init.status;
    this.upstreamCode = init.upstreamCode;
    this.upstreamBody = redact(init.upstreamBody);
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  toJSON(): Record<string, unknown> {
    return {
      system: this.system,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
      upstreamCode: this.upstreamCode,
      upstreamBody: this.upstreamBody,
      outcomeUnknown: this.outcomeUnknown,
    };
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/** HTTP status the hub answers with for each error code: the one mapping, used by the server. */
export const httpStatusForCode: Record<ConnectorErrorCode, number> = {
  rate_limited: 429,
  auth_failed: 401,
  not_found: 404,
  conflict: 409,
  invalid_request: 400,
  upstream_unavailable: 503,
  network: 502,
  timeout: 504,
};

const secretKey = /(secret|token|password|authorization|apikey|api_key|ms-apikey|client_secret)/i;

/** Replaces values of secret-looking keys so evidence can be stored and shown safely. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value == null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = secretKey.test(key) ? '[redacted]' : redact(inner, depth + 1);
  }
  return out;
}
