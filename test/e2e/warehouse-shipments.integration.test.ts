/**
 * Release and shipments through the three emulators: a Shopify order posted to BC is
 * released to Scend exactly once; Scend splits it, ships the parts out of order with
 * duplicated and reordered callbacks; each part becomes exactly one BC shipment of exactly
 * its units, the order is invoiced once it has shipped completely, and each part is one
 * Shopify fulfilment with its tracking, the customer told. A return after invoicing is one
 * credit memo and leaves the (closed) order alone. A despatch for an order the hub never sent
 * is an orphan exception that keeps its payload.
 */
import { describe, expect, it } from 'vitest';
import { refundOrder } from '../../emulators/shopify/refund-order.ts';
import { createMintsoftAdapter } from '../../src/connectors/warehouse/index.ts';
import { listExceptions, listLinks } from '../../src/ledger/index.ts';
import { sandboxSecrets } from '../../src/sandbox/run-sandbox.ts';
import { waitFor } from '../support/wait-for.ts';
import { warehouseOrder } from '../../src/connectors/warehouse/test-support/orders.ts';
import { placeAndRelease, recordOf, recordsOf, runNow, settle, ukOrder, useWarehouseSandbox } from '../support/warehouse-sandbox.ts';

describe('release and shipments through the emulators', () => {
  const world = useWarehouseSandbox();
  const { bcRows } = world;
  const shipmentsOf = (orderNumber: string) => bcRows('salesShipments').filter((row) => row.orderNumber === orderNumber);
  const linesOfShipment = (id: unknown) =>
    bcRows('salesShipmentLines')
      .filter((line) => line.documentId === id)
      .map((line) => `${String(line.lineObjectNumber)}×${String(line.quantity)}`)
      .sort();
  const shopifyOrder = (id: string) => world.sandbox.shopify.emulator.shop.orders.get(BigInt(id.split('/').pop()!))!;

  it('ships a split order part by part, out of order and with duplicated callbacks, exactly once each', async () => {
    const { sandbox, scend } = world;
    const { orderId, salesOrder, release } = await placeAndRelease(
      sandbox,
      ukOrder([
        ['TEE-ORG-M', 2],
        ['SOCK-WOOL-3PK', 1],
      ]),
    );
    // Released in BC (API status Open) and at Scend under the immutable reference.
    expect(bcRows('salesOrders').find((row) => row.number === salesOrder)?.status).toBe('Open');
    expect(release.targetIds['warehouse.order.reference']).toBe(salesOrder);
    const [first] = scend.control.orderParts(salesOrder);
    expect(scend.control.orderParts(salesOrder)).toHaveLength(1);

    // A second release poll, and a send job run again, change nothing at the warehouse.
    await runNow(sandbox, 'release.poll');
    await sandbox.hub.queue.enqueue('release.send', { recordId: release.id }, { key: `again:${release.id}` });
    await settle(sandbox, 'release');
    expect(scend.control.orderParts(salesOrder)).toHaveLength(1);

    // Scend splits off the socks and ships them first, in two parcels; every callback comes twice, out of order.
    const split = scend.control.split(first!.id, [{ sku: 'SOCK-WOOL-3PK', quantity: 1 }]);
    scend.control.setCallbackFaults({ duplicateRate: 1, reorderWindowMs: 50 });
    scend.control.despatch(split.id, { trackingNumbers: ['RM100000001GB', 'RM100000002GB'] });
    await scend.callbacksIdle();
    const firstShipment = await waitFor(
      async () =>
        (await recordsOf(sandbox, 'shipments')).find((record) => record.sourceId === String(split.id) && record.state === 'posted'),
      {
        timeoutMs: 30_000,
        what: 'the first shipment to be posted',
      },
    );
    expect(firstShipment.targetIds['bc.invoice']).toBe('pending-full-shipment');
    const afterFirst = shipmentsOf(salesOrder);
    expect(afterFirst).toHaveLength(1);
    // The socks, and the shipping charge with the first shipment; not the tees.
    expect(linesOfShipment(afterFirst[0]!.id)).toEqual(['40250×1', 'SOCK-WOOL-3PK×1']);
    expect(bcRows('salesInvoices').filter((row) => row.orderNumber === salesOrder)).toHaveLength(0);
    const fulfilled = shopifyOrder(orderId).fulfillments;
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]!.notifyCustomer).toBe(true);
    expect(fulfilled[0]!.tracking.map((entry) => entry.number)).toEqual(['RM100000001GB', 'RM100000002GB']);
    expect(fulfilled[0]!.tracking[0]!.company).toBe('Royal Mail');

    // The rest ships; BC ships exactly the tees, then invoices the whole order once.
    scend.control.despatch(first!.id, { trackingNumbers: ['RM100000003GB'] });
    await scend.callbacksIdle();
    await waitFor(
      async () =>
        (await recordsOf(sandbox, 'shipments')).filter((record) => record.sourceRef === salesOrder && record.state === 'posted').length ===
        2,
      {
        timeoutMs: 30_000,
        what: 'the second shipment to be posted',
      },
    );
    const shipments = shipmentsOf(salesOrder);
    expect(shipments).toHaveLength(2);
    expect(shipments.map((row) => linesOfShipment(row.id).join(' ')).sort()).toEqual(['40250×1 SOCK-WOOL-3PK×1', 'TEE-ORG-M×2']);
    const invoices = bcRows('salesInvoices').filter((row) => row.orderNumber === salesOrder);
    expect(invoices).toHaveLength(1);
    // Fully shipped and invoiced: BC removes the order.
    expect(bcRows('salesOrders').find((row) => row.number === salesOrder)).toBeUndefined();
    expect(shopifyOrder(orderId).fulfillments).toHaveLength(2);
    expect(shopifyOrder(orderId).fulfillmentOrders.every((fo) => fo.status === 'CLOSED')).toBe(true);

    // Every duplicate was recognised; the poll over the same despatches changes nothing.
    const deliveries = scend.control.deliveries().filter((delivery) => delivery.status === 'delivered');
    expect(deliveries.filter((delivery) => delivery.duplicate).length).toBeGreaterThan(0);
    await runNow(sandbox, 'shipments.poll', 'shipments');
    expect(shipmentsOf(salesOrder)).toHaveLength(2);
    expect(bcRows('salesInvoices').filter((row) => row.orderNumber === salesOrder)).toHaveLength(1);
    expect(shopifyOrder(orderId).fulfillments).toHaveLength(2);
    const trail = (await listLinks(sandbox.hub.store.db, release.linkGroup)).map((link) => `${link.system}:${link.kind}`);
    expect(trail).toEqual(
      expect.arrayContaining([
        'shopify:order',
        'bc:salesOrder',
        'warehouse:order',
        'warehouse:shipment',
        'bc:salesShipment',
        'bc:salesInvoice',
        'shopify:fulfillment',
      ]),
    );
    scend.control.setCallbackFaults({ duplicateRate: 0, reorderWindowMs: 0 });
  }, 120_000);

  it('a return after the order was shipped and invoiced becomes one credit memo; the order itself is left alone', async () => {
    const { sandbox, scend } = world;
    const { orderId, name, salesOrder } = await placeAndRelease(sandbox, ukOrder([['HOOD-MRN-M', 2]]));
    const [part] = scend.control.orderParts(salesOrder);
    scend.control.despatch(part!.id, { trackingNumbers: ['RM100000010GB'] });
    await scend.callbacksIdle();
    await waitFor(
      async () => (await recordsOf(sandbox, 'shipments')).some((record) => record.sourceRef === salesOrder && record.state === 'posted'),
      {
        timeoutMs: 30_000,
        what: 'the shipment to be posted',
      },
    );
    expect(bcRows('salesOrders').find((row) => row.number === salesOrder)).toBeUndefined(); // invoiced, so closed by BC

    // The customer sends one hoodie back; Shopify refunds it with a return, then tells the hub (refunds/create, orders/updated).
    const order = shopifyOrder(orderId);
    const returned = refundOrder(sandbox.shopify.emulator.shop, order, {
      lines: [{ lineId: order.lines[0]!.id, quantity: 1, restockType: 'RETURN' }],
      note: 'Returned by the customer',
    });
    expect(returned.error).toBeUndefined();
    const refundRecord = await waitFor(
      async () => {
        const record = (await recordsOf(sandbox, 'refunds')).find((candidate) =>
          candidate.sourceId.endsWith(`/${String(returned.refund!.id)}`),
        );
        return record?.state === 'posted' ? record : undefined;
      },
      { timeoutMs: 30_000, what: 'the refund to be credited' },
    );
    const memos = bcRows('salesCreditMemos').filter((row) => row.externalDocumentNumber === `SHOPR-${String(returned.refund!.id)}`);
    expect(memos).toHaveLength(1);
    expect(refundRecord.targetIds).toMatchObject({ 'bc.creditMemo.number': memos[0]!.number });

    // The update that came with the refund is not an edit: no new BC order, no conflict, the record stays posted.
    await runNow(sandbox, 'orders.poll', 'orders');
    const ordersRecord = await recordOf(sandbox, 'orders', 'shopify', orderId);
    expect(ordersRecord).toMatchObject({ state: 'posted', targetIds: { 'bc.salesOrder.number': salesOrder } });
    expect(await listExceptions(sandbox.hub.store.db, { recordId: ordersRecord!.id, status: 'all' })).toEqual([]);
    expect(bcRows('salesOrders').filter((row) => row.externalDocumentNumber === `SHOP-${name.replace('#', '')}`)).toEqual([]);
  }, 90_000);

  it('keeps a despatch for an order the hub never sent as an orphan exception with its payload', async () => {
    const { sandbox, scend } = world;
    // An order keyed in by hand at the 3PL, with the hub's callbacks registered on it.
    const manual = createMintsoftAdapter({
      apiKey: sandbox.warehouse!.apiKey,
      config: {
        baseUrl: sandbox.warehouse!.url,
        clientId: sandbox.warehouse!.clientId,
        warehouseId: sandbox.warehouse!.warehouseId,
        requestsPerSecond: null,
        callback: { url: `${sandbox.hub.url}/webhooks/warehouse`, secret: sandboxSecrets.WAREHOUSE_CALLBACK_SECRET },
      },
    });
    const created = await manual.createOrder(warehouseOrder('MANUAL-77', [['CAP-CANVAS', 1]]));
    expect(created.outcome).toBe('created');
    const [part] = scend.control.orderParts('MANUAL-77');
    scend.control.despatch(part!.id, { trackingNumbers: ['RM999000777GB'] });
    await scend.callbacksIdle();
    const orphan = await waitFor(
      async () =>
        (await listExceptions(sandbox.hub.store.db, { flow: 'shipments' })).find((exception) => exception.code === 'orphan_shipment'),
      {
        timeoutMs: 30_000,
        what: 'the orphan exception',
      },
    );
    expect(orphan).toMatchObject({ category: 'orphan', owner: 'operations', status: 'open' });
    expect(orphan.message).toContain('MANUAL-77');
    expect(JSON.stringify(orphan.evidence)).toContain('RM999000777GB');
    // Nothing reached BC for it, and a poll over the same despatch only counts another occurrence.
    expect(bcRows('salesShipments').some((row) => String(row.orderNumber).includes('MANUAL'))).toBe(false);
    const status = await sandbox.hub.operations.status();
    expect(status.monitors.find((figure) => figure.name === 'shipped_not_in_bc')?.value).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
