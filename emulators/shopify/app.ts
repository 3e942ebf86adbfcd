/**
 * The Shopify emulator as a Hono app with inspectable state: the Admin GraphQL endpoint
 * (`POST /admin/api/2026-10/graphql.json`), the client-credentials token endpoint
 * (`POST /admin/oauth/access_token`) and the control endpoint (`/_emulator/...`). Served on
 * loopback by server.ts, or driven in-process by tests.
 */
import { Hono } from 'hono';
import { EMULATED_API_VERSION as SHOPIFY_API_VERSION } from './api-version.ts';
import { controlRoutes } from './control.ts';
import { createEmulatorCore, type EmulatorCore, type ShopifyEmulatorOptions } from './emulator-core.ts';
import { handleGraphqlRequest } from './graphql-handler.ts';

export type ShopifyEmulator = EmulatorCore & { app: Hono };

export function createShopifyEmulator(options: ShopifyEmulatorOptions = {}): ShopifyEmulator {
  const emulator = createEmulatorCore(options);
  const app = new Hono();
  app.post('/admin/oauth/access_token', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const input = type.includes('application/json')
      ? ((await c.req.json().catch(() => ({}))) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(await c.req.text()));
    const result = emulator.tokens.grant(input);
    return c.json(result.body, result.status);
  });

  app.post('/admin/api/:version/graphql.json', async (c) => {
    if (emulator.faults.latencyMs > 0) await emulator.clock.sleep(emulator.faults.latencyMs);
    if (emulator.faults.http5xxNext > 0 || (emulator.faults.http5xxRate > 0 && emulator.random.chance(emulator.faults.http5xxRate))) {
      emulator.faults.http5xxNext = Math.max(0, emulator.faults.http5xxNext - 1);
      return c.json({ errors: 'Internal Server Error' }, emulator.faults.http5xxStatus as 500);
    }
    if (!emulator.tokens.isValid(c.req.header('x-shopify-access-token'))) {
      return c.json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401);
    }
    if (c.req.param('version') !== SHOPIFY_API_VERSION) return c.json({ errors: 'Not Found' }, 404);
    const type = c.req.header('content-type') ?? '';
    let body: Record<string, unknown>;
    try {
      body = type.includes('application/graphql') ? { query: await c.req.text() } : ((await c.req.json()) as Record<string, unknown>);
    } catch {
      return c.json({ errors: 'Bad Request: the body is not JSON' }, 400);
    }
    const forceThrottle = () => {
      if (emulator.faults.throttleNext <= 0) return false;
      emulator.faults.throttleNext -= 1;
      return true;
    };
    const origin = new URL(c.req.url).origin;
    const answer = await handleGraphqlRequest(
      {
        schema: emulator.schema,
        rootValue: emulator.rootValue,
        bucket: emulator.bucket,
        clock: emulator.clock,
        forceThrottle,
        origin,
        noteCost: emulator.noteCost,
      },
      body,
    );
    // The work is done but the client never hears of it: what makes blind retries dangerous.
    const isMutation = typeof body.query === 'string' && /^\s*mutation\b/.test(body.query);
    if (isMutation && emulator.takeFault('loseMutationResponseNext')) return c.json({ errors: 'Bad Gateway' }, 502);
    return c.json(answer);
  });

  // Where bulk operation results are downloaded from (Shopify serves them from its storage, signed).
  app.get('/bulk-operation-results/:file', (c) => {
    const match = /^(\d+)\.jsonl$/.exec(c.req.param('file'));
    const operation = match ? emulator.shop.bulkOperations.get(BigInt(match[1]!)) : undefined;
    if (!operation || operation.status !== 'COMPLETED') return c.json({ errors: 'Not Found' }, 404);
    return c.body(operation.lines.map((line) => `${line}\n`).join(''), 200, { 'content-type': 'application/jsonl' });
  });

  app.route('/_emulator', controlRoutes(emulator));
  app.notFound((c) => c.json({ errors: 'Not Found' }, 404));
  return Object.assign(emulator, { app });
}

export type { FaultsInput, GraphqlFaults, OrderSummary, ShopifyEmulatorOptions } from './emulator-core.ts';
