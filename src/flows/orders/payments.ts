/** What the order's transactions say: the payment reference finance reconciles with, and gift-card redemptions. */
import type { ChannelOrder, ChannelTransaction } from '../../core/domain/channel-order.ts';
import { dec, sum, type Decimal } from '../../core/money.ts';

const GIFT_CARD_GATEWAY = 'gift_card';

function isMoneyIn(transaction: ChannelTransaction): boolean {
  return transaction.status === 'SUCCESS' && (transaction.kind === 'SALE' || transaction.kind === 'CAPTURE');
}

/** The capturing payment (not a gift card): its payment id is the key payouts are joined on. */
export function capturingTransaction(order: ChannelOrder): ChannelTransaction | undefined {
  const captures = order.transactions.filter((transaction) => isMoneyIn(transaction) && transaction.gateway !== GIFT_CARD_GATEWAY);
  // A capture settles an earlier authorisation; prefer it, then the largest amount.
  return [...captures].sort(
    (a, b) => Number(b.kind === 'CAPTURE') - Number(a.kind === 'CAPTURE') || dec(b.amount).comparedTo(dec(a.amount)),
  )[0];
}

/** Money paid with gift cards: successful gift-card sales and captures, less gift-card refunds. */
export function giftCardRedemptions(order: ChannelOrder): Decimal {
  const giftCard = order.transactions.filter(
    (transaction) => transaction.gateway === GIFT_CARD_GATEWAY && transaction.status === 'SUCCESS',
  );
  const paid = sum(giftCard.filter(isMoneyIn).map((transaction) => transaction.amount));
  const refunded = sum(giftCard.filter((transaction) => transaction.kind === 'REFUND').map((transaction) => transaction.amount));
  const net = paid.minus(refunded);
  return net.isNegative() ? dec(0) : net;
}
