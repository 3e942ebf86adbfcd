/**
 * Items through the emulators: every physical BC item is created or updated at Scend and
 * confirmed (services and non-inventory items stay out); an item whose SKU the warehouse
 * cannot look up is a critical master-data exception for operations. An order carrying a
 * SKU the warehouse does not know yet is held from release, and goes out by itself once the
 * items flow has confirmed the SKU.
 */
import { describe, expect, it } from 'vitest';
import { isItemConfirmedAtWarehouse } from '../../src/flows/items/confirmed.ts';
import { listExceptions } from '../../src/ledger/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { recordOf, recordsOf, runNow, ukOrder, useWarehouseSandbox } from '../support/warehouse-sandbox.ts';

describe('items through the emulators', () => {
  // The items poll runs only when the test says so.
  const world = useWarehouseSandbox({
    edit: (yaml) => yaml.replace('items: { pollCron: "* * * * *" }', 'items: { pollCron: "0 0 1 1 *" }'),
  });

  async function addBcItem(number: string, displayName: string, gtin?: string) {
    const response = await fetch(`${world.sandbox.bc.url}/_emulator/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number, displayName, unitPrice: '30.00', ...(gtin ? { gtin } : {}) }),
    });
    expect(response.status).toBe(201);
  }

  it('confirms every physical BC item at the warehouse, and holds an item the warehouse cannot look up', async () => {
    const { sandbox, scend } = world;
    const db = sandbox.hub.store.db;
    expect(await isItemConfirmedAtWarehouse(db, 'TEE-ORG-M')).toBe(false);
    await addBcItem('SCARF-WOOL', 'Wool Scarf', '5060123450219');
    await addBcItem('BAG/TOTE', 'Tote bag');
    await runNow(sandbox, 'items.poll');

    const records = await recordsOf(sandbox, 'items');
    expect(records.find((record) => record.sourceId === 'GIFT-CARD-25')).toBeUndefined(); // not stock
    expect(await isItemConfirmedAtWarehouse(db, 'TEE-ORG-M')).toBe(true);
    expect(await isItemConfirmedAtWarehouse(db, 'scarf-wool')).toBe(true);
    const scarf = scend.state.productBySku('SCARF-WOOL')!;
    expect(scarf).toMatchObject({ name: 'Wool Scarf', ean: '5060123450219' });
    expect((await recordOf(sandbox, 'items', 'bc', 'SCARF-WOOL'))?.targetIds['warehouse.product.id']).toBe(String(scarf.id));

    expect(await isItemConfirmedAtWarehouse(db, 'BAG/TOTE')).toBe(false);
    expect(scend.state.productBySku('BAG/TOTE')).toBeUndefined();
    const [held] = await listExceptions(db, { flow: 'items' });
    expect(held).toMatchObject({ code: 'item_invalid', category: 'master_data', severity: 'critical', owner: 'operations' });
    expect(held!.message).toContain('"BAG/TOTE" has characters the warehouse cannot look up');

    // Polling again sends nothing unchanged a second time.
    const productUpdates = scend.control.requests().filter((request) => request.path === '/api/Product').length;
    await runNow(sandbox, 'items.poll');
    expect(scend.control.requests().filter((request) => request.path === '/api/Product').length).toBe(productUpdates);
  }, 90_000);

  it('holds an order whose SKU the warehouse does not know, and releases it once the item is confirmed', async () => {
    const { sandbox, scend } = world;
    // Known to Shopify and now to BC, not yet to the warehouse.
    await addBcItem('TEE-ORG-XL', 'Organic Cotton Tee, Extra Large', '5060123450301');
    const variants = [...sandbox.shopify.emulator.shop.variants.values()];
    const placed = sandbox.shopify.placeOrder({
      ...ukOrder([['TEE-ORG-XL', 1]]),
      lines: [{ sku: 'TEE-ORG-XL', quantity: 1, variantId: variants.find((variant) => variant.sku === 'TEE-ORG-XL')!.id }],
    });
    const ordersRecord = await waitFor(
      async () => {
        const record = await recordOf(sandbox, 'orders', 'shopify', placed.id);
        return record?.state === 'posted' ? record : undefined;
      },
      { timeoutMs: 30_000, what: 'the order to reach BC' },
    );
    const salesOrder = ordersRecord.targetIds['bc.salesOrder.number']!;
    await runNow(sandbox, 'release.poll');
    const held = await recordOf(sandbox, 'release', 'bc', salesOrder);
    expect(held?.state).toBe('exception');
    const [exception] = await listExceptions(sandbox.hub.store.db, { recordId: held!.id });
    expect(exception).toMatchObject({ code: 'unknown_sku_at_warehouse', owner: 'operations', autoRetry: true });
    expect(scend.control.orderParts(salesOrder)).toEqual([]);

    await runNow(sandbox, 'items.poll');
    await runNow(sandbox, 'release.retry-open', 'release');
    expect((await recordOf(sandbox, 'release', 'bc', salesOrder))?.state).toBe('posted');
    expect(scend.control.orderParts(salesOrder)).toHaveLength(1);
    expect((await listExceptions(sandbox.hub.store.db, { recordId: held!.id, status: 'all' }))[0]?.status).toBe('resolved');
  }, 90_000);
});
