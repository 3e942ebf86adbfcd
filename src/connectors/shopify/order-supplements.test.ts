import { describe, expect, it } from 'vitest';
import type { AnnouncedTransaction, ChannelTransaction } from '../../core/domain/channel-order.ts';
import { announcedTransactionsCover } from './order-supplements.ts';

const orderId = 'gid://shopify/Order/9007199254740995';
const order = {
  id: orderId,
  currency: 'GBP',
  presentmentCurrency: 'GBP',
  displayFinancialStatus: 'PAID',
  totals: { subtotal: '50.00', discounts: '0.00', shipping: '4.99', tax: '9.17', total: '54.99', tip: '0.00' },
};

function announced(id: bigint | number, amount: string, extra: Partial<ChannelTransaction> = {}, currency = 'GBP'): AnnouncedTransaction {
  return {
    orderId,
    currency,
    transaction: {
      id: `gid://shopify/OrderTransaction/${id}`,
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'shopify_payments',
      paymentId: `c1001.${id}`,
      amount,
      processedAt: '2026-12-07T10:00:00Z',
      parentTransactionId: null,
      test: false,
      ...extra,
    },
  };
}

describe('announced transactions stand for the order only when they are all its money', () => {
  it('a paid order whose announced sales add up to its total: all of them, in creation order', () => {
    const card = announced(9007199254740999n, '44.99');
    const giftCard = announced(9007199254740997n, '10.00', { gateway: 'gift_card' });
    const failed = announced(9007199254740998n, '44.99', { status: 'FAILURE' });
    expect(announcedTransactionsCover(order, [card, failed, giftCard])?.map((t) => t.id)).toEqual([
      giftCard.transaction.id,
      failed.transaction.id,
      card.transaction.id,
    ]);
  });

  it('a payment not announced yet, or not the order total: read them from Shopify', () => {
    expect(announcedTransactionsCover(order, [])).toBeUndefined();
    expect(announcedTransactionsCover(order, [announced(1, '10.00', { gateway: 'gift_card' })])).toBeUndefined();
    expect(announcedTransactionsCover(order, [announced(1, '54.99'), announced(2, '1.00')])).toBeUndefined();
  });

  it('an order not paid, or in another presentment currency, or money in another currency: read them from Shopify', () => {
    const sale = announced(1, '54.99');
    expect(announcedTransactionsCover({ ...order, displayFinancialStatus: 'AUTHORIZED' }, [sale])).toBeUndefined();
    expect(announcedTransactionsCover({ ...order, presentmentCurrency: 'EUR' }, [sale])).toBeUndefined();
    expect(announcedTransactionsCover(order, [announced(1, '54.99', {}, 'EUR')])).toBeUndefined();
  });

  it("another order's transactions do not count; a status announced again counts as its newest announcement", () => {
    const other = { ...announced(2, '54.99'), orderId: 'gid://shopify/Order/1' };
    expect(announcedTransactionsCover(order, [other])).toBeUndefined();
    const pending = announced(3, '54.99', { status: 'PENDING' });
    const settled = announced(3, '54.99');
    expect(announcedTransactionsCover(order, [pending])).toBeUndefined();
    expect(announcedTransactionsCover(order, [pending, settled])).toEqual([settled.transaction]);
    expect(
      announcedTransactionsCover(order, [settled, { ...settled, transaction: { ...settled.transaction, status: 'ERROR' } }]),
    ).toBeUndefined();
  });
});
