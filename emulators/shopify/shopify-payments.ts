/**
 * Shopify Payments in the emulated shop: every successful card payment (`shopify_payments`
 * SALE or CAPTURE) becomes a CHARGE on the balance, less the processing fee; every refund
 * through it a REFUND (Shopify keeps the original fee). A payout run sweeps what is on the
 * balance into one payout, so the balance transactions of a payout add up to its net, and
 * books the TRANSFER that moved the money to the bank.
 */
import { dec, formatMoney, sum, type Decimal } from '../../src/core/money.ts';
import type { BalanceTransactionRecord, PayoutRecord } from './after-sale-records.ts';
import type { OrderRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

/** UK online card rate of Shopify's Basic plan, as the emulator charges it: 2% + 25p. */
export const paymentsFee = { rate: '0.02', fixed: '0.25' };

export function processingFee(amount: string, currency: string): string {
  return formatMoney(dec(amount).times(paymentsFee.rate).plus(paymentsFee.fixed), currency);
}

function book(shop: EmulatedShop, order: OrderRecord): void {
  for (const transaction of order.transactions) {
    if (transaction.gateway !== 'shopify_payments' || transaction.status !== 'SUCCESS' || shop.bookedTransactionIds.has(transaction.id))
      continue;
    const charge = transaction.kind === 'SALE' || transaction.kind === 'CAPTURE';
    if ((!charge && transaction.kind !== 'REFUND') || !dec(transaction.amount).gt(0)) continue;
    shop.bookedTransactionIds.add(transaction.id);
    const amount = charge ? dec(transaction.amount) : dec(transaction.amount).negated();
    const fee = charge ? dec(processingFee(transaction.amount, order.currency)) : dec(0);
    const type = charge ? 'CHARGE' : 'REFUND';
    shop.balanceTransactions.push({
      id: shop.nextId(),
      type,
      sourceType: type,
      sourceId: transaction.id,
      amount: formatMoney(amount, order.currency),
      fee: formatMoney(fee, order.currency),
      net: formatMoney(amount.minus(fee), order.currency),
      orderId: order.id,
      orderName: order.name,
      orderTransactionId: transaction.id,
      processedAt: transaction.processedAt,
      payoutId: null,
      test: transaction.test,
      adjustmentReason: null,
    });
  }
}

/** Books payments as orders change; returns the unsubscribe function. */
export function attachPaymentsLedger(shop: EmulatedShop): () => void {
  return shop.onChange((event) => {
    if ('order' in event) book(shop, event.order);
  });
}

export interface PayoutRunOptions {
  status?: PayoutRecord['status'];
}

/** Sweeps every unsettled balance transaction into one payout; undefined when there is none. */
export function runPayout(shop: EmulatedShop, options: PayoutRunOptions = {}): PayoutRecord | undefined {
  const pending = shop.balanceTransactions.filter((transaction) => transaction.payoutId === null && transaction.type !== 'TRANSFER');
  if (!pending.length) return undefined;
  const currency = shop.currency;
  const money = (value: Decimal) => formatMoney(value, currency);
  const of = (type: BalanceTransactionRecord['type'], field: 'amount' | 'fee') =>
    money(sum(pending.filter((t) => t.type === type).map((t) => t[field])));
  const total = sum(pending.map((transaction) => transaction.net));
  const now = shop.timestamp();
  const payout: PayoutRecord = {
    id: shop.nextId(),
    issuedAt: now,
    status: options.status ?? 'PAID',
    transactionType: total.isNegative() ? 'WITHDRAWAL' : 'DEPOSIT',
    net: money(total.abs()),
    externalTraceId: `LB${now.slice(0, 10).replace(/-/g, '')}${String(shop.payouts.size + 1).padStart(4, '0')}`,
    summary: {
      chargesGross: of('CHARGE', 'amount'),
      chargesFee: of('CHARGE', 'fee'),
      refundsGross: of('REFUND', 'amount'),
      refundsFee: of('REFUND', 'fee'),
      adjustmentsGross: of('ADJUSTMENT', 'amount'),
      adjustmentsFee: of('ADJUSTMENT', 'fee'),
    },
  };
  for (const transaction of pending) transaction.payoutId = payout.id;
  shop.payouts.set(payout.id, payout);
  shop.balanceTransactions.push({
    id: shop.nextId(),
    type: 'TRANSFER',
    sourceType: 'TRANSFER',
    sourceId: payout.id,
    amount: money(total.negated()),
    fee: money(dec(0)),
    net: money(total.negated()),
    orderId: null,
    orderName: null,
    orderTransactionId: null,
    processedAt: now,
    payoutId: payout.id,
    test: false,
    adjustmentReason: null,
  });
  return payout;
}
