/**
 * Shopify Payments in the emulated shop: every successful card payment (`shopify_payments`
 * SALE or CAPTURE) becomes a CHARGE on the balance, less the processing fee; every refund
 * through it a REFUND (Shopify keeps the original fee). Disputes take the disputed amount and
 * a chargeback fee (`DISPUTE_WITHDRAWAL`) and give the amount back when won
 * (`DISPUTE_REVERSAL`); Shopify may hold funds back as a reserve (`RESERVED_FUNDS_WITHDRAWAL`)
 * and release them later (`RESERVED_FUNDS_REVERSAL`); and it makes adjustments. A payout run
 * sweeps what is on the balance into one payout, so the balance transactions of a payout add
 * up to its net, and books the TRANSFER that moved the money to the bank.
 */
import { dec, formatMoney, sum, type Decimal } from '../shared/money.ts';
import type { BalanceSourceType, BalanceTransactionRecord, PayoutRecord } from './after-sale-records.ts';
import type { OrderRecord } from './records.ts';
import type { EmulatedShop } from './shop.ts';

/** UK online card rate of Shopify's Basic plan, as the emulator charges it: 2% + 25p. */
export const paymentsFee = { rate: '0.02', fixed: '0.25' };
/** What the emulator charges for a chargeback (Shopify's UK fee is of this order). */
export const chargebackFee = '15.00';

export function processingFee(amount: string, currency: string): string {
  return formatMoney(dec(amount).times(paymentsFee.rate).plus(paymentsFee.fixed), currency);
}

export interface BalanceMovement {
  type: string;
  sourceType: BalanceSourceType;
  /** Signed: positive money onto the balance. */
  amount: string;
  fee?: string;
  order?: OrderRecord;
  orderTransactionId?: bigint | null;
  sourceId?: bigint;
  adjustmentReason?: string | null;
  test?: boolean;
}

/** Books one movement on the balance (unpaid until the next payout run). */
export function bookMovement(shop: EmulatedShop, movement: BalanceMovement): BalanceTransactionRecord {
  const currency = shop.currency;
  const amount = dec(movement.amount);
  const fee = dec(movement.fee ?? '0');
  const id = shop.nextId();
  const record: BalanceTransactionRecord = {
    id,
    type: movement.type,
    sourceType: movement.sourceType,
    sourceId: movement.sourceId ?? id,
    amount: formatMoney(amount, currency),
    fee: formatMoney(fee, currency),
    net: formatMoney(amount.minus(fee), currency),
    orderId: movement.order?.id ?? null,
    orderName: movement.order?.name ?? null,
    orderTransactionId: movement.orderTransactionId ?? null,
    processedAt: shop.timestamp(),
    payoutId: null,
    test: movement.test ?? false,
    adjustmentReason: movement.adjustmentReason ?? null,
  };
  shop.balanceTransactions.push(record);
  return record;
}

function book(shop: EmulatedShop, order: OrderRecord): void {
  for (const transaction of order.transactions) {
    if (transaction.gateway !== 'shopify_payments' || transaction.status !== 'SUCCESS' || shop.bookedTransactionIds.has(transaction.id))
      continue;
    const charge = transaction.kind === 'SALE' || transaction.kind === 'CAPTURE';
    if ((!charge && transaction.kind !== 'REFUND') || !dec(transaction.amount).gt(0)) continue;
    shop.bookedTransactionIds.add(transaction.id);
    const type = charge ? 'CHARGE' : 'REFUND';
    const record = bookMovement(shop, {
      type,
      sourceType: type,
      sourceId: transaction.id,
      amount: charge ? transaction.amount : dec(transaction.amount).negated().toFixed(),
      fee: charge ? processingFee(transaction.amount, order.currency) : '0',
      order,
      orderTransactionId: transaction.id,
      test: transaction.test,
    });
    record.processedAt = transaction.processedAt;
  }
}

/** Books payments as orders change; returns the unsubscribe function. */
export function attachPaymentsLedger(shop: EmulatedShop): () => void {
  return shop.onChange((event) => {
    if ('order' in event) book(shop, event.order);
  });
}

/** The card payments of an order that reached the Shopify Payments balance, less what went back. */
export function cardPaid(shop: EmulatedShop, order: OrderRecord): Decimal {
  return sum(
    shop.balanceTransactions
      .filter((transaction) => transaction.orderId === order.id && (transaction.type === 'CHARGE' || transaction.type === 'REFUND'))
      .map((transaction) => transaction.amount),
  );
}

/**
 * A buyer disputes a card payment: the amount and the chargeback fee leave the balance. A
 * won dispute gives the amount back (the fee stays with Shopify).
 */
export function openDispute(shop: EmulatedShop, order: OrderRecord, amount: string): BalanceTransactionRecord {
  const charge = shop.balanceTransactions.find((transaction) => transaction.orderId === order.id && transaction.type === 'CHARGE');
  return bookMovement(shop, {
    type: 'DISPUTE_WITHDRAWAL',
    sourceType: 'DISPUTE',
    amount: dec(amount).negated().toFixed(),
    fee: chargebackFee,
    order,
    orderTransactionId: charge?.orderTransactionId ?? null,
  });
}

export function winDispute(shop: EmulatedShop, withdrawal: BalanceTransactionRecord): BalanceTransactionRecord {
  const order = withdrawal.orderId === null ? undefined : shop.orders.get(withdrawal.orderId);
  return bookMovement(shop, {
    type: 'DISPUTE_REVERSAL',
    sourceType: 'DISPUTE',
    sourceId: withdrawal.sourceId,
    amount: dec(withdrawal.amount).negated().toFixed(),
    ...(order ? { order } : {}),
    orderTransactionId: withdrawal.orderTransactionId,
  });
}

/** Shopify holds `amount` back as a reserve, or releases it. */
export function moveReserve(shop: EmulatedShop, amount: string, direction: 'hold' | 'release'): BalanceTransactionRecord {
  return bookMovement(shop, {
    type: direction === 'hold' ? 'RESERVED_FUNDS_WITHDRAWAL' : 'RESERVED_FUNDS_REVERSAL',
    sourceType: 'SYSTEM_ADJUSTMENT',
    amount: direction === 'hold' ? dec(amount).negated().toFixed() : amount,
  });
}

export interface PayoutRunOptions {
  status?: PayoutRecord['status'];
}

const summaryGroup = (type: string): 'charges' | 'refunds' | 'reservedFunds' | 'adjustments' =>
  type === 'CHARGE' ? 'charges' : type === 'REFUND' ? 'refunds' : type.startsWith('RESERVED_FUNDS') ? 'reservedFunds' : 'adjustments';

/** Sweeps every unsettled balance transaction into one payout; undefined when there is none. */
export function runPayout(shop: EmulatedShop, options: PayoutRunOptions = {}): PayoutRecord | undefined {
  const pending = shop.balanceTransactions.filter((transaction) => transaction.payoutId === null && transaction.type !== 'TRANSFER');
  if (!pending.length) return undefined;
  const currency = shop.currency;
  const money = (value: Decimal) => formatMoney(value, currency);
  const of = (group: ReturnType<typeof summaryGroup>, field: 'amount' | 'fee') =>
    money(sum(pending.filter((t) => summaryGroup(t.type) === group).map((t) => t[field])));
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
      chargesGross: of('charges', 'amount'),
      chargesFee: of('charges', 'fee'),
      refundsGross: of('refunds', 'amount'),
      refundsFee: of('refunds', 'fee'),
      // Shopify's adjustments include disputes.
      adjustmentsGross: of('adjustments', 'amount'),
      adjustmentsFee: of('adjustments', 'fee'),
      reservedFundsGross: of('reservedFunds', 'amount'),
      reservedFundsFee: of('reservedFunds', 'fee'),
    },
  };
  for (const transaction of pending) transaction.payoutId = payout.id;
  shop.payouts.set(payout.id, payout);
  bookMovement(shop, { type: 'TRANSFER', sourceType: 'TRANSFER', sourceId: payout.id, amount: money(total.negated()) }).payoutId =
    payout.id;
  return payout;
}
