import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import { connectionStore } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import {
  acceptInboxEvent,
  addLink,
  findRecord,
  getCursor,
  listExceptions,
  listRecords,
  raiseException,
  receiveRecord,
  setCursor,
  type ExceptionInput,
} from './index.ts';

const noSku: ExceptionInput = {
  flow: 'items',
  code: 'unknown_sku',
  category: 'master_data',
  severity: 'error',
  owner: 'ecommerce',
  message: 'SKU NOPE-1 is not a Business Central item.',
  action: 'Create the item.',
  fingerprint: 'items:sku:NOPE-1',
};

describeEachBackend('ledger by connection', (backend) => {
  let store: Store;
  let uk: Store;
  let eu: Store;
  beforeAll(async () => {
    store = await backend.open();
    uk = connectionStore(store, 'uk');
    eu = connectionStore(store, 'eu');
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  const order = { flow: 'orders', sourceSystem: 'shopify', sourceId: 'gid://shopify/Order/1001', actor: 'test' };

  it('makes two records of the same Shopify order id in two connections, and one in the default connection', async () => {
    const inUk = await receiveRecord(uk.db, { ...order, payload: { shop: 'uk' } });
    const inEu = await receiveRecord(eu.db, { ...order, payload: { shop: 'eu' } });
    const again = await receiveRecord(uk.db, { ...order, payload: { shop: 'uk' } });
    const untagged = await receiveRecord(store.db, order);
    expect([inUk.created, inEu.created, again.created, untagged.created]).toEqual([true, true, false, true]);
    expect(inUk.record.id).not.toBe(inEu.record.id);
    expect(again.record.id).toBe(inUk.record.id);
    expect([inUk.record.connectionId, inEu.record.connectionId, untagged.record.connectionId]).toEqual(['uk', 'eu', 'default']);
    expect((await findRecord(eu.db, order))?.id).toBe(inEu.record.id);
    // An explicit connection wins over the handle's.
    expect((await findRecord(store.db, { ...order, connectionId: 'uk' }))?.id).toBe(inUk.record.id);
    expect((await findRecord(store.db, order))?.id).toBe(untagged.record.id);
  });

  it('lists a connection its own records, and the operator every connection or the one asked for', async () => {
    const flows = async (db: Store['db'], connection?: string) =>
      (await listRecords(db, { flow: 'orders', ...(connection ? { connection } : {}) })).map((record) => record.connectionId).sort();
    expect(await flows(uk.db)).toEqual(['uk']);
    expect(await flows(store.db)).toEqual(['default', 'eu', 'uk']);
    expect(await flows(store.db, 'eu')).toEqual(['eu']);
  });

  it('keeps a cursor per connection', async () => {
    await setCursor(uk.db, 'orders.updatedAt', '2026-12-01T00:00:00Z');
    await setCursor(eu.db, 'orders.updatedAt', '2026-12-02T00:00:00Z');
    await store.transaction((trx) => setCursor(trx, 'orders.updatedAt', 'default-value'));
    await uk.transaction((trx) => setCursor(trx, 'orders.updatedAt', '2026-12-03T00:00:00Z'));
    expect(await getCursor(uk.db, 'orders.updatedAt')).toBe('2026-12-03T00:00:00Z');
    expect(await getCursor(eu.db, 'orders.updatedAt')).toBe('2026-12-02T00:00:00Z');
    expect(await getCursor(store.db, 'orders.updatedAt')).toBe('default-value');
  });

  it('takes the same event id in two connections as two deliveries', async () => {
    const event = { source: 'shopify', topic: 'orders/create', eventId: 'event-1', payloadHash: 'h', body: '{}' };
    const first = await acceptInboxEvent(uk.db, event);
    const second = await acceptInboxEvent(eu.db, event);
    const repeat = await acceptInboxEvent(eu.db, event);
    expect([first.inserted, second.inserted, repeat.inserted]).toEqual([true, true, false]);
    expect(repeat.id).toBe(second.id);
  });

  it('keeps exceptions with one fingerprint apart per connection, and links carry their connection', async () => {
    const inUk = await raiseException(uk.db, noSku);
    const inEu = await raiseException(eu.db, noSku);
    const repeat = await uk.transaction((trx) => raiseException(trx, noSku));
    expect(inUk.id).not.toBe(inEu.id);
    expect(repeat).toMatchObject({ id: inUk.id, occurrences: 2, connectionId: 'uk' });
    expect((await listExceptions(eu.db, { flow: 'items' })).map((exception) => exception.id)).toEqual([inEu.id]);
    expect((await listExceptions(store.db, { flow: 'items' })).map((exception) => exception.connectionId).sort()).toEqual(['eu', 'uk']);
    expect((await listExceptions(store.db, { flow: 'items', connection: 'uk' })).map((exception) => exception.id)).toEqual([inUk.id]);
    const record = (await findRecord(eu.db, order))!;
    await addLink(eu.db, record.linkGroup, { system: 'bc', kind: 'salesOrder', externalId: 'so-1' });
    const link = await store.db.selectFrom('lb_link').select('connection_id').where('external_id', '=', 'so-1').executeTakeFirstOrThrow();
    expect(link.connection_id).toBe('eu');
  });
});
