/**
 * The Mintsoft client with a scripted fetch and a fake clock: the `ms-apikey` header, the
 * 401 alert, and retries decided by each endpoint's `safety`, never by its HTTP verb.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isConnectorError } from '../../../core/errors.ts';
import { FakeClock } from '../../../../test/support/fake-clock.ts';
import { MintsoftClient } from './client.ts';
import { parseMintsoftConfig } from './config.ts';
import { endpoints, type Endpoint } from './endpoints.ts';

type Step = { status: number; body?: unknown; headers?: Record<string, string> } | 'network' | 'hang';

function scripted(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    calls.push({ url, init });
    const step = steps.shift() ?? { status: 200, body: [] };
    if (step === 'network') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    if (step === 'hang') {
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }),
      );
    }
    return new Response(step.body === undefined ? '' : JSON.stringify(step.body), { status: step.status, headers: step.headers });
  };
  return { fetch, calls };
}

function client(steps: Step[], overrides: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const script = scripted(steps);
  const alerts: unknown[] = [];
  const config = parseMintsoftConfig({
    warehouseId: 3,
    requestsPerSecond: null,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 },
    requestTimeoutMs: 5_000,
    ...overrides,
  });
  const instance = new MintsoftClient({
    config,
    apiKey: 'key-123',
    fetch: script.fetch,
    clock,
    random: () => 0,
    onAuthFailed: (error) => alerts.push(error),
  });
  return { instance, clock, calls: script.calls, alerts };
}

/** Runs a request, advancing the fake clock until it settles. */
async function settle<T>(clock: FakeClock, work: Promise<T>): Promise<T | unknown> {
  const outcome = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  for (let i = 0; i < 50; i += 1) {
    const done = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve(undefined), 1))]);
    if (done) return 'value' in (done as object) ? (done as { value: T }).value : (done as { error: unknown }).error;
    await clock.advance(clock.pending()[0] ? clock.pending()[0]! - clock.now() : 10);
  }
  throw new Error('did not settle');
}

describe('MintsoftClient', () => {
  it('sends the key in the ms-apikey header, never in the query string', async () => {
    const { instance, calls } = client([{ status: 200, body: [{ ID: 1, Name: 'NEW' }] }]);
    await instance.request(endpoints.orderStatuses);
    expect(new Headers(calls[0]!.init.headers).get('ms-apikey')).toBe('key-123');
    expect(calls[0]!.url).toBe('https://api.mintsoft.co.uk/api/Order/Statuses');
    expect(calls[0]!.url).not.toMatch(/apikey/i);
  });

  it('a 401 is auth_failed: not retried, and the alert is raised once', async () => {
    const { instance, calls, alerts } = client([
      { status: 401, body: { Message: 'Authorization has been denied for this request.' } },
      { status: 401 },
    ]);
    await expect(instance.request(endpoints.warehouses)).rejects.toMatchObject({
      system: 'warehouse',
      code: 'auth_failed',
      retryable: false,
    });
    await expect(instance.request(endpoints.warehouses)).rejects.toMatchObject({ code: 'auth_failed' });
    expect(calls).toHaveLength(2);
    expect(alerts).toHaveLength(1);
  });

  it('retries a safe read after a 503, with backoff on the clock', async () => {
    const { instance, clock, calls } = client([
      { status: 503, body: { Message: 'busy' } },
      { status: 200, body: [] },
    ]);
    const result = await settle(clock, instance.request(endpoints.searchOrders, { query: { OrderNumber: 'SO-1' } }));
    expect(result).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  const unsafeGet: Endpoint = endpoints.cancelOrder;

  it.each<[string, Step]>([
    ['a timeout', 'hang'],
    ['a 502', { status: 502 }],
    ['a dropped connection', 'network'],
  ])('never repeats an unsafe GET after %s: outcome unknown, one request', async (_, step) => {
    const { instance, clock, calls } = client([step, { status: 200, body: { Success: true } }]);
    const error = await settle(clock, instance.request(unsafeGet, { params: { id: 7 } }));
    expect(isConnectorError(error) && error).toMatchObject({ outcomeUnknown: true, retryable: false });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.init.method).toBe('GET');
  });

  it('does repeat an unsafe request refused with 429 (nothing was done), after Retry-After', async () => {
    const { instance, clock, calls } = client([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 200, body: [{ Success: true, OrderId: 1 }] },
    ]);
    const started = clock.now();
    await settle(clock, instance.request(endpoints.createOrder, { body: {} }));
    expect(calls).toHaveLength(2);
    expect(clock.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('every GET that changes state is declared unsafe', () => {
    expect(endpoints.cancelOrder).toMatchObject({ method: 'GET', safety: 'unsafe' });
    const unsafeNames = Object.values(endpoints)
      .filter((endpoint) => endpoint.safety === 'unsafe')
      .map((endpoint) => endpoint.name);
    expect(unsafeNames.sort()).toEqual(['cancelOrder', 'createAsn', 'createOrder', 'createProduct']);
  });

  it('paces requests to requestsPerSecond on the clock', async () => {
    const { instance, clock, calls } = client([], { requestsPerSecond: 2 });
    const first = instance.request(endpoints.warehouses);
    const second = instance.request(endpoints.warehouses);
    await first;
    expect(calls).toHaveLength(1);
    expect(clock.pending()).toContain(clock.now() + 500);
    await clock.advance(500);
    await second;
    expect(calls).toHaveLength(2);
  });

  it('an answer in an unexpected shape is an error naming the field, not retried', async () => {
    const { instance, calls } = client([{ status: 200, body: [{ ID: 'one', Name: 5 }] }]);
    await expect(
      instance.request(endpoints.orderStatuses, { schema: z.array(z.object({ ID: z.number(), Name: z.string() })) }),
    ).rejects.toMatchObject({
      code: 'upstream_unavailable',
      upstreamCode: 'unexpected_shape',
      retryable: false,
      message: expect.stringContaining('0.ID'),
    });
    expect(calls).toHaveLength(1);
  });

  it('keeps decimals exact: a price is never a float', async () => {
    const { instance } = client([]);
    const scriptedBody = '[{"Price": 19.99, "Weight": 0.1000000000000000055511151231257827}]';
    const exact = new MintsoftClient({
      config: instance.config,
      apiKey: 'k',
      fetch: async () => new Response(scriptedBody, { status: 200 }),
      clock: new FakeClock(),
    });
    const [row] = (await exact.request(endpoints.stockLevels)) as [{ Price: { value: string }; Weight: { value: string } }];
    expect(row.Price.value).toBe('19.99');
    expect(row.Weight.value).toBe('0.1000000000000000055511151231257827');
  });
});
