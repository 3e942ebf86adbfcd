import { describe, expect, it } from 'vitest';
import { dec, sum } from '../shared/money.ts';
import { sandboxCustomers, unknownSkus } from '../sandbox/catalogue.ts';
import { generateOrderDraft } from './generator.ts';
import { placeOrder } from './place-order.ts';
import { createRandom } from './random.ts';
import type { OrderRecord } from './records.ts';
import { EmulatedShop } from './shop.ts';
import { VirtualClock } from './testing/virtual-clock.ts';

function generate(count: number, seed = 42): { shop: EmulatedShop; orders: OrderRecord[] } {
  const shop = new EmulatedShop({ shopDomain: 'test.myshopify.com', clock: new VirtualClock() });
  const random = createRandom(seed);
  const orders = Array.from({ length: count }, () => {
    const result = placeOrder(shop, generateOrderDraft(shop, random));
    if (!result.order) throw new Error(JSON.stringify(result.errors));
    return result.order;
  });
  return { shop, orders };
}

const share = (orders: OrderRecord[], predicate: (order: OrderRecord) => boolean) => orders.filter(predicate).length / orders.length;

describe('the order generator', () => {
  const { shop, orders } = generate(600);

  it('puts an unknown SKU on roughly one order in twenty', () => {
    expect(share(orders, (order) => order.lines.some((line) => unknownSkus.includes(line.sku ?? '')))).toBeGreaterThan(0.025);
    expect(share(orders, (order) => order.lines.some((line) => unknownSkus.includes(line.sku ?? '')))).toBeLessThan(0.085);
  });

  it('sells in GBP with VAT-inclusive prices whose totals add up to the penny', () => {
    for (const order of orders) {
      expect(order.currency).toBe('GBP');
      expect(order.taxesIncluded).toBe(true);
      expect(dec(order.totals.subtotal).plus(order.totals.shipping).toFixed(2)).toBe(order.totals.total);
      const allocated = sum(
        [...order.lines, ...order.shippingLines].flatMap((line) => line.allocations.map((allocation) => allocation.amount)),
      );
      expect(allocated.toFixed(2)).toBe(order.totals.discounts);
      expect(sum(order.transactions.map((transaction) => transaction.amount)).toFixed(2)).toBe(order.totals.total);
    }
  });

  it('never makes an order Shopify would refuse: no discount on a gift card, none larger than its line', () => {
    for (const order of orders) {
      for (const line of order.lines) {
        const discounted = sum(line.allocations.map((allocation) => allocation.amount));
        if (line.isGiftCard) expect(discounted.isZero(), `${order.name} gift card discounted`).toBe(true);
        expect(discounted.lte(dec(line.unitPrice).times(line.quantity)), `${order.name} ${line.sku}: discount over the line`).toBe(true);
      }
    }
    expect(orders.some((order) => order.lines.some((line) => line.isGiftCard))).toBe(true);
  });

  it('charges the VAT contained in a discounted standard-rated line', () => {
    const line = orders
      .flatMap((order) => order.lines)
      .find((candidate) => candidate.sku === 'HOOD-MRN-M' && candidate.quantity === 1 && !candidate.allocations.length);
    expect(line?.taxLines).toEqual([{ title: 'GB VAT', rate: '0.2', amount: '14.83', channelLiable: false }]);
  });

  it('mixes line discounts, order codes, free shipping, gift-card redemptions and both locations', () => {
    expect(
      share(orders, (order) => order.discountApplications.some((application) => application.typename === 'AutomaticDiscountApplication')),
    ).toBeGreaterThan(0.05);
    expect(share(orders, (order) => order.discountCodes.includes('WELCOME10') || order.discountCodes.includes('SAVE5'))).toBeGreaterThan(
      0.05,
    );
    expect(orders.some((order) => order.discountCodes.includes('FREESHIP'))).toBe(true);
    expect(orders.some((order) => order.shippingLines.some((line) => line.price === '0.00'))).toBe(true);
    const giftCards = orders.flatMap((order) => order.transactions).filter((transaction) => transaction.gateway === 'gift_card');
    expect(giftCards.length).toBeGreaterThan(20);
    expect(
      giftCards.every((transaction) => transaction.kind === 'SALE' && transaction.receipt?.gift_card_id && transaction.paymentId),
    ).toBe(true);
    const locations = new Set(orders.flatMap((order) => order.fulfillmentOrders.map((fulfillmentOrder) => fulfillmentOrder.locationId)));
    expect(locations.size).toBe(2);
  });

  it('ships to the UK, the EU and the rest of the world, some international addresses incomplete', () => {
    const countries = orders.map((order) => order.shippingAddress!.countryCode);
    expect(countries.filter((code) => code === 'GB').length / orders.length).toBeGreaterThan(0.4);
    expect(countries).toEqual(expect.arrayContaining(['IE', 'FR', 'US', 'AU']));
    const incomplete = orders.filter((order) => order.shippingAddress!.countryCode !== 'GB' && !order.shippingAddress!.phone);
    expect(incomplete.length).toBeGreaterThan(10);
    expect(orders.filter((order) => order.shippingAddress!.countryCode === 'GB').every((order) => order.shippingAddress!.phone)).toBe(true);
  });

  it("reuses known customers' e-mails, sometimes in other case or with spaces, as one customer each", () => {
    const known = new Set(sandboxCustomers.map((customer) => customer.email.toLowerCase()));
    const reused = orders.filter((order) => known.has(order.email!.trim().toLowerCase()));
    expect(reused.length / orders.length).toBeGreaterThan(0.2);
    expect(reused.some((order) => order.email !== order.email!.trim())).toBe(true);
    expect(reused.some((order) => order.email === order.email!.toUpperCase())).toBe(true);
    const customers = [...shop.customers.values()].filter((customer) => known.has(customer.email!.toLowerCase()));
    expect(customers).toHaveLength(sandboxCustomers.length);
  });

  it('lowers available stock and raises committed, as a Shopify checkout does', () => {
    const sold = sum(orders.flatMap((order) => order.lines.filter((line) => line.sku === 'TEE-ORG-M').map((line) => line.quantity)));
    const levels = shop.stockBySku('TEE-ORG-M');
    expect(levels['Scend Warehouse']!.available + levels['London Shop']!.available).toBe(500 - sold.toNumber());
    expect(levels['Scend Warehouse']!.committed + levels['London Shop']!.committed).toBe(sold.toNumber());
  });

  it('is reproducible from its seed', () => {
    const again = generate(20).orders.map((order) => [order.email, order.totals.total]);
    expect(generate(20).orders.map((order) => [order.email, order.totals.total])).toEqual(again);
    expect(generate(20, 43).orders.map((order) => [order.email, order.totals.total])).not.toEqual(again);
  });
});
