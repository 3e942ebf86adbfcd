import { describe, expect, it } from 'vitest';
import { createShopifyEmulator } from './app.ts';
import { VirtualClock } from './testing/virtual-clock.ts';
import { graphqlCaller, orderCreateDocument, stockDocument, variantBySkuDocument } from './testing/order-create.ts';

function setup() {
  const clock = new VirtualClock();
  const emulator = createShopifyEmulator({ clock, seed: 7 });
  const call = graphqlCaller((path, init) => emulator.app.request(path, init), emulator.graphqlPath, emulator.accessToken);
  return { clock, emulator, call };
}

async function variant(call: ReturnType<typeof setup>['call'], sku: string) {
  const { body } = await call(variantBySkuDocument, { query: `sku:${sku}` });
  return body.data.productVariants.nodes[0] as { id: string; price: string; inventoryItem: { id: string } };
}

const line = (variantId: string, quantity: number) => ({ variantId, quantity });

describe('the Admin GraphQL endpoint', () => {
  it('refuses a request without a valid access token', async () => {
    const { emulator } = setup();
    const response = await emulator.app.request(emulator.graphqlPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ orders(first: 1) { nodes { id } } }"}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ errors: expect.stringContaining('Invalid API key or access token') });
  });

  it('issues client-credentials tokens that expire like Shopify’s', async () => {
    const { emulator, clock } = setup();
    const grant = (secret: string) =>
      emulator.app.request('/admin/oauth/access_token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `client_id=${emulator.clientId}&client_secret=${secret}&grant_type=client_credentials`,
      });
    expect((await grant('wrong')).status).toBe(400);
    const { access_token: token, expires_in: expiresIn } = (await (await grant(emulator.appSecret)).json()) as {
      access_token: string;
      expires_in: number;
    };
    const call = graphqlCaller((path, init) => emulator.app.request(path, init), emulator.graphqlPath, token);
    expect((await call('{ orders(first: 1) { nodes { id } } }')).status).toBe(200);
    clock.advance(expiresIn * 1000);
    expect((await call('{ orders(first: 1) { nodes { id } } }')).status).toBe(401);
  });

  it('answers a query outside the subset with a validation error, as Shopify would for a typo', async () => {
    const { call } = setup();
    const { status, body } = await call('{ shop { name } }');
    expect(status).toBe(200);
    expect(body.errors[0].message).toMatch(/Cannot query field "shop"/);
  });

  it('places an order with orderCreate and lowers available stock only when asked to, as Shopify does', async () => {
    const { call, emulator } = setup();
    const tee = await variant(call, 'TEE-ORG-M');
    const before = emulator.shop.stockBySku('TEE-ORG-M')['Scend Warehouse']!;
    const bypass = await call(orderCreateDocument, { order: { lineItems: [line(tee.id, 2)], email: 'a@example.com' } });
    expect(bypass.body.data.orderCreate.userErrors).toEqual([]);
    expect(emulator.shop.stockBySku('TEE-ORG-M')['Scend Warehouse']).toEqual(before);

    const placed = await call(orderCreateDocument, {
      order: { lineItems: [line(tee.id, 3)], email: 'a@example.com' },
      options: { inventoryBehaviour: 'DECREMENT_OBEYING_POLICY' },
    });
    expect(placed.body.data.orderCreate.order.name).toBe('#1002');
    expect(emulator.shop.stockBySku('TEE-ORG-M')['Scend Warehouse']).toEqual({ available: before.available - 3, committed: 3 });
    const location = `gid://shopify/Location/${emulator.shop.locations[0]!.id}`;
    const stock = await call(stockDocument, { location, item: tee.inventoryItem.id });
    expect(stock.body.data.location.inventoryLevel.quantities).toEqual([
      { name: 'available', quantity: before.available - 3 },
      { name: 'committed', quantity: 3 },
    ]);
  });

  it('refuses an order it cannot claim stock for, and an unknown variant, with userErrors', async () => {
    const { call } = setup();
    const hoodie = await variant(call, 'HOOD-MRN-L');
    const short = await call(orderCreateDocument, {
      order: { lineItems: [line(hoodie.id, 5000)] },
      options: { inventoryBehaviour: 'DECREMENT_OBEYING_POLICY' },
    });
    expect(short.body.data.orderCreate).toEqual({
      order: null,
      userErrors: [expect.objectContaining({ code: 'INVENTORY_CLAIM_FAILED', field: ['order', 'lineItems', '0', 'quantity'] })],
    });
    const unknown = await call(orderCreateDocument, { order: { lineItems: [line('gid://shopify/ProductVariant/1', 1)] } });
    expect(unknown.body.data.orderCreate.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['order', 'lineItems', '0', 'variantId'] });
  });

  it('reports the cost of every answer and charges the actual cost to the leaky bucket', async () => {
    const { call, clock } = setup();
    const first = await call('{ orders(first: 50) { nodes { id name } } }');
    expect(first.body.extensions.cost).toEqual({
      requestedQueryCost: 52,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 },
    });
    clock.advance(10);
    const second = await call('{ orders(first: 50) { nodes { id name } } }');
    expect(second.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(1997);
  });

  it('answers THROTTLED with HTTP 200, the error code and the cost block when the bucket is short', async () => {
    const { call, emulator, clock } = setup();
    emulator.setFaults({ drainBucket: true });
    const throttled = await call('{ orders(first: 250) { nodes { id } } }');
    expect(throttled.status).toBe(200);
    expect(throttled.body.errors[0].extensions.code).toBe('THROTTLED');
    expect(throttled.body.data).toBeUndefined();
    expect(throttled.body.extensions.cost).toMatchObject({
      requestedQueryCost: 252,
      actualQueryCost: null,
      throttleStatus: { currentlyAvailable: 0 },
    });
    clock.advance(2520);
    const later = await call('{ orders(first: 250) { nodes { id } } }');
    expect(later.body.errors).toBeUndefined();
  });

  it('refuses a query dearer than 1,000 points whatever the bucket holds', async () => {
    const { call } = setup();
    const { body } = await call('{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }');
    expect(body.errors[0].extensions.code).toBe('MAX_COST_EXCEEDED');
  });

  it('filters orders by updated_at, sorts by UPDATED_AT and pages with cursors', async () => {
    const { call, emulator, clock } = setup();
    const placed = Array.from({ length: 5 }, () => {
      clock.advance(1000);
      return emulator.placeOrder();
    });
    const query = `updated_at:>'${placed[1]!.updatedAt}'`;
    const page = (after: string | null) =>
      call(
        'query P($q: String!, $after: String) { orders(first: 2, after: $after, query: $q, sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor } nodes { name } } }',
        { q: query, after },
      );
    const one = (await page(null)).body.data.orders;
    const two = (await page(one.pageInfo.endCursor)).body.data.orders;
    expect([...one.nodes, ...two.nodes].map((node: { name: string }) => node.name)).toEqual(['#1003', '#1004', '#1005']);
    expect([one.pageInfo.hasNextPage, two.pageInfo.hasNextPage]).toEqual([true, false]);
    const missing = await call('{ orders { nodes { id } } }');
    expect(missing.body.errors[0].message).toBe('you must provide one of first or last');
  });
});

describe('the control endpoint', () => {
  it('injects 5xx answers and forced throttling, then clears them', async () => {
    const { call, emulator } = setup();
    await emulator.app.request('/_emulator/faults', {
      method: 'POST',
      body: JSON.stringify({ http5xxNext: 1, http5xxStatus: 502, throttleNext: 1 }),
    });
    expect((await call('{ orders(first: 1) { nodes { id } } }')).status).toBe(502);
    expect((await call('{ orders(first: 1) { nodes { id } } }')).body.errors[0].extensions.code).toBe('THROTTLED');
    expect((await call('{ orders(first: 1) { nodes { id } } }')).body.errors).toBeUndefined();
    const bad = await emulator.app.request('/_emulator/faults', { method: 'POST', body: JSON.stringify({ http5xxStatus: 200 }) });
    expect(bad.status).toBe(400);
  });

  it('adds latency on the injected clock', async () => {
    const { call, emulator, clock } = setup();
    emulator.setFaults({ latencyMs: 1500 });
    const before = clock.now();
    await call('{ orders(first: 1) { nodes { id } } }');
    expect(clock.now() - before).toBe(1500);
  });

  it('places generated orders, cancels one (stock comes back) and resets the shop', async () => {
    const { emulator } = setup();
    const created = await emulator.app.request('/_emulator/orders', { method: 'POST', body: JSON.stringify({ count: 3 }) });
    const { orders } = (await created.json()) as { orders: { legacyId: string }[] };
    expect(orders).toHaveLength(3);
    const stockBefore = JSON.stringify([...emulator.shop.inventoryLevels.values()].map((level) => level.available));
    const cancelled = await emulator.app.request(`/_emulator/orders/${orders[0]!.legacyId}/cancel`, {
      method: 'POST',
      body: '{"reason":"CUSTOMER"}',
    });
    expect(await cancelled.json()).toMatchObject({ cancelled: true });
    expect(JSON.stringify([...emulator.shop.inventoryLevels.values()].map((level) => level.available))).not.toBe(stockBefore);
    await emulator.app.request('/_emulator/reset', { method: 'POST' });
    const state = (await (await emulator.app.request('/_emulator/state')).json()) as { orders: number };
    expect(state.orders).toBe(0);
  });
});
