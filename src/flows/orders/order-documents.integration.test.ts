/**
 * Table-driven: realistic orders — built the way Shopify reports them, and Shopify's own
 * example payload — each awkward case with the exact BC document it must produce: lines,
 * amounts to the penny, discounts, location, VAT handling and the payment reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import type { FakeErp } from '../../../test/support/fake-orders-world.ts';
import { ordersHarness } from '../../../test/support/orders-harness.ts';
import { restOrderToChannelOrder, shopifyExample } from '../../../test/support/rest-order.ts';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { listExceptions, searchRecords } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { takeInOrder } from './intake.ts';

interface Case {
  name: string;
  order: () => ChannelOrder;
  config?: Record<string, unknown>;
  erp?: (erp: FakeErp) => void;
  header: Record<string, unknown>;
  lines: string[];
  bcTotal?: string;
  paymentId?: string | null;
  exceptions?: string[];
}

const compact = (line: Record<string, unknown>) =>
  [
    line.lineType,
    line.lineObjectNumber,
    `x${String(line.quantity)}`,
    `@${String(line.unitPrice)}`,
    line.discountAmount ? `-${String(line.discountAmount)}` : '',
    line.locationId ?? '',
    line.taxCode ?? '',
  ]
    .filter(Boolean)
    .join(' ');

function shopifyExampleOrder(): ChannelOrder {
  const order = restOrderToChannelOrder(shopifyExample('orders/create'));
  // Shopify's example is a cancelled test order (the flow would skip it): take it as placed.
  order.cancelledAt = null;
  order.cancelReason = null;
  order.transactions = [
    {
      id: 'gid://shopify/OrderTransaction/1',
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'bogus',
      paymentId: 'c25048437719.1',
      amount: order.totals.total,
      processedAt: null,
      parentTransactionId: null,
      test: true,
    },
  ];
  return order;
}

const cases: Case[] = [
  {
    name: 'a plain UK order: VAT-inclusive prices, paid shipping, the card payment as reference',
    order: () =>
      sampleOrder({
        number: 9101,
        lines: [
          { sku: 'TEE-ORG-M', quantity: 2, unitPrice: '24.00' },
          { sku: 'SOCK-WOOL-3PK', unitPrice: '18.50' },
        ],
      }),
    header: { externalDocumentNumber: 'SHOP-9101', customerNumber: 'C00010', pricesIncludeTax: true, shipmentMethodId: 'sm-std' },
    lines: ['Item TEE-ORG-M x2 @24.00 loc-scend', 'Item SOCK-WOOL-3PK x1 @18.50 loc-scend', 'Account 40250 x1 @3.99'],
    bcTotal: '70.49',
    paymentId: 'pay_9101',
  },
  {
    name: 'line and order-level discounts as Shopify allocated them to the lines',
    order: () =>
      sampleOrder({
        number: 9102,
        lines: [
          { sku: 'TEE-ORG-M', quantity: 2, unitPrice: '24.00', discount: '7.20' },
          { sku: 'SOCK-WOOL-3PK', unitPrice: '18.50', discount: '1.85' },
        ],
      }),
    header: { pricesIncludeTax: true },
    lines: ['Item TEE-ORG-M x2 @24.00 -7.20 loc-scend', 'Item SOCK-WOOL-3PK x1 @18.50 -1.85 loc-scend', 'Account 40250 x1 @3.99'],
    bcTotal: '61.44',
  },
  {
    name: 'a gift-card redemption spread over the lines (line-discount policy)',
    order: () =>
      sampleOrder({
        number: 9103,
        lines: [
          { sku: 'TEE-ORG-M', quantity: 2, unitPrice: '24.00' },
          { sku: 'SOCK-WOOL-3PK', unitPrice: '18.50' },
        ],
        giftCard: '25.00',
      }),
    header: { pricesIncludeTax: true },
    lines: ['Item TEE-ORG-M x2 @24.00 -17.02 loc-scend', 'Item SOCK-WOOL-3PK x1 @18.50 -6.56 loc-scend', 'Account 40250 x1 @3.99 -1.42'],
    bcTotal: '45.49',
    paymentId: 'pay_9103',
  },
  {
    name: 'the same redemption as a payment against the liability account (payment policy)',
    order: () =>
      sampleOrder({
        number: 9104,
        lines: [
          { sku: 'TEE-ORG-M', quantity: 2, unitPrice: '24.00' },
          { sku: 'SOCK-WOOL-3PK', unitPrice: '18.50' },
        ],
        giftCard: '25.00',
      }),
    config: { giftCards: { policy: 'payment', liabilityAccountNumber: '2310' } },
    header: { pricesIncludeTax: true },
    lines: [
      'Item TEE-ORG-M x2 @24.00 loc-scend',
      'Item SOCK-WOOL-3PK x1 @18.50 loc-scend',
      'Account 40250 x1 @3.99',
      'Account 2310 x1 @-25.00',
    ],
    bcTotal: '45.49',
  },
  {
    name: 'a gift card sold goes to the liability account, outside VAT',
    order: () =>
      sampleOrder({
        number: 9105,
        lines: [
          { sku: 'TEE-ORG-M', unitPrice: '24.00' },
          { sku: 'GIFT-CARD-25', title: 'Gift Card £25', unitPrice: '25.00', isGiftCard: true },
        ],
      }),
    config: { giftCards: { liabilityAccountNumber: '2310', taxCode: 'ZERO' } },
    header: { pricesIncludeTax: true },
    lines: ['Item TEE-ORG-M x1 @24.00 loc-scend', 'Account 2310 x1 @25.00 ZERO', 'Account 40250 x1 @3.99'],
    bcTotal: '52.99',
  },
  {
    name: 'free shipping leaves no shipping line',
    order: () =>
      sampleOrder({
        number: 9106,
        lines: [{ sku: 'HOOD-MRN-M', unitPrice: '89.00' }],
        shipping: { title: 'Free UK delivery', code: 'FREE-UK', price: '0.00' },
      }),
    erp: (erp) => erp.addItem('HOOD-MRN-M'),
    config: { shippingMethods: { 'FREE-UK': 'STD' } },
    header: { shipmentMethodId: 'sm-std' },
    lines: ['Item HOOD-MRN-M x1 @89.00 loc-scend'],
    bcTotal: '89.00',
  },
  {
    name: 'a business customer gets prices excluding VAT, converted to five decimals',
    order: () =>
      sampleOrder({
        number: 9107,
        email: 'buyer@maison-martin.example',
        lines: [{ sku: 'SOCK-WOOL-3PK', quantity: 3, unitPrice: '18.50' }],
      }),
    erp: (erp) =>
      erp.customers.push({
        id: 'c-b2b',
        number: 'C20000',
        displayName: 'Maison Martin',
        type: 'Company',
        email: 'buyer@maison-martin.example',
        currencyCode: null,
        blocked: ' ',
      }),
    config: { pricesIncludeTax: 'customer-type' },
    header: { customerNumber: 'C20000', pricesIncludeTax: false },
    lines: ['Item SOCK-WOOL-3PK x3 @15.41667 loc-scend', 'Account 40250 x1 @3.325'],
    // BC rounds each line amount (3 × 15.41667 = 46.25) before VAT: a penny over Shopify, within tolerance.
    bcTotal: '59.50',
  },
  {
    name: 'refunded before posting: a cancelled unit is left out, a unit refunded without restock stays for the credit memo',
    order: () => {
      const order = sampleOrder({
        number: 9115,
        lines: [
          { sku: 'TEE-ORG-M', quantity: 3, unitPrice: '24.00' },
          { sku: 'SOCK-WOOL-3PK', quantity: 2, unitPrice: '18.50' },
        ],
      });
      order.lines[0]!.currentQuantity = 2; // one unit refunded with restock type CANCEL
      order.lines[1]!.currentQuantity = 1; // one unit refunded without restock
      order.lines[1]!.creditedQuantity = 1;
      return order;
    },
    header: { externalDocumentNumber: 'SHOP-9115' },
    lines: ['Item TEE-ORG-M x2 @24.00 loc-scend', 'Item SOCK-WOOL-3PK x2 @18.50 loc-scend', 'Account 40250 x1 @3.99'],
    bcTotal: '88.99',
    exceptions: [],
  },
  {
    name: 'lines fulfilled from the second location carry its BC location',
    order: () => sampleOrder({ number: 9108, locationId: 'gid://shopify/Location/2' }),
    header: {},
    lines: ['Item TEE-ORG-M x2 @24.00 -4.80 loc-london', 'Item SOCK-WOOL-3PK x1 @18.50 loc-london', 'Account 40250 x1 @3.99'],
  },
  {
    name: "zero-rated children's clothing: Shopify and BC agree on no VAT",
    order: () => sampleOrder({ number: 9109, lines: [{ sku: 'KIDS-TEE-7Y', quantity: 2, unitPrice: '12.00', vatRate: '0' }] }),
    erp: (erp) => erp.addItem('KIDS-TEE-7Y', { vatRate: '0' }),
    header: {},
    lines: ['Item KIDS-TEE-7Y x2 @12.00 loc-scend', 'Account 40250 x1 @3.99'],
    bcTotal: '27.99',
    exceptions: [],
  },
  {
    name: "an EU consumer order under the IOSS threshold posts with the shop's IOSS number configured",
    order: () => {
      const order = sampleOrder({ number: 9110, shipping: { title: 'International Standard (EU)', code: 'INT-EU', price: '9.95' } });
      order.shippingAddress = { ...order.shippingAddress!, countryCode: 'DE', city: 'Berlin', zip: '10115' };
      return order;
    },
    config: { shippingMethods: { 'INT-EU': 'EXP' }, readyToFulfil: { customs: { iossNumber: 'IM2760000001' } } },
    header: { shipmentMethodId: 'sm-exp', shipTo: expect.objectContaining({ country: 'DE', postCode: '10115' }) },
    lines: ['Item TEE-ORG-M x2 @24.00 -4.80 loc-scend', 'Item SOCK-WOOL-3PK x1 @18.50 loc-scend', 'Account 40250 x1 @9.95'],
  },
  {
    name: 'an EU consumer order under IOSS: lines net of the EU VAT, which goes to its own account',
    order: () => {
      const order = sampleOrder({
        number: 9111,
        email: 'kunde@example.de',
        shipping: { title: 'International Standard (EU)', code: 'INT-EU', price: '9.95' },
      });
      order.shippingAddress = { ...order.shippingAddress!, name: 'Lena Kunde', countryCode: 'DE', city: 'Berlin', zip: '10115' };
      return order;
    },
    config: {
      shippingMethods: { 'INT-EU': 'EXP' },
      readyToFulfil: { customs: { iossNumber: 'IM2760000001', iossVatAccountNumber: '22600', iossVatTaxCode: 'ZERO' } },
    },
    header: { pricesIncludeTax: false, customerNumber: 'C90001' },
    lines: [
      'Item TEE-ORG-M x2 @20.00 -4.00 loc-scend',
      'Item SOCK-WOOL-3PK x1 @15.41667 loc-scend',
      'Account 40250 x1 @8.29167',
      'Account 22600 x1 @11.94 ZERO',
    ],
    bcTotal: '71.65',
  },
  {
    name: "Shopify's own example orders/create payload (a US shop, prices without tax)",
    order: shopifyExampleOrder,
    erp: (erp) => {
      for (const sku of ['SKU2006-001', 'LENS-PROTECT-2YR', 'CASE-LEATHER-PREM', 'SKU2006-020', 'SKU2006-035'])
        erp.addItem(sku, { vatRate: '0' });
    },
    config: { readyToFulfil: { domesticCountries: ['US'] }, shippingMethods: { 'Generic Shipping': 'STD' } },
    header: {
      externalDocumentNumber: 'SHOP-9999',
      pricesIncludeTax: false,
      shipTo: expect.objectContaining({ name: 'Steve Shipper, Shipping Company', city: 'Shippington', state: 'KY', country: 'US' }),
    },
    lines: [
      'Item SKU2006-001 x1 @89.99 loc-scend',
      'Item LENS-PROTECT-2YR x1 @19.99 loc-scend',
      'Item CASE-LEATHER-PREM x1 @24.99 loc-scend',
      'Item SKU2006-020 x1 @159.99 loc-scend',
      'Item SKU2006-035 x1 @119.99 loc-scend',
    ],
    bcTotal: '414.95',
    paymentId: 'c25048437719.1',
  },
];

describe('orders flow: the BC document for each awkward case', () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  it.each(cases)('$name', async (testCase) => {
    const world = ordersHarness(store, testCase.config ?? {});
    world.erp.companion = true;
    testCase.erp?.(world.erp);
    const order = testCase.order();
    await takeInOrder(world.deps, world.channel.add(order), 'test');
    await world.runQueued();
    const [record] = (await searchRecords(store.db, order.id)).filter((found) => found.flow === 'orders');
    const exceptions = await listExceptions(store.db, { recordId: record!.id });
    expect(exceptions.map((exception) => exception.code)).toEqual(testCase.exceptions ?? []);
    expect(world.erp.salesOrders).toHaveLength(1);
    const [salesOrder] = world.erp.salesOrders;
    expect(salesOrder!.draft).toMatchObject(testCase.header);
    expect(salesOrder!.draft.lines.map((line) => compact(line as unknown as Record<string, unknown>))).toEqual(testCase.lines);
    if (testCase.bcTotal) expect(salesOrder!.totalAmountIncludingTax).toBe(testCase.bcTotal);
    if (testCase.paymentId !== undefined) expect(salesOrder!.integration.paymentTransactionId).toBe(testCase.paymentId ?? undefined);
    expect(salesOrder!.integration.shopifyOrderId).toBe(order.id);
  });
});
