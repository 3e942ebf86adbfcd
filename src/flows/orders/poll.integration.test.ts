/**
 * The poll looks the overlap back once per overlap window (a sweep), and otherwise only past
 * its cursor: each order is listed about twice, and an order the cursor skipped (updated
 * before it, seen late) is still found by the next sweep.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/support/backends.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import type { Store } from '../../store/open-store.ts';
import { pollOrders } from './poll.ts';

describeEachBackend('orders poll: sweeps of the overlap', (backend) => {
  let store: Store;
  let world: ReturnType<typeof ordersHarness>;
  let clock: FakeClock;
  let listed: string[];
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
    const list = world.channel.listOrdersUpdatedSince.bind(world.channel);
    world.channel.listOrdersUpdatedSince = async function* (since: string) {
      for await (const ref of list(since)) {
        listed.push(ref.name!);
        yield ref;
      }
    };
    next += 100;
  });

  const add = (number: number, at: string) => world.channel.add(sampleOrder({ number, updatedAt: at }));

  it('lists an order once past the cursor and once more in a sweep, and finds a late one in the sweep', async () => {
    const overlap = world.deps.config.pollOverlapMinutes;
    add(next, '2026-12-07T09:59:00.000Z');
    expect((await pollOrders(world.deps)).swept).toBe(true);
    await clock.advance(60_000);
    add(next + 1, '2026-12-07T10:00:30.000Z');
    expect(await pollOrders(world.deps)).toMatchObject({ swept: false, seen: 1 });
    // Updated before the cursor but only now visible: the cursor passes it by...
    add(next + 2, '2026-12-07T10:00:10.000Z');
    await clock.advance(60_000);
    expect(await pollOrders(world.deps)).toMatchObject({ swept: false, seen: 0 });
    // ...and the sweep, one overlap after the last, finds it.
    await clock.advance(overlap * 60_000);
    expect(await pollOrders(world.deps)).toMatchObject({ swept: true, new: 1 });
    const times = (name: string) => listed.filter((listedName) => listedName === name).length;
    expect([times(`#${next}`), times(`#${next + 1}`), times(`#${next + 2}`)]).toEqual([2, 2, 1]);
  });
});
