/**
 * Mintsoft failures as the hub's one connector error (`system: 'warehouse'`). Mintsoft has
 * no error codes of its own: ASP.NET answers `{ "Message": "…" }` with an HTTP status, and
 * business refusals often come as HTTP 200 with `Success: false` (handled by the callers).
 * Whether a failure leaves the outcome unknown depends on the endpoint's `safety`.
 */
import { ConnectorError, type ConnectorErrorCode, type ConnectorErrorInit } from '../../../core/errors.ts';
import type { Endpoint } from './endpoints.ts';
import { describeNetworkFailure } from '../../shared/network-failure.ts';

export function warehouseError(code: ConnectorErrorCode, message: string, extra: Partial<ConnectorErrorInit> = {}): ConnectorError {
  return new ConnectorError({ system: 'warehouse', code, message, ...extra });
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The `Message` (or `message`) of an error body, if there is one. */
export function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  const record = body as { Message?: unknown; message?: unknown } | null;
  const message = record?.Message ?? record?.message;
  return typeof message === 'string' && message.trim() ? message.trim() : undefined;
}

function classify(status: number): ConnectorErrorCode {
  if (status === 401 || status === 403) return 'auth_failed';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'upstream_unavailable';
  return 'invalid_request';
}

export interface HttpFailure {
  endpoint: Endpoint;
  status: number;
  body: unknown;
  headers?: Headers;
  now: number;
}

/** Maps an HTTP answer that is not a success. */
export function mapHttpError({ endpoint, status, body, headers, now }: HttpFailure): ConnectorError {
  const code = classify(status);
  // A write that met a gateway error or a server timeout may have been committed.
  const doubt = code === 'upstream_unavailable' || code === 'timeout';
  const outcomeUnknown = doubt && endpoint.safety !== 'safe';
  const detail = messageOf(body);
  const hint = code === 'auth_failed' ? ': check the ms-apikey (static key, not expired) and the user permissions' : '';
  return warehouseError(code, `Mintsoft ${endpoint.method} ${endpoint.path} failed (${status})${detail ? ` ${detail}` : ''}${hint}`, {
    status,
    upstreamBody: body,
    retryAfterMs: parseRetryAfter(headers?.get('retry-after'), now),
    outcomeUnknown,
    // A command in doubt is never repeated blindly: the caller reads the outcome first.
    retryable: outcomeUnknown && endpoint.safety === 'unsafe' ? false : undefined,
  });
}

/** Maps a request that got no HTTP answer: our deadline passed, or the connection failed. */
export function mapTransportError(endpoint: Endpoint, error: unknown, { timedOut }: { timedOut: boolean }): ConnectorError {
  const write = endpoint.safety !== 'safe';
  const unsafe = endpoint.safety === 'unsafe';
  if (timedOut) {
    return warehouseError(
      'timeout',
      `Mintsoft ${endpoint.method} ${endpoint.path} got no answer in time${write ? '; it may have taken effect' : ''}`,
      {
        outcomeUnknown: write,
        retryable: unsafe ? false : undefined,
        cause: error,
      },
    );
  }
  const { reason, unsent } = describeNetworkFailure(error);
  const doubt = write && !unsent;
  return warehouseError(
    'network',
    `Mintsoft ${endpoint.method} ${endpoint.path} failed on the network (${reason})${doubt ? '; it may have taken effect' : ''}`,
    { outcomeUnknown: doubt, retryable: doubt && unsafe ? false : undefined, cause: error },
  );
}

/** A request refused before sending, or an answer that is not what the API documents. */
export function invalidRequest(message: string, upstreamBody?: unknown): ConnectorError {
  return warehouseError('invalid_request', message, { upstreamBody });
}

export function unexpectedAnswer(endpoint: Endpoint, problems: string, body: unknown): ConnectorError {
  return warehouseError(
    'upstream_unavailable',
    `Mintsoft ${endpoint.method} ${endpoint.path} answered in an unexpected shape: ${problems}`,
    {
      upstreamBody: body,
      upstreamCode: 'unexpected_shape',
      // A shape we cannot read will not change by asking again at once.
      retryable: false,
    },
  );
}
