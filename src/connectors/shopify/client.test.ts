import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulators/shopify/testing/virtual-clock.ts';
import { createShopifyConnector } from './index.ts';
import { CostBuckets } from './cost-bucket.ts';
import { failure } from '../../../test/support/failure.ts';

type Responder = (request: { url: string; body: string; headers: Headers }) => Response | Promise<Response>;

const cost = (currentlyAvailable: number, actual: number | null = 52) => ({
  cost: {
    requestedQueryCost: 52,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 },
  },
});
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const emptyPage = { data: { orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }, extensions: cost(1948) };
const throttled = (available: number) => ({
  errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
  extensions: cost(available, null),
});

function setup(
  responders: Responder[],
  auth: Parameters<typeof createShopifyConnector>[0]['auth'] = { kind: 'token', accessToken: 'shpat_x' },
) {
  const clock = new VirtualClock();
  const requests: { url: string; body: string; headers: Headers }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = { url: String(input), body: String(init?.body ?? ''), headers: new Headers(init?.headers) };
    requests.push(request);
    const responder = responders.shift();
    if (!responder) throw new Error(`unexpected request ${request.url}`);
    return responder(request);
  }) as typeof globalThis.fetch;
  const connector = createShopifyConnector({
    shopDomain: 'shop.myshopify.com',
    auth,
    fetch,
    clock,
    costBuckets: new CostBuckets(clock),
    random: () => 0,
  });
  const listAll = async () => {
    const refs = [];
    for await (const ref of connector.listOrdersUpdatedSince('2026-11-01T00:00:00Z')) refs.push(ref);
    return refs;
  };
  return { clock, requests, connector, listAll };
}

describe('ShopifyGraphqlClient', () => {
  it('sends the token to the versioned endpoint with the search query', async () => {
    const { requests, listAll } = setup([() => json(emptyPage)]);
    await listAll();
    expect(requests[0]!.url).toBe('https://shop.myshopify.com/admin/api/2026-10/graphql.json');
    expect(requests[0]!.headers.get('x-shopify-access-token')).toBe('shpat_x');
    expect(JSON.parse(requests[0]!.body)).toMatchObject({
      operationName: 'OrdersUpdatedSince',
      variables: { query: "updated_at:>'2026-11-01T00:00:00Z'" },
    });
  });

  it('retries THROTTLED (HTTP 200) after the bucket has refilled, and never surfaces it', async () => {
    const { clock, requests, listAll } = setup([() => json(throttled(10)), () => json(emptyPage)]);
    const start = clock.now();
    await expect(listAll()).resolves.toEqual([]);
    expect(requests).toHaveLength(2);
    // 52 points needed, 10 there, 100 restored per second: at least 420 ms.
    expect(clock.now() - start).toBeGreaterThanOrEqual(420);
  });

  it('honours Retry-After on 429', async () => {
    const { clock, listAll } = setup([() => json({ errors: 'Too many' }, 429, { 'retry-after': '2.0' }), () => json(emptyPage)]);
    const start = clock.now();
    await listAll();
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000);
  });

  it('retries a query on 5xx and network errors, gives up after maxAttempts', async () => {
    const ok = setup([() => json({ errors: 'oops' }, 503), () => Promise.reject(new TypeError('fetch failed')), () => json(emptyPage)]);
    await expect(ok.listAll()).resolves.toEqual([]);
    const dead = setup(Array.from({ length: 8 }, () => () => json({ errors: 'down' }, 502)));
    const error = await failure(dead.listAll());
    expect(error.code).toBe('upstream_unavailable');
    expect(dead.requests).toHaveLength(8);
  });

  it('never repeats a mutation that failed without an answer', async () => {
    const { requests, connector } = setup([
      () =>
        json({ data: { webhookSubscriptions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }, extensions: cost(1900) }),
      () => json({ errors: 'boom' }, 500),
    ]);
    const error = await failure(connector.ensureWebhookSubscription('orders/create', 'https://hub.example/webhooks'));
    expect(error).toMatchObject({ code: 'upstream_unavailable', retryable: false, outcomeUnknown: true });
    expect(requests).toHaveLength(2);
  });

  it('maps GraphQL errors and userErrors to stable codes without retrying', async () => {
    const denied = setup([
      () =>
        json({ errors: [{ message: 'Access denied for orders field.', extensions: { code: 'ACCESS_DENIED' } }], extensions: cost(1990) }),
    ]);
    expect(await failure(denied.listAll())).toMatchObject({ code: 'auth_failed', upstreamCode: 'ACCESS_DENIED' });
    expect(denied.requests).toHaveLength(1);
    const refused = setup([
      () =>
        json({ data: { webhookSubscriptions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }, extensions: cost(1900) }),
      () =>
        json({
          data: {
            webhookSubscriptionCreate: {
              webhookSubscription: null,
              userErrors: [{ field: ['webhookSubscription', 'callbackUrl'], message: 'Address is invalid' }],
            },
          },
          extensions: cost(1890),
        }),
    ]);
    const error = await failure(refused.connector.ensureWebhookSubscription('orders/create', 'https://hub.example/x'));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('webhookSubscription.callbackUrl: Address is invalid');
  });

  it('rejects an answer of the wrong shape instead of passing it on', async () => {
    const { listAll } = setup([() => json({ data: { orders: { nodes: 'nope' } }, extensions: cost(1990) })]);
    expect(await failure(listAll())).toMatchObject({ code: 'upstream_unavailable', retryable: false });
  });
});

describe('client-credentials auth', () => {
  const grant =
    (token: string, expiresIn = 3600) =>
    () =>
      json({ access_token: token, scope: 'read_orders', expires_in: expiresIn });
  const auth = { kind: 'client_credentials' as const, clientId: 'id', clientSecret: 'secret' };

  it('obtains a token with the grant, reuses it, and renews it before it expires', async () => {
    const { clock, requests, listAll } = setup(
      [grant('t1'), () => json(emptyPage), () => json(emptyPage), grant('t2'), () => json(emptyPage)],
      auth,
    );
    await listAll();
    expect(requests[0]!.url).toBe('https://shop.myshopify.com/admin/oauth/access_token');
    expect(new URLSearchParams(requests[0]!.body).get('grant_type')).toBe('client_credentials');
    clock.advance(3000 * 1000);
    await listAll();
    expect(requests[2]!.headers.get('x-shopify-access-token')).toBe('t1');
    // One hour lifetime, renewed five minutes early: at 55 minutes a new token is fetched.
    clock.advance(300 * 1000);
    await listAll();
    expect(requests[3]!.url).toMatch(/access_token$/);
    expect(requests[4]!.headers.get('x-shopify-access-token')).toBe('t2');
  });

  it('asks once more for a token after a 401, then gives up with auth_failed', async () => {
    const renewed = setup([grant('t1'), () => json({ errors: 'Invalid' }, 401), grant('t2'), () => json(emptyPage)], auth);
    await expect(renewed.listAll()).resolves.toEqual([]);
    const refused = setup([() => json({ error: 'invalid_client' }, 400)], auth);
    expect(await failure(refused.listAll())).toMatchObject({ code: 'auth_failed' });
  });

  it('treats a 401 with a static token as final', async () => {
    const { requests, listAll } = setup([() => json({ errors: 'Invalid' }, 401)]);
    expect(await failure(listAll())).toMatchObject({ code: 'auth_failed', status: 401 });
    expect(requests).toHaveLength(1);
  });
});
