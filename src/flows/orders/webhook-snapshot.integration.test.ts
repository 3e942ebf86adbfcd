/**
 * An import that waited in the queue while Shopify updated its order builds on the newest of the
 * order's webhook bodies in the inbox, not on the one that queued it (which would be stale, and
 * cost a whole read of the order).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { shopifyExample } from '../../../test/support/rest-order.ts';
import { acceptInboxEvent } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { newestOrderWebhookSnapshot } from './webhook-snapshot.ts';

describe('the newest webhook snapshot of an order', () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  const example = shopifyExample('orders/updated');
  const orderId = String(example.admin_graphql_api_id);
  async function deliver(eventId: string, updatedAt: string, businessKey = orderId) {
    const body = JSON.stringify({ ...example, updated_at: updatedAt });
    await acceptInboxEvent(store.db, {
      source: 'shopify',
      topic: 'orders/updated',
      eventId,
      businessKey,
      payloadHash: createHash('sha256').update(body).digest('hex'),
      body,
    });
  }

  const latestOrderWebhookSnapshot = (id: string) => newestOrderWebhookSnapshot(store, id, { afterTheFirst: true });

  it('is none while the order had one webhook, then the latest body once another came', async () => {
    await deliver('evt-1', '2026-12-07T10:00:00-05:00');
    expect(await latestOrderWebhookSnapshot(orderId)).toBeUndefined();
    expect((await newestOrderWebhookSnapshot(store, orderId))!.id).toBe(orderId);
    await deliver('evt-2', '2026-12-07T10:00:05-05:00');
    await deliver('evt-other', '2026-12-07T11:00:00-05:00', 'gid://shopify/Order/1');
    const latest = (await latestOrderWebhookSnapshot(orderId))!;
    expect(latest.id).toBe(orderId);
    expect(Date.parse(latest.updatedAt)).toBe(Date.parse('2026-12-07T10:00:05-05:00'));
  });
});
