import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { cashApplicationSchema } from '../../config/money-schema.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { createInProcessBc } from '../../connectors/bc/test-support/emulated-bc.ts';
import { findRecord, listExceptions, receiveRecord, transitionRecord } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { applyCash } from './apply.ts';
import { CASH_FLOW, type CashApplicationDeps, type CashMovement } from './deps.ts';
import { pollOtherGateways, takeInCashMovement } from './intake.ts';
import { moneyMonitors } from './monitors.ts';

describe('cash application against the BC emulator', () => {
  let store: Store;
  let bc: ReturnType<typeof createInProcessBc>;
  let deps: CashApplicationDeps;
  let now: number;
  let next = 500;

  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());
  beforeEach(() => {
    now = Date.now();
    // BC's clock is the hub's: the days this test skips pass for both.
    const clock = { ...systemClock, now: () => now };
    bc = createInProcessBc({ clock });
    deps = {
      db: store.db,
      erp: bc.connector,
      queue: new RecordingQueue(),
      clock,
      logger: silentLogger,
      config: cashApplicationSchema.parse({ gateways: { paypal: '18110' }, invoiceWaitDays: 2 }),
      shopifyPaymentsClearing: '18100',
      localCurrency: 'GBP',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    };
  });

  /** A Shopify order in the ledger as the orders flow leaves it, and its BC order (invoiced when asked). */
  async function order(options: { invoiced?: boolean } = {}) {
    next += 1;
    const salesOrder = await bc.connector.createSalesOrder({
      externalDocumentNumber: `SHOP-${next}`,
      customerNumber: 'C00010',
      orderDate: '2026-11-18',
      pricesIncludeTax: true,
      lines: [{ lineType: 'Item', lineObjectNumber: 'TEE-ORG-M', quantity: '2', unitPrice: '24.00' }],
    });
    const { record } = await receiveRecord(store.db, {
      flow: 'orders',
      sourceSystem: 'shopify',
      sourceId: `gid://shopify/Order/${next}`,
      sourceRef: `#${next}`,
      actor: 'test',
    });
    await transitionRecord(store.db, record.id, { to: 'posting', actor: 'test' });
    await transitionRecord(store.db, record.id, {
      to: 'posted',
      actor: 'test',
      externalRef: `SHOP-${next}`,
      targetIds: { 'bc.salesOrder.id': salesOrder.id, 'bc.salesOrder.number': salesOrder.number, 'bc.customer.number': 'C00010' },
    });
    const invoice = options.invoiced ? (await bc.connector.shipAndInvoice(salesOrder.id)).invoices[0]! : undefined;
    return { id: `gid://shopify/Order/${next}`, name: `#${next}`, salesOrder, invoice, linkGroup: record.linkGroup };
  }

  /** A refund in the ledger with its posted credit memo (applied to the invoice or not). */
  async function refund(of: Awaited<ReturnType<typeof order>>, amount: string, options: { applyToInvoice: boolean }) {
    next += 1;
    const memo = (
      await bc.connector.createSalesCreditMemo({
        externalDocumentNumber: `SHOPR-${next}`,
        customerNumber: 'C00010',
        pricesIncludeTax: true,
        ...(options.applyToInvoice ? { invoiceId: of.invoice!.id } : {}),
        lines: [{ lineType: 'Account', lineObjectNumber: '40400', quantity: '1', unitPrice: amount }],
      })
    ).value;
    const posted = await bc.connector.postSalesCreditMemo(memo.id);
    const transactionId = `gid://shopify/OrderTransaction/${next}9`;
    const { record } = await receiveRecord(store.db, {
      flow: 'refunds',
      sourceSystem: 'shopify',
      sourceId: `gid://shopify/Refund/${next}`,
      payload: {
        id: `gid://shopify/Refund/${next}`,
        orderId: of.id,
        transactions: [{ id: transactionId, kind: 'REFUND', gateway: 'shopify_payments' }],
      },
      actor: 'test',
      linkGroup: of.linkGroup,
    });
    await transitionRecord(store.db, record.id, { to: 'posting', actor: 'test' });
    await transitionRecord(store.db, record.id, {
      to: 'posted',
      actor: 'test',
      targetIds: { 'bc.creditMemo.id': posted.id, 'bc.creditMemo.number': posted.number },
    });
    return { memo: posted, transactionId };
  }

  /**
   * An order paid in full (the payment applied, so closed) and a refund of it with no credit memo
   * (cancelled units the order change was left to): the refund goes against the closed payment,
   * and BC refuses to post its line.
   */
  async function paidOrderWithRefundBcRefuses(paymentId: number, refundMovementId: number) {
    const paid = await order({ invoiced: true });
    await take(paymentId, movement(paid, 'payment', String(paid.invoice!.totalAmountIncludingTax)));
    expect(await applyCash(deps)).toMatchObject({ applied: 1, posted: true });
    next += 1;
    const refundId = `gid://shopify/OrderTransaction/${next}`;
    const { record } = await receiveRecord(store.db, {
      flow: 'refunds',
      sourceSystem: 'shopify',
      sourceId: `gid://shopify/Refund/${next}`,
      payload: { id: `gid://shopify/Refund/${next}`, orderId: paid.id, transactions: [{ id: refundId, kind: 'REFUND' }] },
      actor: 'test',
      linkGroup: paid.linkGroup,
    });
    await transitionRecord(store.db, record.id, { to: 'skipped', actor: 'test', reason: 'no_memo_needed' });
    await take(refundMovementId, movement(paid, 'refund', '10.00', { orderTransactionId: refundId }));
  }

  const movement = (
    of: { id: string; name: string },
    kind: CashMovement['kind'],
    amount: string,
    extra: Partial<CashMovement> = {},
  ): CashMovement => ({
    kind,
    gateway: 'shopify_payments',
    amount,
    currency: 'GBP',
    orderId: of.id,
    orderName: of.name,
    orderTransactionId: null,
    payoutId: 'gid://shopify/ShopifyPaymentsPayout/1',
    settledAt: '2026-11-20T06:00:00Z',
    ...extra,
  });
  const take = (id: number, value: CashMovement) =>
    takeInCashMovement(deps, `gid://shopify/ShopifyPaymentsBalanceTransaction/${id}`, value, 'test');
  const invoiceRow = (number: string) => bc.emulator.rows('salesInvoices').find((row) => row.number === number)!;
  const memoRow = (number: string) => bc.emulator.rows('salesCreditMemos').find((row) => row.number === number)!;

  it('applies a charge to its invoice and a refund to its open credit memo, so both close', async () => {
    const sold = await order({ invoiced: true });
    const total = String(sold.invoice!.totalAmountIncludingTax);
    await take(9001, movement(sold, 'payment', total));
    const returned = await refund(sold, '12.00', { applyToInvoice: false });
    await take(9002, movement(sold, 'refund', '12.00', { orderTransactionId: returned.transactionId }));

    expect(await applyCash(deps)).toMatchObject({ applied: 2, waiting: 0, held: 0, posted: true });
    expect(invoiceRow(sold.invoice!.number)).toMatchObject({ status: 'Paid', remainingAmount: '0' });
    expect(memoRow(returned.memo.number)).toMatchObject({ status: 'Paid' });
    // The clearing account was emptied into the customer: debited by the payment, credited by the refund.
    const clearing = bc.emulator.rows('generalLedgerEntries').filter((row) => row.accountNumber === '18100');
    expect(clearing.map((row) => [row.documentNumber, row.debitAmount, row.creditAmount])).toEqual([
      ['SC9001', total, '0'],
      ['SC9002', '0', '12'],
    ]);
    const payment = (await findRecord(store.db, {
      flow: CASH_FLOW,
      sourceSystem: 'shopify',
      sourceId: 'gid://shopify/ShopifyPaymentsBalanceTransaction/9001',
    }))!;
    expect(payment).toMatchObject({ state: 'posted', externalRef: 'SC9001', linkGroup: sold.linkGroup });
    expect(payment.targetIds['bc.cashReceipt.appliedTo']).toBe(sold.invoice!.number);
    // Nothing is applied twice.
    expect(await applyCash(deps)).toMatchObject({ applied: 0 });
  });

  it('applies a refund to the payment it returns when its memo was already set against the invoice', async () => {
    const sold = await order({ invoiced: true });
    const total = String(sold.invoice!.totalAmountIncludingTax);
    const returned = await refund(sold, '10.00', { applyToInvoice: true });
    expect(memoRow(returned.memo.number).status).toBe('Paid');
    await take(9101, movement(sold, 'payment', total));
    await take(9102, movement(sold, 'refund', '10.00', { orderTransactionId: returned.transactionId }));
    // The refund waits for the payment to be applied first, then goes against it.
    expect(await applyCash(deps)).toMatchObject({ applied: 1, waiting: 1 });
    expect(await applyCash(deps)).toMatchObject({ applied: 1, waiting: 0 });
    expect(invoiceRow(sold.invoice!.number)).toMatchObject({ status: 'Paid', remainingAmount: '0' });
    const entries = bc.emulator.rows('lb.customerPaymentEntries');
    expect(entries.map((row) => [row.documentType, row.documentNumber, row.open])).toEqual([
      ['Payment', 'SC9101', false],
      ['Refund', 'SC9102', false],
    ]);
  });

  it('waits for a missing invoice, raises it for finance after the configured time, and applies it once invoiced', async () => {
    const sold = await order();
    await take(9201, movement(sold, 'payment', '48.00', { gateway: 'paypal', payoutId: null }));
    expect(await applyCash(deps)).toMatchObject({ applied: 0, waiting: 1 });
    expect(
      (await findRecord(store.db, {
        flow: CASH_FLOW,
        sourceSystem: 'shopify',
        sourceId: 'gid://shopify/ShopifyPaymentsBalanceTransaction/9201',
      }))!.state,
    ).toBe('waiting');
    expect((await moneyMonitors(store.db, now)).find((figure) => figure.name === 'cash_waiting')).toMatchObject({ value: 1 });
    now += 3 * 86_400_000;
    await applyCash(deps);
    const [exception] = await listExceptions(store.db, { flow: CASH_FLOW });
    expect(exception).toMatchObject({ code: 'invoice_not_found', owner: 'finance', autoRetry: true });

    const invoice = (await bc.connector.shipAndInvoice(sold.salesOrder.id)).invoices[0]!;
    expect(await applyCash(deps)).toMatchObject({ applied: 1 });
    expect(invoiceRow(invoice.number).status).toBe('Paid');
    // PayPal money cleared through PayPal's own clearing account.
    expect(bc.emulator.rows('generalLedgerEntries').find((row) => row.documentNumber === 'SC9201')).toMatchObject({
      accountNumber: '18110',
    });
    expect(await listExceptions(store.db, { flow: CASH_FLOW })).toEqual([]);
  });

  it('asks BC about a payment waiting for its invoice only when that order has an invoice that changed', async () => {
    await store.db.deleteFrom('lb_cursor').execute();
    const sold = await order();
    await take(9251, movement(sold, 'payment', '48.00', { gateway: 'paypal', payoutId: null }));
    const asked: string[] = [];
    const erp = bc.connector;
    deps.erp = Object.assign(Object.create(erp) as typeof erp, {
      findSalesInvoicesByOrderNumber: (number: string) => (asked.push(number), erp.findSalesInvoicesByOrderNumber(number)),
    });
    // The first run asks about every waiting payment.
    expect(await applyCash(deps)).toMatchObject({ applied: 0, waiting: 1 });
    expect(asked).toEqual([sold.salesOrder.number]);
    // Later runs read one listing of changed invoices and leave the payment alone, even when
    // another order is invoiced...
    for (const minutes of [2, 4, 6]) {
      now += 2 * 60_000;
      expect(await applyCash(deps), `after ${minutes} minutes`).toMatchObject({ applied: 0, waiting: 1 });
    }
    const other = await order({ invoiced: true });
    now += 2 * 60_000;
    expect(await applyCash(deps)).toMatchObject({ applied: 0, waiting: 1 });
    expect(asked).toEqual([sold.salesOrder.number]);
    // ...and find its own invoice on the next run after it is posted.
    const invoice = (await bc.connector.shipAndInvoice(sold.salesOrder.id)).invoices[0]!;
    now += 2 * 60_000;
    expect(await applyCash(deps)).toMatchObject({ applied: 1, waiting: 0 });
    expect(asked).toEqual([sold.salesOrder.number, sold.salesOrder.number]);
    expect(invoiceRow(invoice.number).status).toBe('Paid');
    expect(invoiceRow(other.invoice!.number).status).not.toBe('Paid');
  });

  it("reads the invoices of a payout's payments together, not one request per payment", async () => {
    await store.db.deleteFrom('lb_cursor').execute();
    const sold = [await order({ invoiced: true }), await order({ invoiced: true }), await order({ invoiced: true }), await order()];
    for (const [index, of] of sold.entries())
      await take(9600 + index, movement(of, 'payment', of.invoice ? String(of.invoice.totalAmountIncludingTax) : '48.00'));
    const single: string[] = [];
    const together: string[][] = [];
    const erp = bc.connector;
    deps.erp = Object.assign(Object.create(erp) as typeof erp, {
      findSalesInvoicesByOrderNumber: (number: string) => (single.push(number), erp.findSalesInvoicesByOrderNumber(number)),
      findSalesInvoicesByOrderNumbers: (numbers: string[]) => (together.push(numbers), erp.findSalesInvoicesByOrderNumbers(numbers)),
    });
    expect(await applyCash(deps)).toMatchObject({ applied: 3, waiting: 1 });
    expect(together).toEqual([sold.map((of) => of.salesOrder.number)]);
    expect(single).toEqual([]);
    for (const of of sold.slice(0, 3)) expect(invoiceRow(of.invoice!.number).status).toBe('Paid');
    // The one left waiting is applied once invoiced, leaving nothing behind for the other tests.
    const last = (await bc.connector.shipAndInvoice(sold[3]!.salesOrder.id)).invoices[0]!;
    now += 2 * 60_000;
    expect(await applyCash(deps)).toMatchObject({ applied: 1, waiting: 0 });
    expect(invoiceRow(last.number).status).not.toBe('Open');
  });

  it("takes in other gateways' payments from the orders the hub posted, and leaves card and gift-card money to the payouts", async () => {
    const sold = await order({ invoiced: true });
    const total = String(sold.invoice!.totalAmountIncludingTax);
    const transaction = (id: string, gateway: string, amount: string) => ({
      id: `gid://shopify/OrderTransaction/${id}`,
      kind: 'SALE',
      status: 'SUCCESS',
      gateway,
      paymentId: null,
      amount,
      processedAt: '2026-11-18T10:00:00Z',
      parentTransactionId: null,
      test: false,
    });
    await store.db
      .updateTable('lb_record')
      .set({
        payload: JSON.stringify({
          id: sold.id,
          name: sold.name,
          currency: 'GBP',
          createdAt: '2026-11-18T10:00:00Z',
          transactions: [
            transaction('71', 'paypal', total),
            transaction('72', 'gift_card', '5.00'),
            transaction('73', 'shopify_payments', '1.00'),
          ],
        }),
      })
      .where('source_id', '=', sold.id)
      .execute();
    await pollOtherGateways(deps);
    const taken = await findRecord(store.db, { flow: CASH_FLOW, sourceSystem: 'shopify', sourceId: 'gid://shopify/OrderTransaction/71' });
    expect(taken?.payload).toMatchObject({ kind: 'payment', gateway: 'paypal', amount: Number(total).toFixed(2), payoutId: null });
    for (const id of ['72', '73'])
      expect(
        await findRecord(store.db, { flow: CASH_FLOW, sourceSystem: 'shopify', sourceId: `gid://shopify/OrderTransaction/${id}` }),
      ).toBeUndefined();
    expect(await applyCash(deps)).toMatchObject({ applied: 1 });
    expect(invoiceRow(sold.invoice!.number).status).toBe('Paid');
  });

  it('applies once when the answer to the posting was lost: the lines it was given are kept, not planned again', async () => {
    const sold = await order({ invoiced: true });
    const total = String(sold.invoice!.totalAmountIncludingTax);
    await take(9401, movement(sold, 'payment', total));
    const lost = {
      ...deps,
      erp: {
        ...bc.connector,
        postCashReceiptJournal: async (journal: Parameters<typeof bc.connector.postCashReceiptJournal>[0]) => {
          await bc.connector.postCashReceiptJournal(journal);
          throw Object.assign(new Error('socket hang up'), { retryable: true });
        },
      },
    };
    await expect(applyCash(lost)).rejects.toThrow('socket hang up');
    expect(invoiceRow(sold.invoice!.number).status).toBe('Paid');
    // The invoice is closed now; planning again would make an unapplied second payment.
    expect(await applyCash(deps)).toMatchObject({ applied: 1, posted: true });
    expect(bc.emulator.rows('lb.customerPaymentEntries').filter((row) => row.documentNumber === 'SC9401')).toHaveLength(1);
    expect(bc.emulator.rows('generalLedgerEntries').filter((row) => row.documentNumber === 'SC9401')).toHaveLength(1);
  });

  it('takes a line BC refuses out of the shared batch, holds its movement alone, and posts the rest', async () => {
    await paidOrderWithRefundBcRefuses(9501, 9502);
    const others = [await order({ invoiced: true }), await order({ invoiced: true }), await order({ invoiced: true })];
    for (const [index, sold] of others.entries())
      await take(9503 + index, movement(sold, 'payment', String(sold.invoice!.totalAmountIncludingTax)));

    expect(await applyCash(deps)).toMatchObject({ applied: 3, held: 1, posted: true });
    for (const sold of others) expect(invoiceRow(sold.invoice!.number)).toMatchObject({ status: 'Paid', remainingAmount: '0' });
    const held = (await findRecord(store.db, {
      flow: CASH_FLOW,
      sourceSystem: 'shopify',
      sourceId: 'gid://shopify/ShopifyPaymentsBalanceTransaction/9502',
    }))!;
    expect(held).toMatchObject({ state: 'exception', postedSnapshot: null });
    const [exception] = await listExceptions(store.db, { recordId: held.id });
    expect(exception).toMatchObject({ code: 'bc_rejected', owner: 'finance' });
    expect(exception!.message).toContain("Document No.='SC9501'");
    expect(exception!.message).toContain('were taken out of batch SHOPIFY-CR so that the other lines could post');
    expect(bc.emulator.rows('lb.cashReceiptLines')).toEqual([]);

    // The batch is not blocked: the next payment posts on its own.
    const later = await order({ invoiced: true });
    await take(9510, movement(later, 'payment', String(later.invoice!.totalAmountIncludingTax)));
    expect(await applyCash(deps)).toMatchObject({ applied: 1, held: 0, posted: true });
    expect(invoiceRow(later.invoice!.number).status).toBe('Paid');
  });

  it('takes out the lines an earlier hub left in the batch for movements it held, so they stop blocking it', async () => {
    await paidOrderWithRefundBcRefuses(9801, 9802);
    // A hub without the isolation: the refused line stays in the batch, its movement held with it.
    const { removeCashReceiptLines: _without, ...older } = bc.connector;
    expect(await applyCash({ ...deps, erp: older })).toMatchObject({ applied: 0, held: 1 });
    expect(bc.emulator.rows('lb.cashReceiptLines')).toHaveLength(1);

    const later = await order({ invoiced: true });
    await take(9803, movement(later, 'payment', String(later.invoice!.totalAmountIncludingTax)));
    expect(await applyCash(deps)).toMatchObject({ applied: 1, held: 0, posted: true });
    expect(invoiceRow(later.invoice!.number).status).toBe('Paid');
    expect(bc.emulator.rows('lb.cashReceiptLines')).toEqual([]);
    const held = (await findRecord(store.db, {
      flow: CASH_FLOW,
      sourceSystem: 'shopify',
      sourceId: 'gid://shopify/ShopifyPaymentsBalanceTransaction/9802',
    }))!;
    // Still held for finance, its plan forgotten: nothing of it was posted.
    expect(held).toMatchObject({ state: 'exception', postedSnapshot: null });
  });

  it("holds money in another currency than the company's books, and writes no line for it", async () => {
    const sold = await order({ invoiced: true });
    await take(9701, movement(sold, 'payment', '55.00', { gateway: 'paypal', currency: 'EUR', payoutId: null }));
    expect(await applyCash(deps)).toMatchObject({ applied: 0, held: 1 });
    const [exception] = await listExceptions(store.db, { flow: CASH_FLOW, status: 'open' });
    expect(exception).toMatchObject({ code: 'currency_mismatch', owner: 'finance' });
    expect(exception!.message).toContain("is in EUR, but the company's books are in GBP");
    expect(bc.emulator.rows('lb.cashReceiptLines')).toEqual([]);
    expect(invoiceRow(sold.invoice!.number).status).not.toBe('Paid');
  });

  it('holds money through a gateway without a clearing account', async () => {
    const sold = await order({ invoiced: true });
    await take(9301, movement(sold, 'payment', '5.00', { gateway: 'bank_deposit' }));
    expect(await applyCash(deps)).toMatchObject({ held: 1 });
    expect((await listExceptions(store.db, { flow: CASH_FLOW }))[0]).toMatchObject({ code: 'account_not_configured' });
  });
});
