import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { buildRestOrder, serializeWebhookBody } from '../../../emulators/shopify/rest-payload.ts';
import { describeEachBackend } from '../../../test/support/backends.ts';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { inventoryFlowSchema } from '../../config/inventory-schema.ts';
import { silentLogger } from '../../core/logger.ts';
import { createInProcessBc } from '../../connectors/bc/test-support/emulated-bc.ts';
import { emulatedShop } from '../../connectors/shopify/test-support/emulated-shop.ts';
import { inventoryChannelOf, inventoryErpOf } from './module.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { acceptInboxEvent, listExceptions, listRecords, receiveRecord, transitionRecord } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { INVENTORY_FLOW, type InventoryFlowDeps } from './deps.ts';
import { runFastPath } from './fast-path.ts';
import { runFullSync } from './full-sync.ts';
import { listPositions } from './positions.ts';
import { explainStock } from './explain.ts';

const locations = { SCEND: 'Scend Warehouse', LONDON: 'London Shop' };

describeEachBackend('inventory flow against the Shopify and BC emulators', (backend) => {
  let store: Store;
  let shop: ReturnType<typeof emulatedShop>;
  let bc: ReturnType<typeof createInProcessBc>;
  let deps: InventoryFlowDeps;

  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store.close());
  beforeEach(async () => {
    for (const table of ['lb_exception', 'lb_link', 'lb_inventory_position', 'lb_cursor'] as const)
      await store.db.deleteFrom(table).execute();
    await store.db.deleteFrom('lb_record').execute();
    shop = emulatedShop();
    bc = createInProcessBc();
    deps = {
      db: store.db,
      channel: inventoryChannelOf(shop.connector, store),
      erp: inventoryErpOf(bc.connector),
      queue: new RecordingQueue(),
      clock: shop.clock,
      logger: silentLogger,
      config: inventoryFlowSchema.parse({
        enabled: true,
        locations,
        buffers: { default: { units: 2 }, skus: [{ pattern: 'HOOD-*', percent: 10 }] },
        guardRails: { minPairs: 1000 },
      }),
      orderLocations: {},
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    };
  });

  /** BC's available (inventory − outstanding) at SCEND, as the companion API reports it now. */
  const bcAvailable = async (item: string, location = 'SCEND') => {
    const rows = await bc.connector.readStockAvailability({ itemNumbers: [item], reserved: false });
    const row = rows.find((r) => r.itemNumber === item && r.variantCode === '' && r.locationCode === location);
    return row ? Math.floor(Number(row.inventory) - Number(row.outstanding)) : 0;
  };
  const shown = (sku: string, index = 0) => shop.levelOf(sku, index).available;
  const pushCalls = () => shop.sent.filter((request) => request.operationName === 'InventorySetQuantities');
  const writeOff = async (item: string, quantity: number, document: string) => {
    await bc.connector.createItemJournalLines('LB-STOCK', [
      { documentNumber: document, entryType: 'Negative Adjmt.', itemNumber: item, locationCode: 'SCEND', quantity: String(quantity) },
    ]);
    await bc.connector.postItemJournal('LB-STOCK');
  };
  const acceptOrder = async (sku: string, quantity: number, state: 'received' | 'exception' = 'received') => {
    const placed = shop.emulator.placeOrder({
      email: 'amelia.hughes@example.co.uk',
      lines: [{ variantId: shop.emulator.shop.variantBySku(sku)!.id, quantity }],
      computeTaxes: true,
      taxesIncluded: true,
      checkoutPayment: { gateway: 'shopify_payments' },
      locationName: 'Scend Warehouse',
      inventoryBehaviour: 'DECREMENT_OBEYING_POLICY',
    });
    const order = await shop.connector.getOrder(placed.id);
    const { record } = await receiveRecord(store.db, {
      flow: 'orders',
      sourceSystem: 'shopify',
      sourceId: placed.id,
      payload: order,
      actor: 'test',
    });
    if (state === 'exception') await transitionRecord(store.db, record.id, { to: 'exception', actor: 'test' });
    return placed;
  };

  it('makes Shopify show BC available less the buffer, pushes only deltas, and explains each push', async () => {
    const result = await runFullSync(deps);
    expect(result.held).toBe(false);
    expect(shown('TEE-ORG-M')).toBe((await bcAvailable('TEE-ORG-M')) - 2);
    const hood = await bcAvailable('HOOD-MRN-M');
    expect(shown('HOOD-MRN-M')).toBe(hood - Math.floor(hood / 10));
    expect(pushCalls()).toHaveLength(Math.ceil(result.changes / 250));
    // Every call carried an idempotency key and a compare-and-set value per entry.
    for (const call of pushCalls()) {
      expect(call.variables.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      for (const entry of (call.variables.input as { quantities: { changeFromQuantity: unknown }[] }).quantities)
        expect(typeof entry.changeFromQuantity).toBe('number');
    }
    const [position] = (await listPositions(store.db, 'TEE-ORG-M')).filter((p) => p.locationCode === 'SCEND');
    expect(position).toMatchObject({
      pushedQuantity: shown('TEE-ORG-M'),
      terms: { buffer: { source: 'default', units: 2 }, bufferUnits: 2 },
    });

    // Nothing changed: a second sync writes nothing.
    shop.sent.length = 0;
    const again = await runFullSync(deps);
    expect(again.changes).toBe(0);
    expect(pushCalls()).toHaveLength(0);
  });

  it('never puts back on sale the units of an order Shopify accepted but BC has not seen yet', async () => {
    await runFullSync(deps);
    const before = shown('TEE-ORG-M');
    await acceptOrder('TEE-ORG-M', 3);
    await acceptOrder('TEE-ORG-M', 2, 'exception');
    expect(shown('TEE-ORG-M')).toBe(before - 5);
    await runFullSync(deps);
    expect(shown('TEE-ORG-M')).toBe(before - 5);
    const explained = await explainStock(deps, 'tee-org-m');
    const scend = explained.locations.find((location) => location.locationCode === 'SCEND')!;
    expect(scend.now).toMatchObject({ inFlight: 3, held: 2, bufferUnits: 2, quantity: before - 5 });
    expect(scend).toMatchObject({ shopifyShows: before - 5, lastPush: { quantity: before } });
    const [position] = (await listPositions(store.db, 'TEE-ORG-M')).filter((p) => p.locationCode === 'SCEND');
    // Nothing to push: the pair was already right, so its last push is the first sync's.
    expect(position!.pushedQuantity).toBe(before);
  });

  it('counts an order held as its webhook body (location unread) as held at every location', async () => {
    await runFullSync(deps);
    const before = new Map(
      (await explainStock(deps, 'TEE-ORG-M')).locations.map((location) => [location.locationCode, location.now!.quantity]),
    );
    const placed = await acceptOrder('TEE-ORG-M', 2, 'exception');
    const [record] = (await listRecords(store.db, { flow: 'orders' })).filter((candidate) => candidate.sourceId === placed.id);
    const kept = { ...(record!.payload as ChannelOrder), fulfillmentOrders: [], transactions: [], bodyOnly: true };
    await receiveRecord(store.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: placed.id, payload: kept, actor: 'test' });
    const after = (await explainStock(deps, 'TEE-ORG-M')).locations;
    expect(after.length).toBeGreaterThan(1);
    for (const location of after) {
      expect(location.now!.held, location.locationCode).toBe(2);
      expect(location.now!.quantity, location.locationCode).toBe(Math.max(0, before.get(location.locationCode)! - 2));
    }
  });

  it('counts an order taken in by its webhook but not read yet from the webhook body, with no read from Shopify', async () => {
    await runFullSync(deps);
    const before = shown('TEE-ORG-M');
    const placed = shop.emulator.placeOrder({
      email: 'amelia.hughes@example.co.uk',
      lines: [{ variantId: shop.emulator.shop.variantBySku('TEE-ORG-M')!.id, quantity: 4 }],
      computeTaxes: true,
      taxesIncluded: true,
      checkoutPayment: { gateway: 'shopify_payments' },
      locationName: 'Scend Warehouse',
      inventoryBehaviour: 'DECREMENT_OBEYING_POLICY',
    });
    const body = serializeWebhookBody(buildRestOrder(shop.emulator.shop, shop.emulator.shop.orders.get(BigInt(placed.legacyId))!));
    await acceptInboxEvent(store.db, {
      source: 'shopify',
      topic: 'orders/create',
      eventId: `evt-${placed.legacyId}`,
      businessKey: placed.id,
      payloadHash: createHash('sha256').update(body).digest('hex'),
      body,
    });
    await receiveRecord(store.db, { flow: 'orders', sourceSystem: 'shopify', sourceId: placed.id, actor: 'shopify-webhook:orders/create' });
    shop.sent.length = 0;
    await runFullSync(deps);
    expect(shown('TEE-ORG-M')).toBe(before - 4);
    const scend = (await explainStock(deps, 'TEE-ORG-M')).locations.find((location) => location.locationCode === 'SCEND')!;
    expect(scend.now).toMatchObject({ inFlight: 4 });
    expect(shop.sent.map((request) => request.operationName)).not.toContain('OrderHeader');
  });

  it('ends a compare-and-set conflict at the correct value: a sale between read and write is read again, not overwritten', async () => {
    await writeOff('TEE-ORG-L', 4, 'WO-1');
    const real = deps.channel.setInventoryQuantities;
    let raced = false;
    deps.channel.setInventoryQuantities = async (request) => {
      if (!raced) {
        raced = true;
        await acceptOrder('TEE-ORG-L', 1); // Shopify sells one unit after the hub read it
      }
      return real(request);
    };
    const result = await runFullSync(deps);
    expect(result.push?.conflicts).toBe(1);
    expect(shown('TEE-ORG-L')).toBe((await bcAvailable('TEE-ORG-L')) - 2 - 1);
    const pushes = await listRecords(store.db, { flow: INVENTORY_FLOW, states: ['posted'] });
    expect(pushes.some((record) => record.attempts === 2)).toBe(true);
  });

  it('leaves pairs whose stock keeps changing to the next sync, which computes them afresh and closes the hold', async () => {
    await writeOff('TEE-ORG-L', 4, 'WO-2');
    const real = deps.channel.setInventoryQuantities;
    deps.channel.setInventoryQuantities = async (request) => {
      await acceptOrder('TEE-ORG-L', 1); // a sale before every write
      return real(request);
    };
    const first = await runFullSync(deps);
    expect(first.push).toMatchObject({ held: 1, conflicts: 4 });
    const [held] = (await listExceptions(store.db, { flow: INVENTORY_FLOW })).filter((e) => e.code === 'stock_kept_changing');
    expect(held).toMatchObject({ owner: 'integration', status: 'open' });

    deps.channel.setInventoryQuantities = real;
    await runFullSync(deps);
    const [closed] = (await listExceptions(store.db, { flow: INVENTORY_FLOW, status: 'all' })).filter(
      (e) => e.code === 'stock_kept_changing',
    );
    expect(closed!.status).toBe('resolved');
    expect(shown('TEE-ORG-L')).toBe((await bcAvailable('TEE-ORG-L')) - 2 - 4);
  });

  it('holds a run that would empty the shop, with a preview, until a person approves it', async () => {
    deps.config = { ...deps.config, guardRails: { maxZeroedPercent: 20, maxUnitDropPercent: 30, minPairs: 5 } };
    await runFullSync(deps);
    const before = shown('TEE-ORG-S');
    const rows = await bc.connector.readStockAvailability({ reserved: false });
    await bc.connector.createItemJournalLines(
      'LB-STOCK',
      rows
        .filter((row) => row.locationCode === 'SCEND' && Number(row.inventory) > 0)
        .map((row, index) => ({
          documentNumber: `BAD-${index}`,
          entryType: 'Negative Adjmt.' as const,
          itemNumber: row.itemNumber,
          ...(row.variantCode ? { variantCode: row.variantCode } : {}),
          locationCode: 'SCEND',
          quantity: row.inventory,
        })),
    );
    await bc.connector.postItemJournal('LB-STOCK');

    shop.sent.length = 0;
    const held = await runFullSync(deps);
    expect(held.held).toBe(true);
    expect(pushCalls()).toHaveLength(0);
    expect(shown('TEE-ORG-S')).toBe(before);
    const [exception] = (await listExceptions(store.db, { flow: INVENTORY_FLOW })).filter((e) => e.code === 'mass_drop_held');
    expect(exception).toMatchObject({ owner: 'ecommerce', status: 'open' });
    expect((exception!.evidence as { largestDrops: unknown[] }).largestDrops.length).toBeGreaterThan(0);

    await runFullSync(deps, { approvedRecordId: exception!.recordId! });
    expect(shown('TEE-ORG-S')).toBe(0);
    const [closed] = (await listExceptions(store.db, { flow: INVENTORY_FLOW, status: 'all' })).filter((e) => e.code === 'mass_drop_held');
    expect(closed!.status).toBe('resolved');
  });

  it('skips and reports SKUs it cannot write safely: unknown to BC, untracked, duplicated', async () => {
    // The sandbox catalogue already has SKUs Shopify has and BC does not, and a SKU on two Shopify items (CAP-CANVAS).
    const variant = shop.emulator.shop.variantBySku('KIDS-TEE-7Y')!;
    shop.emulator.shop.inventoryItems.get(variant.inventoryItemId)!.tracked = false;
    const sock = shop.emulator.shop.variantBySku('SOCK-WOOL-3PK')!;
    shop.emulator.shop.inventoryItems.get(sock.inventoryItemId)!.sku = 'BOOK-CARE';
    await runFullSync(deps);
    const codes = (await listExceptions(store.db, { flow: INVENTORY_FLOW })).map((e) => `${e.code}:${e.owner}`);
    expect(codes).toEqual(expect.arrayContaining(['untracked_item:ecommerce', 'duplicate_sku:ecommerce', 'sku_not_in_bc:ecommerce']));
    expect(
      pushCalls()
        .flatMap((call) => JSON.stringify(call.variables))
        .join(),
    ).not.toContain(String(variant.inventoryItemId));
  });

  it('takes a warehouse write-off to Shopify on the fast path, touching only that item', async () => {
    await runFastPath(deps); // the first look notes where BC's item ledger ends
    await runFullSync(deps);
    const before = shown('TEE-ORG-M');
    const other = shown('TEE-ORG-S');
    shop.sent.length = 0;
    await writeOff('TEE-ORG-M', 3, 'WH-WO-7');
    const fast = await runFastPath(deps);
    expect(fast.items).toEqual(['TEE-ORG-M']);
    expect(shown('TEE-ORG-M')).toBe(before - 3);
    expect(shown('TEE-ORG-S')).toBe(other);
    expect(pushCalls()).toHaveLength(1);
    expect((pushCalls()[0]!.variables.input as { quantities: unknown[] }).quantities).toHaveLength(1);
  });

  it('takes an order from another channel entered in BC, and its cancellation, to Shopify on the fast path', async () => {
    await runFastPath(deps);
    await runFullSync(deps);
    const before = shown('HOOD-MRN-L');
    const bcBefore = await bcAvailable('HOOD-MRN-L');
    const scend = (await bc.connector.listLocations()).find((location) => location.code === 'SCEND')!;
    const order = await bc.connector.createSalesOrder({
      externalDocumentNumber: 'AMAZON-1001',
      customerNumber: 'C00010',
      orderDate: '2026-12-07',
      pricesIncludeTax: true,
      lines: [{ lineType: 'Item', lineObjectNumber: 'HOOD-MRN-L', quantity: '20', unitPrice: '45.00', locationId: scend.id }],
    });
    const fast = await runFastPath(deps);
    expect(fast.items).toEqual(['HOOD-MRN-L']);
    const bcAfter = bcAvailable('HOOD-MRN-L');
    expect(await bcAfter).toBe(bcBefore - 20);
    expect(shown('HOOD-MRN-L')).toBeLessThan(before);
    expect(shown('HOOD-MRN-L')).toBe((await bcAfter) - Math.floor((await bcAfter) / 10));

    // The marketplace cancels: the order is deleted in BC and the units go back on sale.
    await bc.connector.deleteSalesOrder(order.id);
    expect((await runFastPath(deps)).items).toEqual(['HOOD-MRN-L']);
    expect(shown('HOOD-MRN-L')).toBe(before);
  });
});
