/**
 * Realistic Shopify orders for flow tests, built the way Shopify reports them: VAT-inclusive
 * GBP prices, discounts allocated per line, tax lines per line, a fulfilment order at a
 * location, and the payment transactions. Helpers add the awkward parts.
 */
import type { ChannelOrder, ChannelOrderLine, ChannelTransaction } from '../../src/core/domain/channel-order.ts';
import { dec, formatMoney, sum } from '../../src/core/money.ts';

interface LineSpec {
  sku: string | null;
  title?: string;
  quantity?: number;
  unitPrice: string;
  discount?: string;
  vatRate?: string;
  isGiftCard?: boolean;
  barcode?: string;
  hsCode?: string | null;
  origin?: string | null;
}

const defaultLines: LineSpec[] = [
  { sku: 'TEE-ORG-M', title: 'Organic Cotton Tee – Medium', quantity: 2, unitPrice: '24.00', discount: '4.80' },
  { sku: 'SOCK-WOOL-3PK', title: 'Wool Socks, 3 pack', quantity: 1, unitPrice: '18.50' },
];

/** VAT included in a gross amount at a rate, rounded to the penny. */
function vatIn(gross: string, rate: string): string {
  return formatMoney(dec(gross).times(rate).dividedBy(dec(rate).plus(1)), 'GBP');
}

export function buildLine(spec: LineSpec, index: number): ChannelOrderLine {
  const quantity = spec.quantity ?? 1;
  const discount = spec.discount ?? '0.00';
  const gross = formatMoney(dec(spec.unitPrice).times(quantity).minus(discount), 'GBP');
  const rate = spec.vatRate ?? (spec.isGiftCard ? '0' : '0.2');
  return {
    id: `gid://shopify/LineItem/${index + 1}`,
    sku: spec.sku,
    title: spec.title ?? spec.sku ?? 'Custom item',
    variantTitle: null,
    variantId: null,
    inventoryItemId: null,
    barcode: spec.barcode ?? null,
    quantity,
    currentQuantity: quantity,
    unitPrice: spec.unitPrice,
    totalDiscount: discount,
    discountAllocations: dec(discount).isZero() ? [] : [{ amount: discount, discountApplicationIndex: 0 }],
    taxLines: dec(rate).isZero() ? [] : [{ title: 'VAT', rate, amount: vatIn(gross, rate) }],
    isGiftCard: spec.isGiftCard ?? false,
    requiresShipping: !(spec.isGiftCard ?? false),
    taxable: !dec(rate).isZero(),
    harmonizedSystemCode: spec.hsCode === undefined ? '610910' : spec.hsCode,
    countryOfOrigin: spec.origin === undefined ? 'PT' : spec.origin,
  };
}

export interface SampleOptions extends Partial<Omit<ChannelOrder, 'lines'>> {
  number?: number;
  lines?: LineSpec[];
  shipping?: { title: string; code?: string; price: string } | null;
  giftCard?: string;
  locationId?: string;
}

export function sampleOrder(options: SampleOptions = {}): ChannelOrder {
  const { number: _number, lines: _lines, shipping: _shipping, giftCard: _giftCard, locationId: _locationId, ...overrides } = options;
  const number = options.number ?? 1001;
  const lines = (options.lines ?? defaultLines).map(buildLine);
  const shipping = options.shipping === undefined ? { title: 'Standard', code: 'STANDARD', price: '3.99' } : options.shipping;
  const shippingLines = shipping
    ? [
        {
          id: 'gid://shopify/ShippingLine/1',
          title: shipping.title,
          code: shipping.code ?? null,
          source: 'shopify',
          price: shipping.price,
          discountedPrice: shipping.price,
          taxLines: dec(shipping.price).isZero() ? [] : [{ title: 'VAT', rate: '0.2', amount: vatIn(shipping.price, '0.2') }],
        },
      ]
    : [];
  const linesGross = sum(lines.map((line) => dec(line.unitPrice).times(line.quantity).minus(line.totalDiscount)));
  const total = linesGross.plus(shipping ? shipping.price : '0');
  const tax = sum(
    [...lines.flatMap((line) => line.taxLines), ...shippingLines.flatMap((line) => line.taxLines)].map((taxLine) => taxLine.amount),
  );
  const giftCard = options.giftCard ? dec(options.giftCard) : dec(0);
  const transactions: ChannelTransaction[] = [];
  if (!giftCard.isZero())
    transactions.push({
      id: 'gid://shopify/OrderTransaction/91',
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'gift_card',
      paymentId: null,
      amount: formatMoney(giftCard, 'GBP'),
      processedAt: null,
      parentTransactionId: null,
      test: false,
    });
  const paid = total.minus(giftCard);
  if (!paid.isZero())
    transactions.push({
      id: 'gid://shopify/OrderTransaction/92',
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'shopify_payments',
      paymentId: `pay_${number}`,
      amount: formatMoney(paid, 'GBP'),
      processedAt: null,
      parentTransactionId: null,
      test: false,
    });
  return {
    id: `gid://shopify/Order/${5_000_000_000_000 + number}`,
    legacyId: String(5_000_000_000_000 + number),
    name: `#${number}`,
    createdAt: '2026-11-24T09:00:00Z',
    updatedAt: '2026-11-24T09:00:00Z',
    processedAt: '2026-11-24T09:00:00Z',
    cancelledAt: null,
    cancelReason: null,
    test: false,
    tags: [],
    sourceName: 'web',
    currency: 'GBP',
    presentmentCurrency: 'GBP',
    taxesIncluded: true,
    taxExempt: false,
    email: 'amelia.hughes@example.co.uk',
    phone: null,
    customer: null,
    shippingAddress: {
      name: 'Amelia Hughes',
      company: null,
      address1: '1 High St',
      address2: null,
      city: 'Leeds',
      province: null,
      provinceCode: null,
      zip: 'LS1 1AA',
      countryCode: 'GB',
      phone: '+447700900123',
    },
    billingAddress: null,
    lines,
    shippingLines,
    discountApplications: [],
    transactions,
    fulfillmentOrders: [
      {
        id: 'gid://shopify/FulfillmentOrder/1',
        status: 'OPEN',
        locationId: options.locationId ?? 'gid://shopify/Location/1',
        lines: lines
          .filter((line) => line.requiresShipping)
          .map((line, index) => ({
            id: `gid://shopify/FulfillmentOrderLineItem/${index + 1}`,
            lineItemId: line.id,
            sku: line.sku,
            totalQuantity: line.quantity,
            remainingQuantity: line.quantity,
          })),
      },
    ],
    taxLines: [],
    totals: {
      subtotal: formatMoney(linesGross, 'GBP'),
      discounts: formatMoney(sum(lines.map((line) => line.totalDiscount)), 'GBP'),
      shipping: shipping ? shipping.price : '0.00',
      tax: formatMoney(tax, 'GBP'),
      total: formatMoney(total, 'GBP'),
    },
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    ...overrides,
  };
}
