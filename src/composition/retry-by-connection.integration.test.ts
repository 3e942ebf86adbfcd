/** The operator's retry queues a record's job in its own connection's queue, whichever connection it is. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../test/support/backends.ts';
import { receiveRecord } from '../ledger/index.ts';
import { connectionJobName, type JobQueue } from '../queue/job-queue.ts';
import { connectionStore } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import { recordRetriers } from './flows.ts';

describe("the operator's retry with several connections", () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  it("queues each record's job under its connection's name", async () => {
    const queued: string[] = [];
    const viewOf = (connection: string): JobQueue =>
      ({
        enqueue: async (name: string) => (queued.push(connectionJobName(connection, name)), 'job'),
        forConnection: (other: string) => viewOf(other),
      }) as unknown as JobQueue;
    const retriers = recordRetriers(store, viewOf('default'));
    const order = { flow: 'orders', sourceSystem: 'shopify', sourceId: 'gid://shopify/Order/1001', actor: 'test' };
    const ofEu = (await receiveRecord(connectionStore(store, 'eu').db, order)).record;
    const ofDefault = (await receiveRecord(store.db, order)).record;
    expect(await retriers.orders!(ofEu.id, { by: 'test' })).toBe(true);
    expect(await retriers.orders!(ofDefault.id, { by: 'test' })).toBe(true);
    expect(queued).toEqual(['eu/orders.import', 'orders.import']);
  });
});
