import { describe, expect, it } from 'vitest';
import { checkPayoutBalance } from '../../core/domain/channel-payout.ts';
import { dec, sum } from '../../core/money.ts';
import { emulatedShop } from './test-support/emulated-shop.ts';

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('Shopify Payments payouts', () => {
  it('reads a payout and the balance transactions that add up to it, across pages, fees and refunds included', async () => {
    const { connector, emulator, clock, sent } = emulatedShop();
    const since = new Date(clock.now()).toISOString();
    const orders = Array.from({ length: 60 }, () => emulator.placeOrder(undefined, { giftCardRedemptionRate: 0.3, paypalRate: 0 }));
    const paidByCard = (order: (typeof orders)[number]) =>
      emulator.shop.orders.get(BigInt(order.legacyId))!.transactions.some((t) => t.gateway === 'shopify_payments' && dec(t.amount).gt(0));
    // Money goes back the way it came: refund an order a card paid for, so it shows on the balance.
    const refunded = await emulator.app.request(`/_emulator/orders/${orders.find(paidByCard)!.legacyId}/refunds`, {
      method: 'POST',
      body: '{"shipping": true}',
    });
    expect(refunded.status).toBe(201);
    const run = await emulator.app.request('/_emulator/payouts', { method: 'POST', body: '{}' });
    expect(run.status).toBe(201);

    const [payout, ...others] = await all(connector.listPayouts({ since }));
    expect(others).toEqual([]);
    expect(payout).toMatchObject({ status: 'PAID', direction: 'DEPOSIT', currency: 'GBP', externalTraceId: expect.any(String) });
    const rows = await all(connector.listBalanceTransactions(payout!.id));
    expect(sent.filter((request) => request.operationName === 'PayoutBalanceTransactions').length).toBeGreaterThanOrEqual(2);
    expect(rows.some((row) => row.type === 'TRANSFER')).toBe(false);
    expect(rows.filter((row) => row.type === 'REFUND')).toHaveLength(1);
    expect(checkPayoutBalance(payout!, rows)).toEqual([]);

    const charges = rows.filter((row) => row.type === 'CHARGE');
    expect(sum(charges.map((row) => row.amount)).toFixed(2)).toBe(payout!.summary.chargesGross);
    expect(sum(charges.map((row) => row.fee)).toFixed(2)).toBe(payout!.summary.chargesFee);
    expect(
      charges.every(
        (row) =>
          dec(row.fee).gt(0) && row.orderTransactionId?.startsWith('gid://shopify/OrderTransaction/') && row.orderName?.startsWith('#'),
      ),
    ).toBe(true);
    // Orders paid wholly by gift card never touch the Shopify Payments balance.
    expect(charges).toHaveLength(orders.filter(paidByCard).length);
    expect(charges.length).toBeLessThan(orders.length);

    // One row missing (a page lost, a filter ignored) and the payout no longer balances.
    expect(checkPayoutBalance(payout!, rows.slice(1)).map((issue) => issue.code)).toEqual(['payout_does_not_balance']);
  });

  it('keeps each payout to its own transactions and lists payouts oldest first', async () => {
    const { connector, emulator, clock } = emulatedShop();
    const since = new Date(clock.now()).toISOString();
    emulator.placeOrder();
    await emulator.app.request('/_emulator/payouts', { method: 'POST', body: '{}' });
    clock.advance(86_400_000);
    emulator.placeOrder();
    emulator.placeOrder();
    await emulator.app.request('/_emulator/payouts', { method: 'POST', body: '{"status": "SCHEDULED"}' });
    const payouts = await all(connector.listPayouts({ since }));
    expect(payouts.map((payout) => payout.status)).toEqual(['PAID', 'SCHEDULED']);
    const second = await all(connector.listBalanceTransactions(payouts[1]!.id));
    expect(second).toHaveLength(2);
    expect(second.every((row) => row.payoutId === payouts[1]!.id && row.payoutStatus === 'SCHEDULED')).toBe(true);
    expect(await all(connector.listPayouts({ since: new Date(clock.now() + 1000).toISOString() }))).toEqual([]);
    expect(() => connector.listPayouts({ since: 'last week' })).toThrow(/ISO/);
  });
});
