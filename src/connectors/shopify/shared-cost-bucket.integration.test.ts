/**
 * Two hub processes on one PostgreSQL draw on one shop's cost bucket (decision 0024). Each
 * "process" has its own budget ledger (its own pg pool); the emulator runs on real time with
 * a small bucket so that the two together would run it dry.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createShopifyEmulator } from '../../../emulators/shopify/app.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import type { SharedBudgets } from '../../core/shared-budgets.ts';
import { openBudgetLedger } from '../../store/budget-ledger.ts';
import { openStore } from '../../store/open-store.ts';
import { postgresBackend } from '../../../test/support/backends.ts';
import { postgresTestUrl } from '../../../test/support/env.ts';
import { CostBuckets } from './cost-bucket.ts';
import { createShopifyConnector } from './index.ts';
import { SharedCostBucket } from './shared-cost-bucket.ts';

const baseUrl = postgresTestUrl();
const status = (currentlyAvailable: number) => ({ maximumAvailable: 100, currentlyAvailable, restoreRate: 50 });

describe.skipIf(!baseUrl)('Shopify cost bucket shared by two hub processes on PostgreSQL', () => {
  const backend = postgresBackend(baseUrl ?? 'postgres://unset');
  let url: string;
  let ledgers: SharedBudgets[] = [];

  beforeAll(async () => {
    url = await backend.createDatabase();
    await (await openStore({ backend: 'postgres', url, maxConnections: 1 })).close();
  });
  afterEach(async () => {
    for (const ledger of ledgers.splice(0)) await ledger.close();
  });
  afterAll(async () => {
    await backend.cleanup();
  });

  function twoLedgers(): [SharedBudgets, SharedBudgets] {
    ledgers = [openBudgetLedger({ url }), openBudgetLedger({ url })];
    return ledgers as [SharedBudgets, SharedBudgets];
  }

  function bucketOf(budgets: SharedBudgets, shopDomain: string) {
    return new SharedCostBucket({ budgets, shopDomain, clock: systemClock, logger: silentLogger });
  }

  it('lets no process reserve points another has already reserved', async () => {
    const [a, b] = twoLedgers();
    const shop = 'reserve.myshopify.com';
    // Nothing is known before Shopify's first answer: nothing is reserved, nobody waits.
    expect(await a.reserveCost(`shopify:${shop}`, 60)).toMatchObject({ reserved: 0, waitMs: 0 });
    await a.settleCost(`shopify:${shop}`, 0, 0, status(100));
    expect(await a.reserveCost(`shopify:${shop}`, 60)).toMatchObject({ reserved: 60, waitMs: 0 });
    const second = await b.reserveCost(`shopify:${shop}`, 60);
    expect(second.reserved).toBe(0);
    // About 20 points short at 50 a second.
    expect(second.waitMs).toBeGreaterThan(0);
    expect(second.waitMs).toBeLessThanOrEqual(400);
  });

  it('makes the other process wait for the refill after one was throttled', async () => {
    const [a, b] = twoLedgers();
    const shop = 'throttled.myshopify.com';
    const bucketA = bucketOf(a, shop);
    const reserved = await bucketA.acquire(40);
    // Shopify throttled A: nothing charged, and the bucket is empty.
    bucketA.settle(reserved, { requestedQueryCost: 40, actualQueryCost: null, throttleStatus: status(0) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await b.reserveCost(`shopify:${shop}`, 40);
    expect(answer.reserved).toBe(0);
    expect(answer.waitMs).toBeGreaterThan(500);
  });

  it('holds the other process back after one got a 429 with Retry-After', async () => {
    const [a, b] = twoLedgers();
    const shop = 'paused.myshopify.com';
    await a.settleCost(`shopify:${shop}`, 0, 0, status(100));
    bucketOf(a, shop).pauseFor(1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await b.reserveCost(`shopify:${shop}`, 10);
    expect(answer.reserved).toBe(0);
    expect(answer.waitMs).toBeGreaterThan(500);
  });

  /** Two processes, four workers each, reading orders as fast as their buckets let them. */
  async function readFlatOut(shared: boolean) {
    const emulator = createShopifyEmulator({ clock: systemClock, plan: { maximumAvailable: 300, restoreRate: 3_000 }, seed: 5 });
    const seen = { requests: 0, throttled: 0 };
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      seen.requests += 1;
      const response = await emulator.app.request(new URL(String(input)).pathname, init);
      const body = (await response.clone().json()) as { errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.some((error) => error.extensions?.code === 'THROTTLED')) seen.throttled += 1;
      return response;
    }) as typeof globalThis.fetch;
    const connectorOn = (sharedBudgets?: SharedBudgets) =>
      createShopifyConnector({
        shopDomain: emulator.shopDomain,
        adminUrl: 'http://shopify.test',
        auth: { kind: 'token', accessToken: emulator.accessToken },
        fetch,
        // Each process has its own registry, as two processes would.
        costBuckets: new CostBuckets(systemClock),
        ...(sharedBudgets ? { sharedBudgets } : {}),
      });
    const processes = shared ? twoLedgers().map(connectorOn) : [connectorOn(), connectorOn()];
    await Promise.all(
      processes.flatMap((connector) =>
        Array.from({ length: 4 }, async () => {
          for (let i = 0; i < 12; i += 1) for await (const _ of connector.listOrdersUpdatedSince('2026-01-01T00:00:00Z'));
        }),
      ),
    );
    return seen;
  }

  it('without the shared bucket, two processes reading flat out are throttled by the shop (the case this guards)', async () => {
    const seen = await readFlatOut(false);
    expect(seen.throttled).toBeGreaterThan(0);
  }, 30_000);

  it('keeps two processes reading flat out from being throttled by the shop', async () => {
    const seen = await readFlatOut(true);
    expect(seen.requests).toBeGreaterThanOrEqual(96);
    expect(seen.throttled).toBe(0);
  }, 30_000);
});
