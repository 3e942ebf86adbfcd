/**
 * Benchmark: Shopify API cost points spent per imported order. Generated orders (the
 * sandbox's realistic mix) are read whole with the connector's `getOrder`, against the
 * emulator in-process, and the emulator's own cost calculation is summed per document:
 * requested cost (what the bucket must hold) and actual cost (what Shopify charges). The
 * polling safety net's share is the cost of listing every order once, per order.
 *
 *   npm run bench -- bench/shopify-order-cost.ts [orders=500] [seed=20261001]
 */
import { createShopifyEmulator } from '../emulators/shopify/app.ts';
import { VirtualClock } from '../emulators/shopify/testing/virtual-clock.ts';
import { CostBuckets, createShopifyConnector } from '../src/connectors/shopify/index.ts';

const orderCount = Number(process.argv[2] ?? 500);
const seed = Number(process.argv[3] ?? 20261001);

const clock = new VirtualClock();
const emulator = createShopifyEmulator({ clock, seed });
const byDocument = new Map<string, { requests: number; requested: number; actual: number }>();
const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const response = await emulator.app.request(new URL(String(input)).pathname, init);
  const { operationName } = JSON.parse(String(init?.body)) as { operationName: string };
  const body = (await response.clone().json()) as {
    extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null } };
  };
  const cost = body.extensions?.cost;
  const entry = byDocument.get(operationName) ?? { requests: 0, requested: 0, actual: 0 };
  entry.requests += 1;
  entry.requested += cost?.requestedQueryCost ?? 0;
  entry.actual += cost?.actualQueryCost ?? 0;
  byDocument.set(operationName, entry);
  return response;
}) as typeof globalThis.fetch;
const connector = createShopifyConnector({
  shopDomain: emulator.shopDomain,
  adminUrl: 'http://shopify.test',
  auth: { kind: 'token', accessToken: emulator.accessToken },
  fetch,
  clock,
  costBuckets: new CostBuckets(clock),
});

const since = new Date(clock.now() - 1000).toISOString();
const placed = Array.from({ length: orderCount }, () => emulator.placeOrder());
const started = clock.now();
let lines = 0;
for (const order of placed) lines += (await connector.getOrder(order.id))!.lines.length;
const readSeconds = (clock.now() - started) / 1000;
const importDocuments = new Map(byDocument);
byDocument.clear();
let listed = 0;
for await (const _ of connector.listOrdersUpdatedSince(since)) listed += 1;

const per = (value: number, places = 1) => (value / orderCount).toFixed(places);
console.log(
  `Cost points per imported order: ${orderCount} generated orders (seed ${seed}), ${(lines / orderCount).toFixed(2)} lines per order on average`,
);
console.log(`${'document'.padEnd(28)} ${'requests/order'.padStart(15)} ${'requested/order'.padStart(16)} ${'actual/order'.padStart(13)}`);
let requested = 0;
let actual = 0;
for (const [name, entry] of importDocuments) {
  requested += entry.requested;
  actual += entry.actual;
  console.log(
    `${name.padEnd(28)} ${per(entry.requests).padStart(15)} ${per(entry.requested).padStart(16)} ${per(entry.actual).padStart(13)}`,
  );
}
console.log(`${'getOrder total'.padEnd(28)} ${''.padStart(15)} ${per(requested).padStart(16)} ${per(actual).padStart(13)}`);
const poll = byDocument.get('OrdersUpdatedSince')!;
console.log(
  `${'polling (OrdersUpdatedSince)'.padEnd(28)} ${per(poll.requests, 3).padStart(15)} ${per(poll.requested, 2).padStart(16)} ${per(poll.actual, 2).padStart(13)}   (${listed} orders listed)`,
);
console.log(
  `virtual time to read them all on a standard plan (2,000 points, 100/s): ${readSeconds.toFixed(0)} s, ${(orderCount / readSeconds).toFixed(2)} orders/s`,
);
await emulator.close();
