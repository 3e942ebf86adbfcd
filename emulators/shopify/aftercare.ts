/**
 * What customers and staff do to orders after checkout, for the generated traffic: partial
 * refunds (a unit sent back and restocked, a damaged one refunded without restock, shipping
 * refunded, a goodwill deduction, money still pending at the bank) and cancellations of
 * orders not yet shipped, refunded in full. One roll per generated order.
 */
import { dec, sum } from '../shared/money.ts';
import { cancelOrder } from './order-changes.ts';
import type { Random } from './random.ts';
import type { OrderRecord } from './records.ts';
import type { BalanceTransactionRecord } from './after-sale-records.ts';
import { refundOrder, type RefundResult } from './refund-order.ts';
import { bookMovement, cardPaid, moveReserve, openDispute, winDispute } from './shopify-payments.ts';
import type { EmulatedShop } from './shop.ts';

export interface AftercareMix {
  /** Chance, per generated order, that an earlier order gets a partial refund. */
  refundRate: number;
  /** Share of refunded units that go back into stock (the rest: NO_RESTOCK). */
  restockShare: number;
  refundShippingRate: number;
  /** Share of refunds whose money is still pending at the bank. */
  pendingRefundRate: number;
  /** Share of refunds where staff keep back a little (an order adjustment). */
  withholdRate: number;
  /** Chance, per generated order, that an earlier unshipped order is cancelled and refunded. */
  cancelRate: number;
  /** Chance, per generated order, that a buyer disputes an earlier card payment (a chargeback). */
  disputeRate: number;
  /** Share of disputes the shop wins: the amount comes back in a later payout. */
  disputeWinShare: number;
  /** Chance, per generated order, that Shopify holds part of the balance as a reserve (released a few orders later). */
  reserveRate: number;
  /** Chance, per generated order, of a small Shopify adjustment to the balance. */
  adjustmentRate: number;
}

export const defaultAftercareMix: AftercareMix = {
  refundRate: 0.08,
  restockShare: 0.6,
  refundShippingRate: 0.25,
  pendingRefundRate: 0.1,
  withholdRate: 0.1,
  cancelRate: 0.03,
  disputeRate: 0.01,
  disputeWinShare: 0.5,
  reserveRate: 0.01,
  adjustmentRate: 0.01,
};

export type AftercareEvent =
  | { kind: 'refund'; order: OrderRecord; result: RefundResult }
  | { kind: 'cancel'; order: OrderRecord }
  | { kind: 'payments'; movements: BalanceTransactionRecord[] };

function unfulfilledOf(order: OrderRecord, lineId: bigint): number {
  return (
    order.fulfillmentOrders.flatMap((fulfillmentOrder) => fulfillmentOrder.lines).find((line) => line.lineId === lineId)
      ?.remainingQuantity ?? 0
  );
}

/** A partial refund of one line of `order`, shaped by the mix. */
export function refundSomething(shop: EmulatedShop, random: Random, order: OrderRecord, mix: AftercareMix): RefundResult {
  const line = random.pick(order.lines.filter((candidate) => candidate.currentQuantity > 0));
  const quantity = random.int(1, Math.max(1, line.currentQuantity - (line.currentQuantity > 1 ? 1 : 0)));
  const unfulfilled = unfulfilledOf(order, line.id);
  const restock = random.chance(mix.restockShare);
  const restockType =
    !restock || !line.requiresShipping ? ('NO_RESTOCK' as const) : unfulfilled >= quantity ? ('CANCEL' as const) : ('RETURN' as const);
  const due = dec(line.unitPrice).times(quantity);
  const withhold = random.chance(mix.withholdRate) && due.gt(5) ? '2.00' : undefined;
  return refundOrder(shop, order, {
    lines: [{ lineId: line.id, quantity, restockType }],
    shipping: random.chance(mix.refundShippingRate),
    withhold,
    pending: random.chance(mix.pendingRefundRate),
    note: restock ? 'Returned by the customer' : 'Arrived damaged, not returned',
  });
}

/**
 * What happens on the Shopify Payments balance besides charges and refunds: a dispute of an
 * earlier card payment (won back sometimes), a reserve held and later released, an adjustment.
 */
export function rollPayments(shop: EmulatedShop, random: Random, mix: AftercareMix = defaultAftercareMix): AftercareEvent | undefined {
  const movements: BalanceTransactionRecord[] = [];
  const roll = random.next();
  if (roll < mix.disputeRate) {
    const disputable = [...shop.orders.values()].filter((order) => !order.cancelledAt && cardPaid(shop, order).gt(0));
    if (disputable.length) {
      const order = random.pick(disputable);
      const withdrawal = openDispute(shop, order, cardPaid(shop, order).toFixed(2));
      movements.push(withdrawal);
      if (random.chance(mix.disputeWinShare)) movements.push(winDispute(shop, withdrawal));
    }
  } else if (roll < mix.disputeRate + mix.reserveRate) {
    const amount = random.pick(['50.00', '120.00', '250.00']);
    movements.push(moveReserve(shop, amount, 'hold'));
    shop.reservesToRelease.push(amount);
  } else if (roll < mix.disputeRate + mix.reserveRate + mix.adjustmentRate) {
    movements.push(
      bookMovement(shop, {
        type: 'ADJUSTMENT',
        sourceType: 'ADJUSTMENT',
        amount: random.pick(['-1.20', '0.85', '-3.40']),
        adjustmentReason: 'correction',
      }),
    );
  } else if (shop.reservesToRelease.length && random.chance(0.05)) {
    movements.push(moveReserve(shop, shop.reservesToRelease.shift()!, 'release'));
  }
  return movements.length ? { kind: 'payments', movements } : undefined;
}

/** Rolls the dice once and maybe refunds or cancels an earlier order. */
export function rollAftercare(shop: EmulatedShop, random: Random, mix: AftercareMix = defaultAftercareMix): AftercareEvent | undefined {
  const roll = random.next();
  const orders = [...shop.orders.values()].filter((order) => !order.cancelledAt);
  if (roll < mix.cancelRate) {
    const cancellable = orders.filter(
      (order) => !order.refunds.length && order.fulfillmentOrders.every((fulfillmentOrder) => fulfillmentOrder.status === 'OPEN'),
    );
    if (!cancellable.length) return undefined;
    const order = random.pick(cancellable);
    return {
      kind: 'cancel',
      order: cancelOrder(shop, order, random.pick(['CUSTOMER', 'INVENTORY', 'DECLINED'] as const), { refund: true }),
    };
  }
  if (roll < mix.cancelRate + mix.refundRate) {
    const refundable = orders.filter(
      (order) => order.lines.some((line) => line.currentQuantity > 0) && sum(order.transactions.map((t) => t.amount)).gt(0),
    );
    if (!refundable.length) return undefined;
    const order = random.pick(refundable);
    return { kind: 'refund', order, result: refundSomething(shop, random, order, mix) };
  }
  return undefined;
}
