import { describe, expect, it } from 'vitest';
import type { ConnectorErrorCode } from '../../core/errors.ts';
import { mapBcError, mapBcTransportError, parseRetryAfter, type HttpMethod } from './errors.ts';

const correlation = '5249d4af-a77d-4a0a-a4a3-a464f978b1dc';
const bcBody = (code: string, message = 'Something happened.') => ({
  error: { code, message: `${message}  CorrelationId:  ${correlation}.` },
});

describe('mapBcError follows the reference table', () => {
  const cases: [string, number, HttpMethod, ConnectorErrorCode, boolean][] = [
    // upstream code, status, method → hub code, retryable
    ['Internal_EntityWithSameKeyExists', 400, 'POST', 'conflict', false],
    ['Internal_EntityWithSameKeyExists', 409, 'POST', 'conflict', false],
    ['Request_EntityChanged', 409, 'PATCH', 'conflict', false],
    ['Request_DataNotFound', 404, 'GET', 'not_found', false],
    ['BadRequest_NotFound', 404, 'GET', 'not_found', false],
    ['Internal_RecordNotFound', 400, 'POST', 'not_found', false],
    ['BadRequest_ResourceNotFound', 404, 'GET', 'not_found', false],
    ['Application_StringExceededLength', 400, 'POST', 'invalid_request', false],
    ['Application_DialogException', 400, 'POST', 'invalid_request', false],
    // A business rule stays a business rule even behind a 5xx: never retried.
    ['Application_DialogException', 500, 'POST', 'invalid_request', false],
    ['Internal_InvalidTableRelation', 400, 'POST', 'invalid_request', false],
    ['BadRequest_InvalidToken', 400, 'PATCH', 'invalid_request', false],
    ['Authentication_InvalidCredentials', 401, 'GET', 'auth_failed', false],
    ['Authorization_InsufficientPermissions', 403, 'POST', 'auth_failed', false],
    ['Internal_ServerError', 400, 'GET', 'upstream_unavailable', true],
  ];
  it.each(cases)('%s (%i, %s) → %s', (upstream, status, method, code, retryable) => {
    const error = mapBcError({ method, status, body: bcBody(upstream) });
    expect(error.system).toBe('bc');
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.upstreamCode).toBe(upstream);
    expect(error.message).toContain(correlation);
  });

  it('maps bare statuses when there is no BC body', () => {
    expect(mapBcError({ method: 'GET', status: 404, body: undefined }).code).toBe('not_found');
    expect(mapBcError({ method: 'PATCH', status: 412, body: undefined }).code).toBe('conflict');
    expect(mapBcError({ method: 'GET', status: 413, body: undefined }).code).toBe('invalid_request');
    expect(mapBcError({ method: 'GET', status: 401, body: undefined }).code).toBe('auth_failed');
  });

  it('honours Retry-After on 429 and 503', () => {
    const headers = new Headers({ 'retry-after': '7' });
    // BC's own 429 body carries an Application_ code; it must still be retried.
    const limited = mapBcError({
      method: 'POST',
      status: 429,
      body: bcBody('Application_TooManyRequests', 'Too many requests reached. Actual (101). Maximum (100).'),
      headers,
    });
    expect(limited).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000, outcomeUnknown: false });
    const unavailable = mapBcError({ method: 'GET', status: 503, body: undefined, headers });
    expect(unavailable).toMatchObject({ code: 'upstream_unavailable', retryable: true, retryAfterMs: 7000 });
  });

  it('marks writes that met 408 or a gateway error as outcome unknown, reads not', () => {
    for (const status of [502, 503, 504]) {
      expect(mapBcError({ method: 'POST', status, body: undefined })).toMatchObject({ code: 'upstream_unavailable', outcomeUnknown: true });
      expect(mapBcError({ method: 'GET', status, body: undefined })).toMatchObject({ code: 'upstream_unavailable', outcomeUnknown: false });
    }
    expect(mapBcError({ method: 'POST', status: 408, body: undefined })).toMatchObject({
      code: 'timeout',
      outcomeUnknown: true,
      retryable: true,
    });
    expect(mapBcError({ method: 'GET', status: 408, body: undefined })).toMatchObject({ code: 'timeout', outcomeUnknown: false });
  });

  it('keeps the body as evidence with secrets redacted', () => {
    const error = mapBcError({ method: 'GET', status: 400, body: { ...bcBody('BadRequest'), access_token: 'eyJ-secret' } });
    expect(error.upstreamBody).toMatchObject({ error: { code: 'BadRequest' }, access_token: '[redacted]' });
  });
});

describe('transport failures', () => {
  it('a timeout is outcome-unknown for writes only', () => {
    expect(mapBcTransportError('POST', new Error('aborted'), { timedOut: true })).toMatchObject({ code: 'timeout', outcomeUnknown: true });
    expect(mapBcTransportError('GET', new Error('aborted'), { timedOut: true })).toMatchObject({ code: 'timeout', outcomeUnknown: false });
  });

  it('a refused connection never reached BC; a reset one may have', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(mapBcTransportError('POST', refused, { timedOut: false })).toMatchObject({
      code: 'network',
      outcomeUnknown: false,
      retryable: true,
    });
    expect(mapBcTransportError('POST', reset, { timedOut: false })).toMatchObject({ code: 'network', outcomeUnknown: true });
    expect(mapBcTransportError('POST', reset, { timedOut: false, idempotent: true })).toMatchObject({ outcomeUnknown: false });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-22T08:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
