/**
 * Business Central failures as the hub's one connector error. The mapping follows the
 * reference table (business-central.md §5): switch on BC's own error code first, because
 * the same code arrives with different HTTP statuses, then fall back to the status.
 */
import { ConnectorError, type ConnectorErrorCode } from '../../core/errors.ts';
import { describeNetworkFailure } from '../shared/network-failure.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface BcErrorBody {
  error: { code: string; message: string };
}

export interface BcFailure {
  method: HttpMethod;
  status: number;
  body: unknown;
  headers?: Headers;
  /** For `Retry-After` given as an HTTP date. */
  now?: number;
}

const notFoundCodes = new Set([
  'Request_DataNotFound',
  'BadRequest_NotFound',
  'BadRequest_ResourceNotFound',
  'Internal_RecordNotFound',
  'Internal_DataNotFoundFilter',
]);
const conflictCodes = new Set(['Internal_EntityWithSameKeyExists', 'Request_EntityChanged']);

export function isBcErrorBody(body: unknown): body is BcErrorBody {
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

/** BC appends `CorrelationId: <guid>.` to every message; support asks for it. */
export function correlationIdOf(message: string | undefined): string | undefined {
  return message?.match(/CorrelationId:\s*([0-9a-f-]{36})/i)?.[1];
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function classify(upstreamCode: string | undefined, status: number): ConnectorErrorCode {
  // BC sends 429 with `Application_TooManyRequests`: the status decides, not the Application_ prefix.
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (upstreamCode) {
    if (conflictCodes.has(upstreamCode)) return 'conflict';
    if (notFoundCodes.has(upstreamCode)) return 'not_found';
    if (upstreamCode.startsWith('Authentication_') || upstreamCode.startsWith('Authorization_')) return 'auth_failed';
    if (upstreamCode.startsWith('Application_')) return 'invalid_request';
    if (upstreamCode === 'Internal_InvalidTableRelation') return 'invalid_request';
  }
  if (status === 401 || status === 403) return 'auth_failed';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 412) return 'conflict';
  if (status >= 500) return 'upstream_unavailable';
  // Other Internal_* codes are server-side trouble the reference says may be retried.
  if (upstreamCode?.startsWith('Internal_')) return 'upstream_unavailable';
  return 'invalid_request';
}

/** Maps an HTTP answer that is not a success. */
export function mapBcError({ method, status, body, headers, now = Date.now() }: BcFailure): ConnectorError {
  const upstream = isBcErrorBody(body) ? body.error : undefined;
  const code = classify(upstream?.code, status);
  const write = method !== 'GET';
  // A write that timed out or met a gateway error may have been committed: look before repeating.
  const outcomeUnknown = write && (code === 'timeout' || (code === 'upstream_unavailable' && status >= 500));
  const retryAfterMs = parseRetryAfter(headers?.get('retry-after'), now);
  const correlationId = correlationIdOf(upstream?.message);
  const summary = upstream ? `${upstream.code}: ${upstream.message.trim()}` : `HTTP ${status}`;
  return new ConnectorError({
    system: 'bc',
    code,
    message: `Business Central ${method} failed (${status}) ${summary}${correlationId && !summary.includes(correlationId) ? ` CorrelationId: ${correlationId}` : ''}`,
    // Business rules (Application_*) need a person, whatever the status says.
    retryable: code === 'invalid_request' ? false : undefined,
    retryAfterMs,
    status,
    upstreamCode: upstream?.code,
    upstreamBody: body,
    outcomeUnknown,
  });
}

/** Maps a request that got no HTTP answer at all: our timeout, or the connection failing. */
export function mapBcTransportError(
  method: HttpMethod,
  error: unknown,
  { timedOut, idempotent = false }: { timedOut: boolean; idempotent?: boolean },
): ConnectorError {
  const write = method !== 'GET' && !idempotent;
  if (timedOut) {
    return new ConnectorError({
      system: 'bc',
      code: 'timeout',
      message: `Business Central ${method} got no answer in time${write ? '; it may have been committed' : ''}`,
      outcomeUnknown: write,
      cause: error,
    });
  }
  const { reason, unsent } = describeNetworkFailure(error);
  return new ConnectorError({
    system: 'bc',
    code: 'network',
    message: `Business Central ${method} failed on the network (${reason})${write && !unsent ? '; it may have been committed' : ''}`,
    outcomeUnknown: write && !unsent,
    cause: error,
  });
}

/** A request the connector refuses to send, e.g. a value longer than BC's MaxLength. */
export function invalidRequest(message: string, issues: unknown): ConnectorError {
  return new ConnectorError({ system: 'bc', code: 'invalid_request', message, upstreamBody: { issues } });
}
