/**
 * Crash safety of the three shipment steps: the hub dies right after BC shipped, after BC
 * invoiced, or after Shopify fulfilled (the call landed, the ledger never heard), or the
 * answer is lost; the next run — and any repeated confirmation after it — adds nothing: one
 * BC shipment, one invoice, one fulfilment per warehouse shipment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { FakeFulfillingChannel, FakeShippingErp, SimulatedCrash, type CrashPoint } from '../../../test/support/warehouse-world.ts';
import { shipmentsFlowSchema } from '../../config/warehouse-schema.ts';
import { systemClock } from '../../core/clock.ts';
import type { WarehouseShipment } from '../../core/domain/warehouse.ts';
import { silentLogger } from '../../core/logger.ts';
import { findRecord, listExceptions, receiveRecord, transitionRecord } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import type { ReleaseSource } from '../release/deps.ts';
import type { ShipmentsFlowDeps } from './deps.ts';
import { takeInShipment } from './intake.ts';
import { postShipments } from './post-shipment.ts';

describe('shipments flow: exactly once across crashes', () => {
  let store: Store;
  let next = 0;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  async function world(lines: [string, number][]) {
    next += 1;
    const reference = `S-ORD1${String(next).padStart(5, '0')}`;
    const erp = new FakeShippingErp(lines);
    erp.order!.number = reference;
    const channel = new FakeFulfillingChannel(lines);
    const queue = new RecordingQueue();
    const deps: ShipmentsFlowDeps = {
      db: store.db,
      erp,
      channel,
      queue,
      clock: systemClock,
      logger: silentLogger,
      warehouse: { listShipmentsSince: async () => ({ items: [], cursor: 'c', hasMore: false }) },
      config: shipmentsFlowSchema.parse({ shippingAgents: { 'Royal Mail': 'ROYALMAIL' } }),
      orders: { locations: { 'Scend Warehouse': 'SCEND' } },
      locationCode: 'SCEND',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    };
    const source: ReleaseSource = {
      salesOrderId: 'so-1',
      number: reference,
      releasedBy: 'hub',
      channelOrderId: channel.order.id,
      header: null,
    };
    const { record } = await receiveRecord(store.db, {
      flow: 'release',
      sourceSystem: 'bc',
      sourceId: reference,
      sourceRef: reference,
      payload: source,
      actor: 'test',
    });
    await transitionRecord(store.db, record.id, { to: 'posting', actor: 'test', externalRef: reference });
    await transitionRecord(store.db, record.id, { to: 'posted', actor: 'test', targetIds: { 'bc.salesOrder.number': reference } });
    let part = 0;
    const shipment = (shipped: [string, number][]): WarehouseShipment => {
      part += 1;
      return {
        id: `${reference}-p${part}`,
        orderReference: reference,
        wmsOrderId: `${next}0${part}`,
        partNumber: part,
        partCount: 2,
        despatchedAt: `2026-11-23T10:0${part}:00.000Z`,
        carrier: 'Royal Mail',
        service: 'Tracked 48',
        parcels: [{ trackingNumber: `RM${next}${part}GB`, trackingUrl: null }],
        trackingNumbers: [`RM${next}${part}GB`],
        trackingUrls: [],
        lines: shipped.map(([sku, quantity]) => ({ sku, quantity })),
      };
    };
    /** A confirmation arrives (callback or poll) and the order's shipments are posted. */
    const confirm = async (confirmed: WarehouseShipment) => {
      await takeInShipment(deps, confirmed, 'test');
      return postShipments(deps, { reference });
    };
    return { reference, erp, channel, deps, shipment, confirm };
  }

  for (const point of ['ship', 'invoice', 'fulfil'] as CrashPoint[]) {
    it(`a crash right after the ${point} step is settled by the next confirmation, and later ones change nothing`, async () => {
      const { erp, channel, shipment, confirm, reference } = await world([
        ['TEE-ORG-M', 2],
        ['SOCK-WOOL-3PK', 1],
      ]);
      if (point === 'fulfil') channel.crash = true;
      else erp.crashAfter = point;
      const despatched = shipment([
        ['TEE-ORG-M', 2],
        ['SOCK-WOOL-3PK', 1],
      ]);
      await expect(confirm(despatched)).rejects.toBeInstanceOf(SimulatedCrash);
      const inDoubt = await findRecord(store.db, { flow: 'shipments', sourceSystem: 'warehouse', sourceId: despatched.id });
      expect(inDoubt?.state).toBe('posting');

      for (let again = 0; again < 3; again += 1) await confirm(despatched);
      const record = await findRecord(store.db, { flow: 'shipments', sourceSystem: 'warehouse', sourceId: despatched.id });
      expect(record?.state).toBe('posted');
      expect(erp.shipments).toHaveLength(1);
      expect(erp.invoices).toHaveLength(1);
      expect(channel.fulfillments).toHaveLength(1);
      expect(record!.targetIds['bc.shipment.number']).toBe(erp.shipments[0]!.number);
      expect(record!.targetIds['bc.invoice']).toBe(erp.invoices[0]!.number);
      expect(erp.order).toBeUndefined(); // fully shipped and invoiced: gone from BC
      expect(
        await listExceptions(store.db, { flow: 'shipments', status: 'open' }).then((open) =>
          open.filter((exception) => exception.message.includes(reference)),
        ),
      ).toEqual([]);
    });
  }

  for (const point of ['ship', 'invoice'] as CrashPoint[]) {
    it(`a lost answer of the BC ${point} step is adopted in the same run`, async () => {
      const { erp, channel, shipment, confirm } = await world([['TEE-ORG-M', 1]]);
      erp.loseAnswerOf = point;
      const outcomes = await confirm(shipment([['TEE-ORG-M', 1]]));
      expect([...outcomes.values()]).toEqual(['posted']);
      expect(erp.shipments).toHaveLength(1);
      expect(erp.invoices).toHaveLength(1);
      expect(channel.fulfillments).toHaveLength(1);
    });
  }

  it('adopts a landed partial fulfilment by quantities, so the rest of the line is not fulfilled twice', async () => {
    const { erp, channel, shipment, confirm } = await world([
      ['TEE-ORG-M', 3],
      ['SOCK-WOOL-3PK', 1],
    ]);
    const first = shipment([['TEE-ORG-M', 1]]);
    channel.crash = true;
    await expect(confirm(first)).rejects.toBeInstanceOf(SimulatedCrash);
    await confirm(first);
    expect(channel.fulfillments).toHaveLength(1);
    expect(channel.order.fulfillmentOrders[0]!.lines[0]!.remainingQuantity).toBe(2);
    // The invoice waits for the order to ship completely.
    expect(erp.invoices).toHaveLength(0);

    const second = shipment([
      ['TEE-ORG-M', 2],
      ['SOCK-WOOL-3PK', 1],
    ]);
    await confirm(second);
    await confirm(first);
    await confirm(second);
    expect(
      erp.shipments.map((posted) =>
        posted
          .lines!.map((posted) => `${posted.lineObjectNumber}×${posted.quantity}`)
          .sort()
          .join(' '),
      ),
    ).toEqual(['40250×1 TEE-ORG-M×1', 'SOCK-WOOL-3PK×1 TEE-ORG-M×2']);
    expect(erp.invoices).toHaveLength(1);
    expect(channel.fulfillments).toHaveLength(2);
    expect(channel.order.fulfillmentOrders[0]!.status).toBe('CLOSED');
  });

  it('holds a shipment the BC order cannot take as a mismatch, posting nothing', async () => {
    const { erp, channel, shipment, confirm } = await world([['TEE-ORG-M', 1]]);
    const outcomes = await confirm(
      shipment([
        ['TEE-ORG-M', 2],
        ['HOOD-MRN-L', 1],
      ]),
    );
    expect([...outcomes.values()]).toEqual(['exception']);
    const [mismatch] = (await listExceptions(store.db, { flow: 'shipments', status: 'open' })).filter(
      (exception) => exception.code === 'shipment_mismatch' && exception.message.includes(erp.order!.number),
    );
    expect(mismatch!.message).toMatch(
      /2 × TEE-ORG-M shipped, but the BC order has only 1 of it open; 1 × HOOD-MRN-L shipped, but the BC order has no line for HOOD-MRN-L/,
    );
    expect(erp.shipments).toHaveLength(0);
    expect(channel.fulfillments).toHaveLength(0);
  });
});
