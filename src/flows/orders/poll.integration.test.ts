/**
 * The poll lists the window from its cursor to the settle time (`pollOverlapMinutes`) ago:
 * each change is listed once, a change younger than that is left to the webhooks until a later
 * poll, and an order updated before the cursor moved but indexed late is still in a window. Every
 * listed order is shown to `onOrderListed` (the refunds flow's safety net).
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/support/backends.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import type { Store } from '../../store/open-store.ts';
import { pollOrders } from './poll.ts';

describeEachBackend('orders poll: a window behind now, each change listed once', (backend) => {
  let store: Store;
  let world: ReturnType<typeof ordersHarness>;
  let clock: FakeClock;
  let listed: string[];
  let shown: string[];
  let next = 12_000;

  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('lb_cursor').execute();
    world = ordersHarness(store);
    clock = new FakeClock(Date.parse('2026-12-07T10:00:00Z'));
    world.deps.clock = clock;
    listed = [];
    shown = [];
    world.deps.onOrderListed = async (ref) => void shown.push(ref.name!);
    const list = world.channel.listOrdersUpdatedSince.bind(world.channel);
    world.channel.listOrdersUpdatedSince = async function* (since: string, until?: string) {
      for await (const ref of list(since, until)) {
        listed.push(ref.name!);
        yield ref;
      }
    };
    next += 100;
  });

  const add = (number: number, at: string) => world.channel.add(sampleOrder({ number, updatedAt: at }));

  it('lists a change once it has settled, never twice, and finds one indexed late in a later window', async () => {
    const settleMs = world.deps.config.pollOverlapMinutes * 60_000;
    expect(settleMs).toBeGreaterThan(60_000);
    add(next, new Date(clock.now() - settleMs - 30_000).toISOString());
    add(next + 1, '2026-12-07T09:59:30.000Z');
    // The first poll looks a day back, up to the settle time ago: the younger order waits.
    expect(await pollOrders(world.deps)).toMatchObject({ seen: 1, new: 1, cursor: new Date(clock.now() - settleMs).toISOString() });
    await clock.advance(60_000);
    expect(await pollOrders(world.deps)).toMatchObject({ seen: 0 });
    // Updated at 10:00:10 but visible to the search only now: its window has not been listed yet.
    add(next + 2, '2026-12-07T10:00:10.000Z');
    await clock.advance(settleMs);
    expect(await pollOrders(world.deps)).toMatchObject({ seen: 2, new: 2 });
    await clock.advance(settleMs);
    expect(await pollOrders(world.deps)).toMatchObject({ seen: 0 });
    expect(listed).toEqual([`#${next}`, `#${next + 1}`, `#${next + 2}`]);
    expect(shown).toEqual(listed);
  });

  it('lists an order again after Shopify changes it again', async () => {
    const settleMs = world.deps.config.pollOverlapMinutes * 60_000;
    add(next, '2026-12-07T09:00:00.000Z');
    await pollOrders(world.deps);
    add(next, new Date(clock.now() + 1_000).toISOString());
    await clock.advance(settleMs + 60_000);
    expect(await pollOrders(world.deps)).toMatchObject({ seen: 1 });
    expect(listed).toEqual([`#${next}`, `#${next}`]);
  });
});
