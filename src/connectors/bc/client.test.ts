import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { BcClient } from './client.ts';
import { parseBcConfig } from './config.ts';
import { jsonDecimal } from './json.ts';
import { collectEntities } from './paging.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

const tenant = 'contoso.onmicrosoft.com';
const root = `https://bc.test/v2.0/${tenant}/production/api/v2.0`;

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Handler = (call: Call, index: number) => Response | Promise<Response>;

function fakeFetch(handlers: { token?: Handler; api: Handler }) {
  const calls: Call[] = [];
  let tokenCount = 0;
  let apiCount = 0;
  const fetch = async (url: string, init: RequestInit) => {
    const call = {
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    };
    calls.push(call);
    if (url.includes('/oauth2/v2.0/token')) {
      tokenCount += 1;
      return (handlers.token ?? (() => json(200, { token_type: 'Bearer', expires_in: 3599, access_token: `token-${tokenCount}` })))(
        call,
        tokenCount,
      );
    }
    apiCount += 1;
    return handlers.api(call, apiCount);
  };
  return {
    fetch,
    calls,
    tokenCalls: () => calls.filter((c) => c.url.includes('/oauth2/')),
    apiCalls: () => calls.filter((c) => !c.url.includes('/oauth2/')),
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function makeClient(fetch: ReturnType<typeof fakeFetch>['fetch'], clock = new FakeClock(), logger?: Logger) {
  const config = parseBcConfig({
    baseUrl: 'https://bc.test',
    authorityHost: 'https://login.test',
    tenantId: tenant,
    environment: 'production',
    company: { id: '11111111-2222-3333-4444-555555555555' },
    clientId: 'client-1',
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 },
  });
  return {
    client: new BcClient({ config, clientSecret: 's3cret&=', fetch, clock, random: () => 0, ...(logger ? { logger } : {}) }),
    clock,
  };
}

const companies = (call: Call) => json(200, { value: [{ id: 'c1', name: 'A', auth: call.headers.authorization }] });

describe('Entra token', () => {
  it('posts the client-credentials form once and reuses the token', async () => {
    const http = fakeFetch({ api: companies });
    const { client } = makeClient(http.fetch);
    await client.request({ method: 'GET', path: 'companies' });
    await client.request({ method: 'GET', path: 'companies' });
    const [token] = http.tokenCalls();
    expect(http.tokenCalls()).toHaveLength(1);
    expect(token!.url).toBe(`https://login.test/${tenant}/oauth2/v2.0/token`);
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: 's3cret&=',
      scope: 'https://api.businesscentral.dynamics.com/.default',
    });
    expect(http.apiCalls().map((c) => c.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-1']);
  });

  it('refreshes before expiry, by the injected clock', async () => {
    const http = fakeFetch({ api: companies });
    const { client, clock } = makeClient(http.fetch);
    await client.request({ method: 'GET', path: 'companies' });
    await clock.advance(3599_000 - 5 * 60_000 - 1); // just inside the refresh margin
    await client.request({ method: 'GET', path: 'companies' });
    expect(http.tokenCalls()).toHaveLength(1);
    await clock.advance(2);
    await client.request({ method: 'GET', path: 'companies' });
    expect(http.tokenCalls()).toHaveLength(2);
    expect(http.apiCalls().at(-1)!.headers.authorization).toBe('Bearer token-2');
  });

  it('shares one token request between concurrent callers', async () => {
    const http = fakeFetch({ api: companies });
    const { client } = makeClient(http.fetch);
    await Promise.all([1, 2, 3].map(() => client.request({ method: 'GET', path: 'companies' })));
    expect(http.tokenCalls()).toHaveLength(1);
  });

  it('retries once with a fresh token when BC answers 401', async () => {
    const http = fakeFetch({
      api: (call) =>
        call.headers.authorization === 'Bearer token-1'
          ? json(401, { error: { code: 'Authentication_InvalidCredentials', message: 'The server has rejected the client credentials.' } })
          : companies(call),
    });
    const { client } = makeClient(http.fetch);
    const response = await client.request<{ value: { auth: string }[] }>({ method: 'GET', path: 'companies' });
    expect(response.body.value[0]!.auth).toBe('Bearer token-2');
    expect(http.tokenCalls()).toHaveLength(2);
  });

  it('gives up after the one retry when BC keeps answering 401', async () => {
    const http = fakeFetch({ api: () => json(401, { error: { code: 'Authentication_InvalidCredentials', message: 'no' } }) });
    const { client } = makeClient(http.fetch);
    await expect(client.request({ method: 'GET', path: 'companies' })).rejects.toMatchObject({ code: 'auth_failed', status: 401 });
    expect(http.apiCalls()).toHaveLength(2);
    expect(http.tokenCalls()).toHaveLength(2);
  });

  it('reports a rejected secret as auth_failed without retrying or leaking it', async () => {
    const http = fakeFetch({
      token: () =>
        json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x' }),
      api: companies,
    });
    const { client } = makeClient(http.fetch);
    const error = (await client.request({ method: 'GET', path: 'companies' }).catch((e: unknown) => e)) as ConnectorError;
    expect(error).toMatchObject({ code: 'auth_failed', retryable: false });
    expect(error.message).toContain('AADSTS7000215');
    expect(JSON.stringify(error)).not.toContain('s3cret');
    expect(http.tokenCalls()).toHaveLength(1);
    expect(http.apiCalls()).toHaveLength(0);
  });
});

describe('requests', () => {
  it('parses and writes decimals without floats', async () => {
    const http = fakeFetch({
      api: (call) =>
        json(201, `{"id":"x","unitPrice":0.1000000000000000055511151231257827,"big":12345678901234567890.12}`, { echo: call.body ?? '' }),
    });
    const { client } = makeClient(http.fetch);
    const response = await client.request<{ unitPrice: { value: string }; big: { value: string } }>({
      method: 'POST',
      path: 'companies(1)/items',
      body: { unitPrice: jsonDecimal('19.990'), quantity: jsonDecimal('3') },
    });
    expect(response.body.unitPrice.value).toBe('0.1000000000000000055511151231257827');
    expect(response.body.big.value).toBe('12345678901234567890.12');
    expect(http.apiCalls()[0]!.body).toBe('{"unitPrice":19.990,"quantity":3}');
  });

  it('repeats a GET after 503 honouring Retry-After, and holds the other lanes too', async () => {
    const http = fakeFetch({ api: (call, n) => (n === 1 ? json(503, '', { 'retry-after': '20' }) : companies(call)) });
    const { client, clock } = makeClient(http.fetch);
    const started = clock.now();
    const done = client.request({ method: 'GET', path: 'companies' });
    await clock.drive(done);
    expect(clock.now() - started).toBeGreaterThanOrEqual(20_000);
    expect(http.apiCalls()).toHaveLength(2);
  });

  it('logs a retried failure as a warning, and a plain "not found" answer only at debug', async () => {
    const logged: [string, string][] = [];
    const record = (level: string) => (_fields: unknown, message?: string) => void logged.push([level, message ?? '']);
    const logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      child: () => logger,
    } as unknown as Logger;
    const http = fakeFetch({
      api: (call, n) =>
        n === 1
          ? json(503, '')
          : n === 2
            ? companies(call)
            : json(404, { error: { code: 'Request_DataNotFound', message: 'The requested data was not found' } }),
    });
    const { client, clock } = makeClient(http.fetch, new FakeClock(), logger);
    await clock.drive(client.request({ method: 'GET', path: 'companies' }));
    await expect(client.request({ method: 'GET', path: 'companies(1)/salesOrders(2)' })).rejects.toMatchObject({ code: 'not_found' });
    expect(logged.filter(([, message]) => message === 'bc request failed').map(([level]) => level)).toEqual(['warn', 'debug']);
  });

  it('never repeats a POST whose outcome is unknown', async () => {
    const http = fakeFetch({ api: () => json(504, '') });
    const { client } = makeClient(http.fetch);
    await expect(client.request({ method: 'POST', path: 'companies(1)/salesOrders', body: {} })).rejects.toMatchObject({
      code: 'upstream_unavailable',
      outcomeUnknown: true,
    });
    expect(http.apiCalls()).toHaveLength(1);
  });

  it('repeats a POST that BC refused with 429, since nothing was processed', async () => {
    const http = fakeFetch({
      api: (call, n) =>
        n === 1
          ? json(429, { error: { code: 'Application_TooManyRequests', message: 'Too many requests' } }, { 'retry-after': '1' })
          : json(201, { id: 'ok' }),
    });
    const { client, clock } = makeClient(http.fetch);
    const response = await clock.drive(client.request({ method: 'POST', path: 'companies(1)/salesOrders', body: {} }));
    expect(response.status).toBe(201);
    expect(http.apiCalls()).toHaveLength(2);
  });

  it('times out on the injected clock and says a write may have been committed', async () => {
    const http = fakeFetch({ api: companies });
    // BC never answers: the request only ends when its signal aborts it.
    const silent = (url: string, init: RequestInit) =>
      url.includes('/oauth2/')
        ? http.fetch(url, init)
        : new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const { client, clock } = makeClient(silent);
    const pending = client.request({ method: 'POST', path: 'companies(1)/salesOrders', body: {} }).catch((e: unknown) => e);
    await clock.advance(119_999);
    expect(clock.pending()).toHaveLength(1);
    await clock.advance(1);
    expect(await pending).toMatchObject({ code: 'timeout', outcomeUnknown: true });
  });

  it('follows nextLink pages but never sends the token to another host', async () => {
    const http = fakeFetch({
      api: (call) =>
        call.url.includes('skiptoken')
          ? json(200, { value: [{ id: 'b' }] })
          : json(200, { value: [{ id: 'a' }], '@odata.nextLink': `${root}/companies?$skiptoken=a` }),
    });
    const { client } = makeClient(http.fetch);
    const all = await collectEntities<{ id: string }>(client, { path: 'companies' }, { pageSize: 1 });
    expect(all.map((e) => e.id)).toEqual(['a', 'b']);
    expect(http.apiCalls().map((c) => c.headers.prefer)).toEqual(['odata.maxpagesize=1', 'odata.maxpagesize=1']);
    await expect(client.request({ method: 'GET', path: 'https://evil.test/v2.0/x' })).rejects.toThrow(/another host/);
  });
});
