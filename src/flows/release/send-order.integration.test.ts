/**
 * The release flow over a real store with an in-memory BC and warehouse: auto-release sends
 * what the hub posted once, never an order held by a tax mismatch (nor one released in BC
 * while held); an order the warehouse has not acknowledged in time raises the alert and
 * counts in the monitoring figures until it is there; warehouse statuses apply forward only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { testOrdersConfig } from '../../../test/support/orders-config.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { releaseFlowSchema } from '../../config/warehouse-schema.ts';
import type { ErpSalesOrder } from '../../core/domain/erp.ts';
import type { CreateOrderResult, WarehouseOrder } from '../../core/domain/warehouse.ts';
import { ConnectorError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import {
  findRecord,
  listAudit,
  listExceptions,
  raiseException,
  receiveRecord,
  resolveException,
  transitionRecord,
} from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { ordersException } from '../orders/exceptions.ts';
import type { ReleaseFlowDeps, ReleaseJob } from './deps.ts';
import { pollReleasedOrders, releasePostedOrders } from './intake.ts';
import { MAX_REOPENINGS_PER_DAY, sendOrder } from './send-order.ts';
import { releaseMonitors, watchUnacknowledged } from './watch.ts';
import { applyWarehouseStatus } from './warehouse-status.ts';

describe('release flow', () => {
  let store: Store;
  let number = 7000;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  function world(options: { autoRelease?: boolean } = {}) {
    const orders = new Map<string, ErpSalesOrder>();
    const sent: WarehouseOrder[] = [];
    let unreachable = false;
    let offsetMs = 0;
    const queue = new RecordingQueue();
    const deps: ReleaseFlowDeps = {
      db: store.db,
      queue,
      logger: silentLogger,
      locationCode: 'SCEND',
      orders: testOrdersConfig(),
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      config: releaseFlowSchema.parse({ autoRelease: options.autoRelease ?? true, ackTimeoutMinutes: 30 }),
      clock: { now: () => Date.now() + offsetMs, sleep: async () => undefined },
      erp: {
        async getSalesOrder(id) {
          return structuredClone(orders.get(id));
        },
        async listLocations() {
          return [
            { id: 'loc-scend', code: 'SCEND' },
            { id: 'loc-london', code: 'LONDON' },
          ];
        },
        async findItemByNumber(itemNumber) {
          return {
            id: itemNumber,
            number: itemNumber,
            displayName: itemNumber,
            gtin: null,
            blocked: false,
            type: 'Inventory',
            unitPrice: '1',
            priceIncludesTax: true,
          };
        },
        async releaseSalesOrder(id) {
          orders.get(id)!.status = 'Open';
        },
        async *listSalesOrdersChangedSince() {
          for (const order of orders.values()) {
            yield {
              id: order.id,
              number: order.number,
              externalDocumentNumber: '',
              customerNumber: 'C00010',
              status: order.status,
              currencyCode: '',
              email: null,
              phone: null,
              shipmentMethodCode: null,
              lastModifiedDateTime: order.lastModifiedDateTime || new Date().toISOString(),
              shipTo: { name: null, contact: null, address1: null, address2: null, city: null, state: null, postCode: null, country: null },
            };
          }
        },
      },
      warehouse: {
        async createOrder(order): Promise<CreateOrderResult> {
          if (unreachable)
            throw new ConnectorError({ system: 'warehouse', code: 'upstream_unavailable', message: 'Mintsoft answered 503' });
          const known = sent.find((earlier) => earlier.reference === order.reference);
          if (!known) sent.push(order);
          return {
            outcome: known ? 'adopted' : 'created',
            order: {
              reference: order.reference,
              externalReference: null,
              status: 'released',
              parts: [
                {
                  wmsOrderId: `9${sent.length}`,
                  partNumber: 1,
                  partCount: 1,
                  status: 'released',
                  wmsStatus: 'NEW',
                  lines: [],
                  updatedAt: null,
                },
              ],
            },
          };
        },
        async getProduct(sku) {
          return { sku, barcode: null, description: sku, weightKg: '0', customs: null, wmsProductId: '1' };
        },
      },
    };
    /** An order the orders flow posted to BC (a Draft, not released). */
    const posted = async () => {
      number += 1;
      const channelOrder = sampleOrder({ number });
      const id = `so-${number}`;
      const salesOrder = `S-ORD${number}`;
      orders.set(id, {
        id,
        number: salesOrder,
        externalDocumentNumber: `SHOP-${number}`,
        customerNumber: 'C00010',
        orderDate: '2026-11-24',
        status: 'Draft',
        currencyCode: '',
        pricesIncludeTax: true,
        totalAmountExcludingTax: '55',
        totalTaxAmount: '11',
        totalAmountIncludingTax: '66.00',
        lastModifiedDateTime: '',
        lines: [
          {
            id: 'l1',
            sequence: 10000,
            lineType: 'Item',
            lineObjectNumber: 'TEE-ORG-M',
            description: '',
            quantity: '2',
            unitPrice: '24',
            discountAmount: '4.8',
            amountExcludingTax: '36',
            totalTaxAmount: '7.2',
            amountIncludingTax: '43.20',
            shippedQuantity: '0',
          },
        ],
      });
      const { record } = await receiveRecord(store.db, {
        flow: 'orders',
        sourceSystem: 'shopify',
        sourceId: channelOrder.id,
        sourceRef: channelOrder.name,
        payload: channelOrder,
        actor: 'test',
      });
      await transitionRecord(store.db, record.id, { to: 'posting', actor: 'test' });
      const done = await transitionRecord(store.db, record.id, {
        to: 'posted',
        actor: 'test',
        targetIds: { 'bc.salesOrder.id': id, 'bc.salesOrder.number': salesOrder, 'bc.customer.number': 'C00010' },
      });
      return { ordersRecord: done, salesOrder, id };
    };
    const sendQueued = async () => {
      const outcomes = [];
      for (const job of queue.drain()) {
        try {
          outcomes.push(await sendOrder(deps, job.data as ReleaseJob));
        } catch (error) {
          outcomes.push((error as Error).message);
        }
      }
      return outcomes;
    };
    return {
      deps,
      orders,
      sent,
      posted,
      sendQueued,
      setUnreachable: (value: boolean) => (unreachable = value),
      later: (ms: number) => (offsetMs += ms),
    };
  }

  it('auto-releases what the hub posted, once, and never an order held by a tax mismatch', async () => {
    const { deps, orders, sent, posted, sendQueued } = world();
    const clean = await posted();
    const held = await posted();
    const mismatch = await raiseException(store.db, { ...ordersException('tax_mismatch', 'VAT differs'), recordId: held.ordersRecord.id });

    expect(await releasePostedOrders(deps)).toBeGreaterThanOrEqual(1);
    expect(await sendQueued()).toContain('sent');
    expect(orders.get(clean.id)!.status).toBe('Open');
    expect(sent.map((order) => order.reference)).toContain(clean.salesOrder);
    expect(sent.map((order) => order.reference)).not.toContain(held.salesOrder);
    expect(orders.get(held.id)!.status).toBe('Draft');
    const record = await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: clean.salesOrder });
    expect(record).toMatchObject({
      state: 'posted',
      linkGroup: clean.ordersRecord.linkGroup,
      targetIds: { 'warehouse.order.reference': clean.salesOrder, 'shopify.order.id': clean.ordersRecord.sourceId },
    });

    // Scanned again: nothing new. Finance resolves the mismatch: the held order goes out.
    await releasePostedOrders(deps);
    await sendQueued();
    expect(sent.filter((order) => order.reference === clean.salesOrder)).toHaveLength(1);
    await resolveException(store.db, mismatch.id, { by: 'finance', note: 'VAT setup corrected' });
    await releasePostedOrders(deps);
    await sendQueued();
    expect(sent.map((order) => order.reference)).toContain(held.salesOrder);
  });

  it('looks at an order with nothing for the warehouse once, however often the poll reads it, and again only when BC changes it', async () => {
    const { deps, orders, sent, posted, sendQueued, later } = world();
    const { id, salesOrder } = await posted();
    const order = orders.get(id)!;
    order.lines = order.lines!.map((line) => ({ ...line, locationId: 'loc-london' }));
    order.lastModifiedDateTime = new Date(Date.now() - 60_000).toISOString();
    await releasePostedOrders(deps);
    expect(await sendQueued()).toEqual(['skipped']);
    // The poll's overlap window reads the order again and again (the #1010 loop): nothing reopens.
    for (let poll = 0; poll < 5; poll += 1) {
      later(20_000);
      await pollReleasedOrders(deps);
      expect(await sendQueued()).toEqual([]);
    }
    const record = await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: salesOrder });
    expect(record?.state).toBe('skipped');
    const history = await listAudit(store.db, { entity: 'record', entityId: record!.id });
    expect(history.filter((entry) => entry.action === 'released_again')).toHaveLength(0);

    // Changed in BC after the hub decided: a line now ships from the warehouse, and it goes there.
    order.lines = order.lines!.map((line) => ({ ...line, locationId: 'loc-scend' }));
    order.lastModifiedDateTime = new Date(Date.now() + 1_000).toISOString();
    await pollReleasedOrders(deps);
    expect(await sendQueued()).toEqual(['sent']);
    expect(sent.map((each) => each.reference)).toContain(salesOrder);
  });

  it('turns an order BC keeps releasing with nothing to send into an exception instead of looping', async () => {
    const { deps, orders, posted, sendQueued } = world();
    const { id, salesOrder } = await posted();
    const order = orders.get(id)!;
    order.lines = order.lines!.map((line) => ({ ...line, locationId: 'loc-london' }));
    await releasePostedOrders(deps);
    expect(await sendQueued()).toEqual(['skipped']);
    const outcomes: string[] = [];
    for (let change = 1; change <= MAX_REOPENINGS_PER_DAY + 1; change += 1) {
      // Each time BC really changes the order after the hub's last decision.
      order.lastModifiedDateTime = new Date(Date.now() + change * 1_000).toISOString();
      await new Promise((resolve) => setImmediate(resolve));
      await pollReleasedOrders(deps);
      outcomes.push(...((await sendQueued()) as string[]));
      const current = await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: salesOrder });
      // The next change must come after the decision the hub just recorded.
      if (current) order.lastModifiedDateTime = new Date(current.updatedAt.getTime() + 1).toISOString();
    }
    expect(outcomes.slice(0, MAX_REOPENINGS_PER_DAY - 1).every((outcome) => outcome === 'skipped')).toBe(true);
    expect(outcomes).toContain('exception');
    const record = await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: salesOrder });
    expect(record?.state).toBe('exception');
    const [exception] = await listExceptions(store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'release_not_progressing', owner: 'operations' });
    expect(exception!.message).toContain('nothing in it for the warehouse');
    // Read again without a change, the held record stays as it is: no loop through the exception either.
    order.lastModifiedDateTime = new Date(record!.updatedAt.getTime() - 1_000).toISOString();
    await pollReleasedOrders(deps);
    expect(await sendQueued()).toEqual([]);
  });

  it('does not send an order released in BC while the hub holds it', async () => {
    const { deps, orders, sent, posted, sendQueued } = world({ autoRelease: false });
    const held = await posted();
    await raiseException(store.db, { ...ordersException('tax_mismatch', 'VAT differs'), recordId: held.ordersRecord.id });
    orders.get(held.id)!.status = 'Open'; // released by someone in BC
    await pollReleasedOrders(deps);
    expect(await sendQueued()).toContain('exception');
    expect(sent.map((order) => order.reference)).not.toContain(held.salesOrder);
    const record = await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: held.salesOrder });
    const [exception] = await listExceptions(store.db, { recordId: record!.id });
    expect(exception).toMatchObject({ code: 'release_held', autoRetry: true });
    expect(exception!.message).toContain('tax_mismatch');
  });

  it('alerts on an order released but not at the warehouse in time, and counts it until it is there', async () => {
    const { deps, posted, sendQueued, setUnreachable, later } = world();
    const stuck = await posted();
    setUnreachable(true);
    await releasePostedOrders(deps);
    expect(await sendQueued()).toEqual(['Mintsoft answered 503']);
    const record = await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: stuck.salesOrder });
    const figure = async () => (await releaseMonitors(store.db, deps.clock.now(), 30)).map((entry) => [entry.name, entry.value]);
    expect(await figure()).toContainEqual(['released_not_acknowledged_overdue', 0]);
    expect(await watchUnacknowledged(deps)).toBe(0);

    later(31 * 60_000);
    expect(await watchUnacknowledged(deps)).toBeGreaterThanOrEqual(1);
    const [alert] = await listExceptions(store.db, { recordId: record!.id });
    expect(alert).toMatchObject({ code: 'released_not_at_warehouse', severity: 'critical', owner: 'operations' });
    const [count] = await releaseMonitors(store.db, deps.clock.now(), 30);
    expect(count!.value).toBeGreaterThanOrEqual(1);
    expect(count!.oldestAgeSeconds).toBeGreaterThanOrEqual(31 * 60);

    setUnreachable(false);
    expect(await sendOrder(deps, { recordId: record!.id })).toBe('sent');
    expect((await listExceptions(store.db, { recordId: record!.id, status: 'all' })).map((exception) => exception.status)).toEqual([
      'resolved',
    ]);
  });

  it("applies the warehouse's statuses forward only, raising and closing queries, keeping a cancellation open", async () => {
    const { deps, posted, sendQueued } = world();
    const { salesOrder } = await posted();
    await releasePostedOrders(deps);
    await sendQueued();
    const change = (wmsOrderId: string, status: Parameters<typeof applyWarehouseStatus>[1]['status'], wmsStatus: string) =>
      applyWarehouseStatus(deps, { orderReference: salesOrder, wmsOrderId, status, wmsStatus });
    expect(await change('91', 'exception', 'QUERYRAISED')).toBe('applied');
    const record = await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: salesOrder });
    expect((await listExceptions(store.db, { recordId: record!.id })).map((exception) => exception.code)).toEqual(['warehouse_query']);
    expect(await change('92', 'cancelled', 'CANCELLED')).toBe('applied');
    expect(await change('91', 'picking', 'PICKINGSTARTED')).toBe('applied');
    expect(await change('91', 'released', 'NEW')).toBe('stale');
    expect(await change('91', 'picking', 'PICKINGSTARTED')).toBe('stale');
    const open = await listExceptions(store.db, { recordId: record!.id });
    expect(open.map((exception) => exception.code)).toEqual(['cancelled_at_warehouse']);
    expect((await findRecord(store.db, { flow: 'release', sourceSystem: 'bc', sourceId: salesOrder }))!.targetIds).toMatchObject({
      'warehouse.part.91': 'picking',
      'warehouse.part.92': 'cancelled',
    });
    expect(
      await applyWarehouseStatus(deps, { orderReference: 'NOT-OURS', wmsOrderId: '1', status: 'picking', wmsStatus: 'PICKINGSTARTED' }),
    ).toBe('unknown-order');
  });
});
