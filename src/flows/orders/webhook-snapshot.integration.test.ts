/**
 * An import that waited in the queue while Shopify updated its order builds on the newest of the
 * order's webhook bodies in the inbox, not on the one that queued it (which would be stale, and
 * cost a whole read of the order); and on the payments its transaction webhooks announced.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { shopifyExample } from '../../../test/support/rest-order.ts';
import { acceptInboxEvent } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { announcedOrderTransactions, newestOrderWebhookSnapshot } from './webhook-snapshot.ts';

describe('the newest webhook snapshot of an order', () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  const example = shopifyExample('orders/updated');
  const orderId = String(example.admin_graphql_api_id);
  async function deliver(
    eventId: string,
    updatedAt: string,
    businessKey = orderId,
    topic = 'orders/updated',
    body = JSON.stringify({ ...example, updated_at: updatedAt }),
  ) {
    await acceptInboxEvent(store.db, {
      source: 'shopify',
      topic,
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

  it("keeps the order's announced transactions apart from its bodies, the newest announcement of each last", async () => {
    const transaction = (status: string) =>
      JSON.stringify({
        ...shopifyExample('order_transactions/create'),
        admin_graphql_api_id: 'gid://shopify/OrderTransaction/77',
        order_id: 'ORDER',
        kind: 'sale',
        status,
      }).replace('"ORDER"', orderId.split('/').pop()!);
    await deliver('evt-t1', '', orderId, 'order_transactions/create', transaction('failure'));
    await deliver('evt-t2', '', orderId, 'order_transactions/create', transaction('success'));
    await deliver(
      'evt-t3',
      '',
      orderId,
      'order_transactions/create',
      '{"admin_graphql_api_id":"gid://shopify/OrderTransaction/78","order_id":1}',
    );
    const latest = (await newestOrderWebhookSnapshot(store, orderId))!;
    expect(Date.parse(latest.updatedAt)).toBe(Date.parse('2026-12-07T10:00:05-05:00'));
    const announced = await announcedOrderTransactions(store, orderId);
    expect(announced.map((entry) => [entry.transaction.id, entry.transaction.status, entry.orderId])).toEqual([
      ['gid://shopify/OrderTransaction/77', 'FAILURE', orderId],
      ['gid://shopify/OrderTransaction/77', 'SUCCESS', orderId],
    ]);
    expect(await announcedOrderTransactions(store, 'gid://shopify/Order/1')).toEqual([]);
  });
});
