/**
 * Benchmark: one full stock sync of 100,000 SKU-location pairs (50,000 SKUs at two
 * locations) with 2 % of them different in Shopify, through the real flow
 * (`runFullSync`: the BC connector paging the companion API, the Shopify connector's bulk
 * operation and `inventorySetQuantities`, the ledger on an embedded store) against both
 * emulators in-process on a virtual clock (bulk polling and cost-bucket waits take no real
 * time; everything else is real work). It reports:
 *   - CPU time of compute and diff (matching, the formula per pair, the diff, the guard rails);
 *   - Shopify mutation calls (expected ⌈changed / 250⌉), their requested cost against the
 *     bucket, and throttled answers;
 *   - BC read requests against ⌈rows / page size⌉;
 *   - wall time per phase.
 *
 *   npm run bench -- bench/inventory-full-sync.ts [skus=50000] [changedPercent=2] [pageSize=20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBcEmulator } from '../emulators/bc/index.ts';
import { createShopifyEmulator } from '../emulators/shopify/app.ts';
import { VirtualClock } from '../emulators/shopify/testing/virtual-clock.ts';
import { inventoryChannelOf, inventoryErpOf } from '../src/flows/inventory/module.ts';
import { inventoryFlowSchema } from '../src/config/inventory-schema.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createBcConnector } from '../src/connectors/bc/index.ts';
import { CostBuckets, createShopifyConnector } from '../src/connectors/shopify/index.ts';
import type { InventoryFlowDeps } from '../src/flows/inventory/deps.ts';
import { runFullSync } from '../src/flows/inventory/full-sync.ts';
import { openStore } from '../src/store/open-store.ts';

const skuCount = Number(process.argv[2] ?? 50_000);
const changedPercent = Number(process.argv[3] ?? 2);
const pageSize = Number(process.argv[4] ?? 20_000);

const clock = new VirtualClock();
const shopify = createShopifyEmulator({ clock, seed: 7 });
const bcEmulator = createBcEmulator({ clock, limits: false });
const { shop } = shopify;
const company = bcEmulator.company();
const locations = shop.locations.map((location) => ({
  id: location.id,
  gid: `gid://shopify/Location/${location.id}`,
  name: location.name,
}));
const codes = ['SCEND', 'LONDON'];

// The same catalogue on both sides: BC items with opening stock per location, Shopify
// inventory items with a level per location; every 50th pair differs in Shopify.
const setupStarted = performance.now();
const everyNth = Math.round(100 / changedPercent);
let pairIndex = 0;
let expectedChanges = 0;
for (let index = 0; index < skuCount; index += 1) {
  const sku = `BEN-${String(index).padStart(6, '0')}`;
  bcEmulator.store.insert(company, 'items', { number: sku, displayName: sku, type: 'Inventory', inventory: '0', blocked: false });
  const itemId = shop.nextId();
  shop.inventoryItems.set(itemId, {
    id: itemId,
    sku,
    tracked: true,
    requiresShipping: true,
    harmonizedSystemCode: null,
    countryCodeOfOrigin: null,
  });
  locations.forEach((location, at) => {
    const quantity = 5 + ((index * 7 + at * 3) % 40);
    bcEmulator.store.insert(company, 'itemLedgerEntries', {
      entryNumber: pairIndex + 1,
      itemNumber: sku,
      entryType: 'Positive Adjmt.',
      documentNumber: 'OPENING',
      quantity: String(quantity),
      _locationCode: codes[at],
      _variantCode: '',
    });
    const differs = pairIndex % everyNth === 0;
    if (differs) expectedChanges += 1;
    shop.inventoryLevels.set(`${itemId}:${location.id}`, {
      id: shop.nextId(),
      inventoryItemId: itemId,
      locationId: location.id,
      available: differs ? quantity + 3 : quantity,
      committed: 0,
      updatedAt: shop.openedAt,
    });
    pairIndex += 1;
  });
}
const setupSeconds = (performance.now() - setupStarted) / 1000;

const bcReads = new Map<string, number>();
const bcFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = String(input);
  const set = /\/companies\([^)]*\)\/(\w+)/.exec(decodeURIComponent(url))?.[1];
  if ((init?.method ?? 'GET') === 'GET' && set) bcReads.set(set, (bcReads.get(set) ?? 0) + 1);
  return bcEmulator.app.request(url, init);
}) as typeof globalThis.fetch;
const settings = bcEmulator.settings;
const bc = createBcConnector({
  config: {
    baseUrl: 'http://bc.in-process',
    authorityHost: 'http://bc.in-process',
    tenantId: settings.tenantId,
    environment: settings.environment,
    company: { id: settings.companyId },
    clientId: settings.clientId,
  },
  clientSecret: settings.clientSecret,
  fetch: bcFetch,
  clock,
});

const mutations: { requested: number; actual: number; status: number; throttled: boolean }[] = [];
const shopifyFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(String(input));
  const response = await shopify.app.request(`${url.pathname}${url.search}`, init);
  if (url.pathname.endsWith('/graphql.json') && String(init?.body ?? '').includes('inventorySetQuantities')) {
    const body = (await response.clone().json()) as {
      errors?: { extensions?: { code?: string } }[];
      extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null } };
    };
    mutations.push({
      requested: body.extensions?.cost?.requestedQueryCost ?? 0,
      actual: body.extensions?.cost?.actualQueryCost ?? 0,
      status: response.status,
      throttled: (body.errors ?? []).some((error) => error.extensions?.code === 'THROTTLED'),
    });
  }
  return response;
}) as typeof globalThis.fetch;
const connector = createShopifyConnector({
  shopDomain: shopify.shopDomain,
  adminUrl: 'http://shopify.test',
  auth: { kind: 'token', accessToken: shopify.accessToken },
  fetch: shopifyFetch,
  clock,
  costBuckets: new CostBuckets(clock),
});

const dataDir = mkdtempSync(join(tmpdir(), 'lb-bench-inventory-'));
const store = await openStore({ backend: 'embedded', dataDir });
const deps: InventoryFlowDeps = {
  db: store.db,
  queue: { enqueue: async () => null },
  clock,
  logger: silentLogger,
  channel: inventoryChannelOf(connector, store),
  erp: inventoryErpOf(bc),
  config: inventoryFlowSchema.parse({
    enabled: true,
    locations: Object.fromEntries(locations.map((location, at) => [codes[at], location.name])),
    pageSize,
    basis: 'inventory-less-outstanding',
  }),
  orderLocations: {},
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
};

const wallStarted = performance.now();
const result = await runFullSync(deps);
const wallSeconds = (performance.now() - wallStarted) / 1000;
await store.close();
rmSync(dataDir, { recursive: true, force: true });

const rows = result.bcRows;
const expectedCalls = Math.ceil(expectedChanges / 250);
const bucket = 2_000; // the emulator's standard plan: 2,000 points, 100 a second
console.log(
  JSON.stringify(
    {
      pairs: result.pairs,
      changed: result.changes,
      expectedChanges,
      computeCpuSeconds: +(result.timings.computeCpuMs / 1000).toFixed(3),
      computeWallSeconds: +(result.timings.computeMs / 1000).toFixed(3),
      mutationCalls: mutations.length,
      expectedCalls,
      maxRequestedCost: Math.max(0, ...mutations.map((m) => m.requested)),
      bucket,
      throttled: mutations.filter((m) => m.throttled).length,
      bcRows: rows,
      pageSize,
      bcReadRequests: Object.fromEntries(bcReads),
      stockRowsBound: Math.ceil(rows / pageSize),
      readWallSeconds: +(result.timings.readMs / 1000).toFixed(2),
      pushWallSeconds: +(result.timings.pushMs / 1000).toFixed(2),
      wallSeconds: +wallSeconds.toFixed(2),
      setupSeconds: +setupSeconds.toFixed(2),
    },
    null,
    2,
  ),
);
