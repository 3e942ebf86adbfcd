import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulators/shopify/testing/virtual-clock.ts';
import { CostBucket } from './cost-bucket.ts';

const status = (currentlyAvailable: number) => ({ maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 });

describe('CostBucket', () => {
  it('does not wait before it knows the bucket, then mirrors what Shopify reports', async () => {
    const clock = new VirtualClock();
    const bucket = new CostBucket(clock);
    expect(await bucket.acquire(500)).toBe(0);
    bucket.settle(0, { requestedQueryCost: 500, actualQueryCost: 120, throttleStatus: status(1880) });
    expect(bucket.available()).toBe(1880);
    clock.advance(1000);
    expect(bucket.available()).toBe(1980);
    clock.advance(60_000);
    expect(bucket.available()).toBe(2000);
  });

  it('waits (cost − available) / restoreRate before sending, and reserves the points', async () => {
    const clock = new VirtualClock();
    const bucket = new CostBucket(clock);
    bucket.settle(0, { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: status(100) });
    const before = clock.now();
    expect(await bucket.acquire(400)).toBe(400);
    expect(clock.now() - before).toBe(3000);
    expect(bucket.available()).toBe(0);
    expect(bucket.waitMsFor(250)).toBe(2500);
  });

  it('refunds the unused part of a reservation, and a throttled request whole', async () => {
    const clock = new VirtualClock();
    const bucket = new CostBucket(clock);
    bucket.settle(0, { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: status(2000) });
    const reserved = await bucket.acquire(600);
    expect(bucket.available()).toBe(1400);
    bucket.settle(reserved, { requestedQueryCost: 600, actualQueryCost: 50, throttleStatus: status(1950) });
    expect(bucket.available()).toBe(1950);
    const again = await bucket.acquire(600);
    bucket.settle(again, { requestedQueryCost: 600, actualQueryCost: null, throttleStatus: status(1950) });
    expect(bucket.available()).toBe(1950);
  });

  it('believes the lower of its own view and Shopify’s (another client spends the same bucket)', async () => {
    const clock = new VirtualClock();
    const bucket = new CostBucket(clock);
    bucket.settle(0, { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: status(2000) });
    const reserved = await bucket.acquire(100);
    bucket.settle(reserved, { requestedQueryCost: 100, actualQueryCost: 100, throttleStatus: status(300) });
    expect(bucket.available()).toBe(300);
  });

  it('serves waiters in order and never projects below zero', async () => {
    const clock = new VirtualClock();
    const bucket = new CostBucket(clock);
    bucket.settle(0, { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: status(0) });
    const order: number[] = [];
    const lowest: number[] = [];
    await Promise.all(
      [900, 50, 700, 300].map(async (cost, index) => {
        await bucket.acquire(cost);
        order.push(index);
        lowest.push(bucket.available()!);
      }),
    );
    expect(order).toEqual([0, 1, 2, 3]);
    expect(Math.min(...lowest)).toBeGreaterThanOrEqual(0);
    expect(clock.now() - new VirtualClock().now()).toBe(19_500);
  });

  it('caps a request dearer than the whole bucket at the bucket size instead of waiting forever', async () => {
    const clock = new VirtualClock();
    const bucket = new CostBucket(clock);
    bucket.settle(0, { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: status(2000) });
    expect(await bucket.acquire(5000)).toBe(2000);
  });
});
