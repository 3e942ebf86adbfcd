/**
 * Two hub processes on one PostgreSQL draw on one shop's cost bucket (decision 0024). Each
 * "process" has its own budget ledger (its own pg pool); the emulator runs on real time with
 * a small bucket so that the two together would run it dry.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createShopifyEmulator } from '../../../emulators/shopify/app.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import type { SharedBudgets } from '../../core/shared-budgets.ts';
import { costBlockMarginMs, openBudgetLedger } from '../../store/budget-ledger.ts';
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

  /** Blocks cover 5 s of demand (at most half the bucket), so a process holds points beyond its request. */
  function bucketOf(budgets: SharedBudgets, shopDomain: string) {
    return new SharedCostBucket({ budgets, shopDomain, clock: systemClock, logger: silentLogger, blockCoverMs: 5_000 });
  }

  /** Resolves when `budgets`' process hears that the shop's processes are held (after its buckets heard it). */
  function heldNotice(budgets: SharedBudgets, shopDomain: string): Promise<void> {
    return new Promise((resolve) => {
      const stop = budgets.onCostNotice(`shopify:${shopDomain}`, (notice) => {
        if (notice !== 'hold') return;
        stop();
        resolve();
      });
    });
  }

  /** Counts the calls made to a ledger, by method. */
  function counted(budgets: SharedBudgets, calls: Map<string, number>): SharedBudgets {
    return new Proxy(budgets, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  it('lets no process take points another holds, and gives back what a block did not spend', async () => {
    const [a, b] = twoLedgers();
    const name = 'shopify:blocks.myshopify.com';
    const request = { minPoints: 60, wantPoints: 60, lifeMs: 10_000 };
    // Nothing is known before Shopify's first answer: no block; the first to ask goes to find
    // out, the others wait for its answer.
    expect(await a.grantCostBlock(name, request)).toMatchObject({ blockId: undefined, known: false, waitMs: 0 });
    const meanwhile = await b.grantCostBlock(name, request);
    expect(meanwhile).toMatchObject({ blockId: undefined, known: false });
    expect(meanwhile.waitMs).toBeGreaterThan(0);
    // A bucket that barely refills, so that the figures below do not depend on timing.
    await a.returnCostBlocks(name, [], 0, { maximumAvailable: 100, currentlyAvailable: 100, restoreRate: 1 }, false);
    const first = await a.grantCostBlock(name, request);
    expect(first).toMatchObject({ points: 60, waitMs: 0, known: true });
    const second = await b.grantCostBlock(name, request);
    expect(second.blockId).toBeUndefined();
    expect(second.waitMs).toBeGreaterThan(0);
    // Half of A's block was spent: the other half comes back at once, and so do 5 points Shopify
    // refunded after the block was given back.
    await a.returnCostBlocks(name, [{ id: first.blockId!, unspent: 30 }], 5, undefined, false);
    const third = await b.grantCostBlock(name, { minPoints: 60, wantPoints: 100, lifeMs: 10_000 });
    expect(third.points).toBeGreaterThanOrEqual(75);
    expect(third.points).toBeLessThan(80);
  });

  it('does not refill the points a process holds unspent past the bucket size', async () => {
    const [a, b] = twoLedgers();
    const name = 'shopify:full.myshopify.com';
    await a.returnCostBlocks(name, [], 0, status(100), false);
    expect(await a.grantCostBlock(name, { minPoints: 80, wantPoints: 80, lifeMs: 10_000 })).toMatchObject({ points: 80 });
    // Shopify's bucket is full (the 80 are still in it, unspent): a second of refill adds nothing for B.
    await sleep(1_000);
    const answer = await b.grantCostBlock(name, { minPoints: 21, wantPoints: 21, lifeMs: 10_000 });
    expect(answer.blockId).toBeUndefined();
    expect(await b.grantCostBlock(name, { minPoints: 20, wantPoints: 100, lifeMs: 10_000 })).toMatchObject({ points: 20 });
  });

  it('gives the block of a process killed with SIGKILL back once it expires', async () => {
    const [a] = twoLedgers();
    const name = 'shopify:killed.myshopify.com';
    await a.returnCostBlocks(name, [], 0, { maximumAvailable: 100, currentlyAvailable: 100, restoreRate: 1_000 }, false);
    const holder = spawn(
      process.execPath,
      [join(import.meta.dirname, '../../../test/support/cost-block-holder.ts'), url, name, '100', '500'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      holder.on('exit', () => reject(new Error('the holder exited before it held the block')));
    });
    const heldAt = Date.now();
    holder.kill('SIGKILL');
    await exited;
    // The dead holder's block is out for its life and the ledger's margin, then comes back by refill.
    const request = { minPoints: 50, wantPoints: 50, lifeMs: 1_000 };
    expect((await a.grantCostBlock(name, request)).blockId).toBeUndefined();
    await sleep(1_500);
    expect((await a.grantCostBlock(name, request)).blockId).toBeUndefined();
    for (;;) {
      const answer = await a.grantCostBlock(name, request);
      if (answer.blockId !== undefined) break;
      expect(Date.now() - heldAt).toBeLessThan(500 + costBlockMarginMs + 2_000);
      await sleep(Math.max(20, Math.min(answer.waitMs, 200)));
    }
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(500 + costBlockMarginMs - 200);
  }, 20_000);

  it('makes the other process stop spending its block and wait for the refill after one was throttled', async () => {
    const [a, b] = twoLedgers();
    const shop = 'throttled.myshopify.com';
    const bucketA = bucketOf(a, shop);
    const bucketB = bucketOf(b, shop);
    await a.returnCostBlocks(`shopify:${shop}`, [], 0, status(100), false);
    // B holds a block with points left in it.
    const reservedB = await bucketB.acquire(10);
    bucketB.settle(reservedB, { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: status(90) });
    const reservedA = await bucketA.acquire(40);
    const told = heldNotice(b, shop);
    // Shopify throttled A: nothing charged, and the bucket is empty.
    bucketA.settle(reservedA, { requestedQueryCost: 40, actualQueryCost: null, throttleStatus: status(0) });
    await told;
    const started = Date.now();
    await bucketB.acquire(30);
    // 30 points at 50 a second: B waited for the refill instead of spending what it held.
    expect(Date.now() - started).toBeGreaterThan(400);
  });

  it('holds the other process back after one got a 429 with Retry-After', async () => {
    const [a, b] = twoLedgers();
    const shop = 'paused.myshopify.com';
    await a.returnCostBlocks(`shopify:${shop}`, [], 0, status(100), false);
    const bucketB = bucketOf(b, shop);
    const reserved = await bucketB.acquire(10);
    bucketB.settle(reserved, { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: status(100) });
    const told = heldNotice(b, shop);
    bucketOf(a, shop).pauseFor(1_000);
    await told;
    const started = Date.now();
    await bucketB.acquire(10);
    expect(Date.now() - started).toBeGreaterThan(700);
  });

  let shops = 0;
  /** Refills slower than the two processes read (a page asks 202 points and costs about 40). */
  const slowPlan = { maximumAvailable: 300, restoreRate: 100 };

  /** Processes with four workers each, reading orders as fast as their buckets let them, for `rounds` rounds. */
  async function readFlatOut(processCount: number, shared: boolean, rounds = 12, plan = { maximumAvailable: 300, restoreRate: 3_000 }) {
    // A shop of its own: the ledger is shared by the tests of this file.
    shops += 1;
    const emulator = createShopifyEmulator({ clock: systemClock, plan, seed: 5, shopDomain: `flat-out-${shops}.myshopify.com` });
    // Orders to read, so that a page costs Shopify about what it asks for (an empty page costs 2).
    for (let i = 0; i < 40; i += 1) emulator.placeOrder();
    const seen = { requests: 0, throttled: 0, ledgerCalls: new Map<string, number>() };
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      seen.requests += 1;
      // As over a network: a little latency, so requests overlap (and the ledger's answers come in).
      await sleep(2);
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
        ...(sharedBudgets ? { sharedBudgets: counted(sharedBudgets, seen.ledgerCalls) } : {}),
      });
    if (shared) ledgers = Array.from({ length: processCount }, () => openBudgetLedger({ url }));
    const processes = shared ? ledgers.map(connectorOn) : Array.from({ length: processCount }, () => connectorOn());
    await Promise.all(
      processes.flatMap((connector) =>
        Array.from({ length: 4 }, async () => {
          for (let i = 0; i < rounds; i += 1) for await (const _ of connector.listOrdersUpdatedSince('2026-01-01T00:00:00Z'));
        }),
      ),
    );
    return seen;
  }

  it('without the shared bucket, two processes reading flat out are throttled by the shop (the case this guards)', async () => {
    const seen = await readFlatOut(2, false, 3, slowPlan);
    expect(seen.throttled).toBeGreaterThan(0);
  }, 30_000);

  it('keeps two processes reading flat out from being throttled by the shop', async () => {
    const seen = await readFlatOut(2, true, 3, slowPlan);
    expect(seen.requests).toBeGreaterThanOrEqual(24);
    expect(seen.throttled).toBe(0);
  }, 30_000);

  it('asks the ledger once per block, not once per request', async () => {
    // A bucket the process does not run dry: its steady state.
    const seen = await readFlatOut(1, true, 60, { maximumAvailable: 20_000, restoreRate: 10_000 });
    const ledgerCalls = [...seen.ledgerCalls.values()].reduce((sum, n) => sum + n, 0);
    expect(seen.requests).toBeGreaterThanOrEqual(240);
    expect(seen.throttled).toBe(0);
    // Blocks are asked for ahead of need and given back when they end: a few calls a second.
    expect(ledgerCalls).toBeLessThan(seen.requests / 10);
  }, 60_000);
});
