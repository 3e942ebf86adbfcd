import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import type { Store } from '../store/open-store.ts';
import { acceptInboxEvent, getRecord, markInboxEvent, receiveRecord, transitionRecord } from './index.ts';
import { applyRetention } from './retention.ts';

const now = new Date('2026-12-07T03:23:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60_000);

describeEachBackend('retention', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  async function record(sourceId: string, state: 'posted' | 'received', updatedDaysAgo: number) {
    const payload = { updatedAt: '2026-10-01T10:00:00Z', lineItems: [{ sku: 'CAP-CANVAS', quantity: 2 }], note: 'x'.repeat(500) };
    const { record: created } = await receiveRecord(store.db, {
      flow: 'orders',
      sourceSystem: 'shopify',
      sourceId,
      payload,
      actor: 'test',
    });
    if (state === 'posted') {
      await transitionRecord(store.db, created.id, { to: 'posting', actor: 'test' });
      await transitionRecord(store.db, created.id, { to: 'posted', actor: 'test', postedSnapshot: { lines: 1 } });
    }
    await store.db
      .updateTable('lb_record')
      .set({ updated_at: daysAgo(updatedDaysAgo) })
      .where('id', '=', created.id)
      .execute();
    return created.id;
  }

  it('cuts old finished payloads to what change detection reads, and leaves the rest whole', async () => {
    const oldPosted = await record('gid://shopify/Order/901', 'posted', 45);
    const recentPosted = await record('gid://shopify/Order/902', 'posted', 5);
    const oldUnfinished = await record('gid://shopify/Order/903', 'received', 45);
    const result = await applyRetention(store.db, { payloadDays: 30, inboxDays: 14 }, now);
    expect(result.compactedPayloads).toBe(1);
    const compacted = await getRecord(store.db, oldPosted);
    expect(compacted!.payload).toEqual({ updatedAt: '2026-10-01T10:00:00Z', compactedAt: now.toISOString() });
    expect(compacted!.postedSnapshot).toEqual({ lines: 1 });
    expect((await getRecord(store.db, recentPosted))!.payload).toMatchObject({ note: 'x'.repeat(500) });
    expect((await getRecord(store.db, oldUnfinished))!.payload).toMatchObject({ note: 'x'.repeat(500) });
    // Running again changes nothing.
    expect(await applyRetention(store.db, { payloadDays: 30, inboxDays: 14 }, now)).toEqual({ compactedPayloads: 0, deletedDeliveries: 0 });
  });

  it('drops handled webhook deliveries once no sender can repeat them, never an unhandled one', async () => {
    const event = (eventId: string) => ({ source: 'shopify', topic: 'orders/create', eventId, payloadHash: 'h', body: '{}' });
    const handled = await acceptInboxEvent(store.db, event('old-handled'));
    await markInboxEvent(store.db, handled.id, 'processed');
    await acceptInboxEvent(store.db, event('old-unhandled'));
    const recent = await acceptInboxEvent(store.db, event('recent-handled'));
    await markInboxEvent(store.db, recent.id, 'processed');
    await store.db
      .updateTable('lb_inbox')
      .set({ received_at: daysAgo(20) as never })
      .where('event_id', 'in', ['old-handled', 'old-unhandled'])
      .execute();
    const result = await applyRetention(store.db, { payloadDays: 30, inboxDays: 14 }, now);
    expect(result.deletedDeliveries).toBe(1);
    const left = await store.db.selectFrom('lb_inbox').select('event_id').orderBy('event_id').execute();
    expect(left.map((row) => row.event_id)).toEqual(['old-unhandled', 'recent-handled']);
  });

  it('keeps the store in shape afterwards', async () => {
    await expect(store.maintain()).resolves.toBeUndefined();
  });
});
