import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { reconciliationSchema } from '../../config/money-schema.ts';
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { receiveRecord, transitionRecord } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import type { ReconciliationDeps, ReconciliationOrder } from './deps.ts';
import { monthPeriod, reconcilePeriod } from './reconcile.ts';
import { getRunReport, reportCsv } from './runs.ts';

async function* from<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

const payout = (legacyId: string, net: string): ChannelPayout => ({
  id: `gid://shopify/ShopifyPaymentsPayout/${legacyId}`,
  legacyId,
  issuedAt: '2026-11-20T06:00:00Z',
  status: 'PAID',
  direction: 'DEPOSIT',
  net,
  currency: 'GBP',
  externalTraceId: null,
  summary: {} as ChannelPayout['summary'],
});
const charge = (payoutId: string, amount: string, fee: string, net: string): ChannelBalanceTransaction => ({
  id: `gid://shopify/ShopifyPaymentsBalanceTransaction/${payoutId}${amount}`,
  type: 'CHARGE',
  sourceType: 'CHARGE',
  test: false,
  transactionDate: '2026-11-19T10:00:00Z',
  amount,
  fee,
  net,
  currency: 'GBP',
  orderTransactionId: null,
  orderId: null,
  orderName: null,
  payoutId: `gid://shopify/ShopifyPaymentsPayout/${payoutId}`,
  payoutStatus: 'PAID',
  adjustmentReason: null,
});

async function posted(store: Store, flow: string, sourceId: string, targetIds: Record<string, string>, postedSnapshot?: unknown) {
  const { record } = await receiveRecord(store.db, { flow, sourceSystem: 'shopify', sourceId, actor: 'test' });
  await transitionRecord(store.db, record.id, { to: 'posting', actor: 'test' });
  return transitionRecord(store.db, record.id, { to: 'posted', actor: 'test', targetIds, ...(postedSnapshot ? { postedSnapshot } : {}) });
}

describe('the month-end reconciliation of a seeded month', () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  it('finds every planted difference and reports nothing else; a second run says what is new and what was resolved', async () => {
    const world = ordersHarness(store);
    // Five orders in November reach BC; a sixth never does (the hub never heard of it); one from October is out of the period.
    const orders: ChannelOrder[] = [];
    for (const number of [7101, 7102, 7103, 7104, 7105]) orders.push(await world.place({ number, createdAt: '2026-11-10T09:00:00Z' }));
    await world.runQueued();
    const missing = sampleOrder({ number: 7106, createdAt: '2026-11-12T09:00:00Z' });
    const october = sampleOrder({ number: 7099, createdAt: '2026-10-30T09:00:00Z' });
    // A wrong amount: someone changed order 7102 in BC.
    const changed = world.erp.salesOrders.find((order) => order.externalDocumentNumber === 'SHOP-7102')!;
    changed.totalAmountIncludingTax = (Number(changed.totalAmountIncludingTax) + 5).toFixed(2);
    // Order 7103 was shipped and invoiced: BC removed the order, its invoice carries the amount.
    const shipped = world.erp.salesOrders.find((order) => order.externalDocumentNumber === 'SHOP-7103')!;
    world.erp.invoiceOrder(shipped.number);
    world.erp.salesOrders.splice(world.erp.salesOrders.indexOf(shipped), 1);

    // Refunds: 7101's has its memo; 7104's has none (never credited); 7105's cancelled unshipped units need none.
    const refunds = new Map<string, ReconciliationOrder['refunds']>([
      [orders[0]!.id, [{ id: 'gid://shopify/Refund/81', legacyId: '81', createdAt: '2026-11-15T10:00:00Z', refunded: '12.00' }]],
      [orders[3]!.id, [{ id: 'gid://shopify/Refund/84', legacyId: '84', createdAt: '2026-11-16T10:00:00Z', refunded: '20.00' }]],
      [orders[4]!.id, [{ id: 'gid://shopify/Refund/85', legacyId: '85', createdAt: '2026-11-17T10:00:00Z', refunded: '9.00' }]],
    ]);
    await posted(store, 'refunds', 'gid://shopify/Refund/81', { 'bc.creditMemo.number': 'PSCM1' });
    world.erp.creditMemos.push({ externalDocumentNumber: 'SHOPR-81', number: 'PSCM1' } as (typeof world.erp.creditMemos)[number]);
    const cancelled = await receiveRecord(store.db, {
      flow: 'refunds',
      sourceSystem: 'shopify',
      sourceId: 'gid://shopify/Refund/85',
      actor: 'test',
    });
    await transitionRecord(store.db, cancelled.record.id, { to: 'skipped', actor: 'test', reason: 'nothing_to_credit' });

    // Payouts: one posted with its journal, one paid but never posted.
    const paid = payout('501', '97.15');
    const forgotten = payout('502', '48.80');
    await posted(
      store,
      'payouts',
      paid.id,
      { 'bc.journal.documentNumber': 'SP501', 'bc.journal.posted': 'true' },
      { totalDebit: '100.00' },
    );
    const entries = [
      { documentNumber: 'SP501', debitAmount: '97.15' },
      { documentNumber: 'SP501', debitAmount: '2.85' },
    ];

    const listing = [...orders, missing, october].map((order) => ({
      id: order.id,
      name: order.name,
      createdAt: order.createdAt,
      cancelledAt: null,
      test: false,
      total: order.totals.total,
      refunds: refunds.get(order.id) ?? [],
    }));
    const drift = { sku: 'TEE-ORG-M', location: 'SCEND', warehouse: 11, bc: 12, pendingAdjustments: 0, inTransit: 0, drift: -1 };
    const deps: ReconciliationDeps = {
      db: store.db,
      clock: world.deps.clock,
      logger: world.deps.logger,
      channel: {
        listReconciliationOrders: () => from(listing),
        listPayouts: () => from([paid, forgotten]),
        listBalanceTransactions: (id) =>
          from(id === paid.id ? [charge('501', '100.00', '2.85', '97.15')] : [charge('502', '50.00', '1.20', '48.80')]),
      },
      erp: {
        getSalesOrder: (id) => world.erp.getSalesOrder(id),
        findSalesInvoicesByOrderNumber: (number) => world.erp.findSalesInvoicesByOrderNumber(number),
        findSalesCreditMemosByExternalDocumentNumber: (reference) => world.erp.findSalesCreditMemosByExternalDocumentNumber(reference),
        listGeneralLedgerEntries: async (numbers) => entries.filter((entry) => numbers.includes(entry.documentNumber)),
        findJournalByCode: async () => ({ id: 'journal' }),
        listJournalLines: async () => [],
      },
      config: reconciliationSchema.parse({}),
      orders: world.deps.config,
      refundsReferencePrefix: 'SHOPR-',
      payouts: { journalBatch: 'SHOPIFY', post: true },
      stockDrift: async () => ({ lines: [drift], asOf: '2026-11-30T23:00:00Z' }),
    };

    const first = await reconcilePeriod(deps, monthPeriod('2026-11'), 'test');
    const report = (await getRunReport(store.db, first.id))!;
    expect(report.differences.map((difference) => [difference.category, difference.reference])).toEqual([
      ['order_amount_differs', '#7102'],
      ['order_missing_in_bc', '#7106'],
      ['payout_not_posted', 'payout 502 (2026-11-20)'],
      ['refund_without_credit_memo', '#7104 refund 84'],
      ['stock_drift', 'TEE-ORG-M at SCEND'],
    ]);
    expect(report.compared).toMatchObject({ orders: 6, refunds: 3, payouts: 2 });
    const amount = report.differences.find((difference) => difference.category === 'order_amount_differs')!;
    expect(amount).toMatchObject({ bcAmount: changed.totalAmountIncludingTax, recordId: expect.any(Number), change: 'new' });
    expect(Number(amount.bcAmount) - Number(amount.shopifyAmount)).toBeCloseTo(5);

    // Finance fixes the BC order; the next run still sees the rest, and says what was resolved.
    changed.totalAmountIncludingTax = (Number(changed.totalAmountIncludingTax) - 5).toFixed(2);
    const second = (await getRunReport(store.db, (await reconcilePeriod(deps, monthPeriod('2026-11'), 'test')).id))!;
    expect(second.differences.map((difference) => difference.change)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(second.previous).toMatchObject({ id: first.id, resolved: [expect.objectContaining({ reference: '#7102' })] });

    const rows = parse(reportCsv(second), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.reference, row.since_last_run])).toEqual([
      ['#7106', 'unchanged'],
      ['payout 502 (2026-11-20)', 'unchanged'],
      ['#7104 refund 84', 'unchanged'],
      ['TEE-ORG-M at SCEND', 'unchanged'],
      ['#7102', 'resolved'],
    ]);
    expect(rows[0]).toMatchObject({
      period_from: '2026-11-01',
      period_to: '2026-12-01',
      category: 'Shopify orders missing in Business Central',
    });
  });
});
