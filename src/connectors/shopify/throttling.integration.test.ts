import { describe, expect, it } from 'vitest';
import { createShopifyEmulator } from '../../../emulators/shopify/app.ts';
import { VirtualClock } from '../../../emulators/shopify/testing/virtual-clock.ts';
import { CostBuckets } from './cost-bucket.ts';
import { createShopifyConnector } from './index.ts';

/**
 * The connector and the emulator share one virtual clock and talk in-process: the bucket
 * refills in virtual seconds while the test runs in real milliseconds.
 */
function setup(plan: 'standard' | 'plus' = 'standard') {
  const clock = new VirtualClock();
  const emulator = createShopifyEmulator({ clock, plan, seed: 5 });
  const seen = { requests: 0, throttled: 0, lowest: Number.POSITIVE_INFINITY };
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    seen.requests += 1;
    const response = await emulator.app.request(new URL(String(input)).pathname, init);
    const body = (await response.clone().json()) as {
      errors?: { extensions?: { code?: string } }[];
      extensions?: { cost?: { throttleStatus: { currentlyAvailable: number } } };
    };
    if (body.errors?.some((error) => error.extensions?.code === 'THROTTLED')) seen.throttled += 1;
    const available = body.extensions?.cost?.throttleStatus.currentlyAvailable;
    if (available !== undefined) seen.lowest = Math.min(seen.lowest, available);
    return response;
  }) as typeof globalThis.fetch;
  const options = {
    shopDomain: emulator.shopDomain,
    adminUrl: 'http://shopify.test',
    auth: { kind: 'token' as const, accessToken: emulator.accessToken },
    fetch,
    clock,
  };
  const buckets = new CostBuckets(clock);
  const connector = createShopifyConnector({ ...options, costBuckets: buckets });
  return { clock, emulator, connector, seen, buckets, options };
}

async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) count += 1;
  return count;
}

describe('cost-aware pacing against the emulator’s leaky bucket', () => {
  it('a burst of 10,000 reads from 20 workers completes with no THROTTLED answer and a bucket never below zero', async () => {
    const { connector, seen, clock } = setup();
    const start = clock.now();
    let reads = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (reads < 10_000) {
          reads += 1;
          await drain(connector.listOrdersUpdatedSince('2026-01-01T00:00:00Z'));
        }
      }),
    );
    expect(seen.requests).toBeGreaterThanOrEqual(10_000);
    expect(seen.throttled).toBe(0);
    expect(seen.lowest).toBeGreaterThanOrEqual(0);
    // 52 points requested, 2 spent each: the pace is set by the requested cost, not hammering.
    expect(clock.now() - start).toBeLessThan(10_000 * 52 * 10);
  }, 120_000);

  it('paces full order reads to the restore rate when the bucket runs dry', async () => {
    const { connector, emulator, seen, clock } = setup();
    const ids = Array.from({ length: 30 }, () => emulator.placeOrder().id);
    const start = clock.now();
    const orders = await Promise.all(ids.map((id) => connector.getOrder(id)));
    expect(orders.every((order) => order?.lines.length)).toBe(true);
    expect(seen.throttled).toBe(0);
    expect(seen.lowest).toBeGreaterThanOrEqual(0);
    // 90 documents reserving roughly 340, 560 and 430 points each cannot all fit a 2,000-point
    // bucket at once: the limiter waited for refills instead of sending them.
    expect(clock.now() - start).toBeGreaterThan(10_000);
  });

  it('retries THROTTLED answers it could not foresee (another app draining the bucket) without surfacing them', async () => {
    const { connector, emulator, seen } = setup();
    await drain(connector.listOrdersUpdatedSince('2026-01-01T00:00:00Z'));
    emulator.setFaults({ drainBucket: true, throttleNext: 2 });
    await expect(drain(connector.listOrdersUpdatedSince('2026-01-01T00:00:00Z'))).resolves.toBe(0);
    expect(seen.throttled).toBe(2);
    expect(seen.lowest).toBeGreaterThanOrEqual(0);
  });

  it('two connectors for one shop share one bucket when given the same registry', async () => {
    const { options, buckets, seen } = setup();
    const one = createShopifyConnector({ ...options, costBuckets: buckets });
    const two = createShopifyConnector({ ...options, costBuckets: buckets });
    await Promise.all(
      Array.from({ length: 200 }, (_, index) => drain((index % 2 ? one : two).listOrdersUpdatedSince('2026-01-01T00:00:00Z'))),
    );
    expect(seen.throttled).toBe(0);
  });

  it('works at another plan’s restore rate read from the answers, not hard-coded', async () => {
    const { connector, seen, clock } = setup('plus');
    const start = clock.now();
    await Promise.all(Array.from({ length: 1_000 }, () => drain(connector.listOrdersUpdatedSince('2026-01-01T00:00:00Z'))));
    expect(seen.throttled).toBe(0);
    // 52,000 requested points at 1,000/s after a 20,000 bucket: about 32 s, not the 500 s of a standard plan.
    expect(clock.now() - start).toBeLessThan(60_000);
  });
});
