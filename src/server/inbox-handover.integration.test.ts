/**
 * Stored webhook deliveries reach their flows after the answer: together when they arrive
 * together, once each even with two hub processes handing over from one store, and again after
 * a failure or a process that stopped half-way — on both store backends.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import { silentLogger } from '../core/logger.ts';
import { acceptInboxEvent, claimInboxEvents, type ClaimedInboxEvent } from '../ledger/index.ts';
import { connectionStore } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import { createInboxHandover } from './inbox-handover.ts';
import { createInboxWriter } from './inbox-writer.ts';

describeEachBackend('webhook deliveries handed over after the answer', (backend) => {
  let store: Store;
  let next = 0;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  const delivery = (source = 'shopify') => {
    next += 1;
    return { source, topic: 'orders/create', eventId: `e-${next}`, payloadHash: `h-${next}`, body: `{"n":${next}}` };
  };
  const statusOf = async (ids: number[]) =>
    (await store.db.selectFrom('lb_inbox').select(['id', 'status']).where('id', 'in', ids).execute()).map((row) => row.status);

  it('stores a burst in a few inserts, each delivery answered with its own row', async () => {
    let inserts = 0;
    const counted = store.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'InsertQueryNode') inserts += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const writer = createInboxWriter(counted, { maxBatch: 100 });
    const events = Array.from({ length: 300 }, () => delivery());
    const repeat = { ...events[0]!, payloadHash: 'again' };
    const answers = await Promise.all([...events, repeat].map((event) => writer.accept(event)));
    expect(answers.slice(0, 300).every((answer) => answer.inserted)).toBe(true);
    expect(new Set(answers.slice(0, 300).map((answer) => answer.id)).size).toBe(300);
    // The repeat of an event id is the same row, not a new one.
    expect(answers[300]).toMatchObject({ id: answers[0]!.id, inserted: false });
    expect(inserts).toBeLessThanOrEqual(5);
    await store.db.updateTable('lb_inbox').set({ status: 'processed' }).where('source', '=', 'shopify').execute();
  });

  it('hands every stored delivery over exactly once, with two processes sharing the store', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 120; i += 1) ids.push((await acceptInboxEvent(store.db, delivery())).id);
    const handled: number[] = [];
    const handle = async (event: ClaimedInboxEvent) => {
      handled.push(event.id);
      await new Promise((done) => setTimeout(done, 1));
      return 'processed' as const;
    };
    const first = createInboxHandover({ db: store.db, source: 'shopify', handle, logger: silentLogger });
    const second = createInboxHandover({ db: store.db, source: 'shopify', handle, logger: silentLogger });
    first.start();
    second.start();
    first.wake();
    second.wake();
    await Promise.all([first.idle(), second.idle()]);
    await Promise.all([first.close(), second.close()]);
    expect([...handled].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(await statusOf(ids))).toEqual(new Set(['processed']));
  });

  it("leaves a failed hand-over for later and takes it again once its claim's lease has run out", async () => {
    const { id } = await acceptInboxEvent(store.db, delivery());
    let now = Date.now();
    let fail = true;
    const tries: number[] = [];
    const handover = createInboxHandover({
      db: store.db,
      source: 'shopify',
      logger: silentLogger,
      now: () => now,
      handle: async (event) => {
        tries.push(event.id);
        if (fail) throw new Error('the store went away');
        return 'processed';
      },
    });
    handover.start();
    await handover.idle();
    expect(tries).toEqual([id]);
    expect(await statusOf([id])).toEqual(['accepted']);
    // Woken again within the lease: the claim holds.
    handover.wake();
    await handover.idle();
    expect(tries).toEqual([id]);
    fail = false;
    now += 61_000;
    handover.wake();
    await handover.idle();
    await handover.close();
    expect(tries).toEqual([id, id]);
    expect(await statusOf([id])).toEqual(['processed']);
  });

  it("claims only its own source's and its own connection's deliveries", async () => {
    const bc = await acceptInboxEvent(store.db, delivery('bc'));
    const other = connectionStore(store, 'eu');
    const theirs = await acceptInboxEvent(other.db, delivery());
    const mine = await acceptInboxEvent(connectionStore(store, 'uk').db, delivery());
    const claimed = await claimInboxEvents(connectionStore(store, 'uk').db, 'shopify', { limit: 10, staleBefore: new Date() });
    // Not the BC delivery, nor the other connection's: this connection's Shopify delivery only.
    expect(claimed.map((event) => event.id)).toEqual([mine.id]);
    expect([bc.id, theirs.id]).not.toContain(mine.id);
  });
});
