/**
 * Shopify's order, read in three documents (header, lines, fulfilment orders) and, when it
 * has refunds, those too, mapped to the hub's ChannelOrder. Amounts stay decimal strings in
 * shop money; a tax rate (a GraphQL Float) becomes a decimal string; nothing is recomputed
 * here.
 */
import type {
  ChannelFulfillmentOrder,
  ChannelOrder,
  ChannelOrderLine,
  ChannelTransaction,
  DiscountApplication,
  PostalAddress,
  TaxLine,
} from '../../core/domain/channel-order.ts';
import type { ChannelRefund } from '../../core/domain/channel-refund.ts';
import { dec, minorUnitsOf } from '../../core/money.ts';
import type { FulfillmentOrder, FulfillmentOrderLine, LineItem, OrderHeader, Transaction } from './schemas.ts';

type MoneyBag = { shopMoney: { amount: string; currencyCode: string } };
type Address = NonNullable<OrderHeader['shippingAddress']>;

/**
 * Shopify writes `"24.0"`; the hub writes the currency's places (`"24.00"`). An amount with
 * more places than the currency has is kept exact rather than rounded away.
 */
export function normalizeAmount(amount: string, currency: string): string {
  const value = dec(amount);
  const places = minorUnitsOf(currency);
  return value.decimalPlaces() <= places ? value.toFixed(places) : value.toFixed();
}

/** A missing bag (Shopify allows null on a few totals) is zero in the order's currency. */
export function amountOf(bag: MoneyBag | null | undefined, currency = 'XXX'): string {
  return normalizeAmount(bag?.shopMoney.amount ?? '0', bag?.shopMoney.currencyCode ?? currency);
}

function rateOf(rate: number | null): string {
  return rate === null ? '0' : dec(rate).toFixed();
}

function mapTaxLines(lines: OrderHeader['taxLines']): TaxLine[] {
  return lines.map((line) => ({ title: line.title, rate: rateOf(line.rate), amount: amountOf(line.priceSet) }));
}

function mapAddress(address: Address | null): PostalAddress | null {
  if (!address) return null;
  const { countryCodeV2, ...rest } = address;
  return { ...rest, countryCode: countryCodeV2 };
}

const kindByTypename: Record<string, string> = {
  DiscountCodeApplication: 'DISCOUNT_CODE',
  AutomaticDiscountApplication: 'AUTOMATIC',
  ManualDiscountApplication: 'MANUAL',
  ScriptDiscountApplication: 'SCRIPT',
};

function mapDiscountApplication(node: OrderHeader['discountApplications']['nodes'][number]): DiscountApplication {
  return {
    index: node.index,
    kind: kindByTypename[node.__typename] ?? node.__typename,
    code: node.code ?? null,
    title: node.title ?? null,
    allocationMethod: node.allocationMethod,
    targetType: node.targetType,
    targetSelection: node.targetSelection,
    value:
      node.value.__typename === 'MoneyV2'
        ? { type: 'fixed_amount', amount: normalizeAmount(node.value.amount, node.value.currencyCode) }
        : { type: 'percentage', percentage: dec(node.value.percentage).toFixed() },
  };
}

export function mapLineItem(line: LineItem): ChannelOrderLine {
  return {
    id: line.id,
    sku: line.sku,
    title: line.title,
    variantTitle: line.variantTitle,
    variantId: line.variant?.id ?? null,
    inventoryItemId: line.variant?.inventoryItem.id ?? null,
    barcode: line.variant?.barcode ?? null,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity,
    unitPrice: amountOf(line.originalUnitPriceSet),
    totalDiscount: amountOf(line.totalDiscountSet),
    discountAllocations: line.discountAllocations.map((allocation) => ({
      amount: amountOf(allocation.allocatedAmountSet),
      discountApplicationIndex: allocation.discountApplication.index,
    })),
    taxLines: mapTaxLines(line.taxLines),
    isGiftCard: line.isGiftCard,
    requiresShipping: line.requiresShipping,
    taxable: line.taxable,
    harmonizedSystemCode: line.variant?.inventoryItem.harmonizedSystemCode ?? null,
    countryOfOrigin: line.variant?.inventoryItem.countryCodeOfOrigin ?? null,
  };
}

export function mapFulfillmentOrder(order: FulfillmentOrder, lines: FulfillmentOrderLine[]): ChannelFulfillmentOrder {
  return {
    id: order.id,
    status: order.status,
    locationId: order.assignedLocation.location?.id ?? null,
    lines: lines.map((line) => ({
      id: line.id,
      lineItemId: line.lineItem.id,
      sku: line.sku,
      totalQuantity: line.totalQuantity,
      remainingQuantity: line.remainingQuantity,
    })),
  };
}

export function mapTransaction(transaction: Transaction): ChannelTransaction {
  return {
    id: transaction.id,
    kind: transaction.kind,
    status: transaction.status,
    gateway: transaction.gateway ?? 'unknown',
    paymentId: transaction.paymentId,
    amount: amountOf(transaction.amountSet),
    processedAt: transaction.processedAt,
    parentTransactionId: transaction.parentTransaction?.id ?? null,
    test: transaction.test,
  };
}

/** Units of each line refunded by refunds a credit memo will take back: all but `CANCEL`. */
function creditedQuantities(refunds: readonly ChannelRefund[]): Map<string, number> {
  const credited = new Map<string, number>();
  for (const line of refunds.flatMap((refund) => refund.lines)) {
    if (line.restockType !== 'CANCEL') credited.set(line.lineItemId, (credited.get(line.lineItemId) ?? 0) + line.quantity);
  }
  return credited;
}

export function mapOrder(
  header: OrderHeader,
  lines: LineItem[],
  fulfillmentOrders: ChannelFulfillmentOrder[],
  refunds: readonly ChannelRefund[] = [],
): ChannelOrder {
  const customer = header.customer;
  const credited = creditedQuantities(refunds);
  return {
    id: header.id,
    legacyId: header.legacyResourceId,
    name: header.name,
    createdAt: header.createdAt,
    updatedAt: header.updatedAt,
    processedAt: header.processedAt,
    cancelledAt: header.cancelledAt,
    cancelReason: header.cancelReason,
    test: header.test,
    tags: header.tags,
    sourceName: header.sourceName,
    currency: header.currencyCode,
    presentmentCurrency: header.presentmentCurrencyCode,
    taxesIncluded: header.taxesIncluded,
    taxExempt: header.taxExempt,
    email: header.email,
    phone: header.phone,
    customer: customer && {
      id: customer.id,
      email: customer.defaultEmailAddress?.emailAddress ?? null,
      phone: customer.defaultPhoneNumber?.phoneNumber ?? null,
      firstName: customer.firstName,
      lastName: customer.lastName,
    },
    shippingAddress: mapAddress(header.shippingAddress),
    billingAddress: mapAddress(header.billingAddress),
    lines: lines.map((line) => {
      const mapped = mapLineItem(line);
      const units = credited.get(mapped.id);
      return units ? { ...mapped, creditedQuantity: units } : mapped;
    }),
    shippingLines: header.shippingLines.nodes.map((line) => ({
      id: line.id,
      title: line.title,
      code: line.code,
      source: line.source,
      price: amountOf(line.originalPriceSet),
      discountedPrice: amountOf(line.discountedPriceSet),
      taxLines: mapTaxLines(line.taxLines),
    })),
    discountApplications: header.discountApplications.nodes.map(mapDiscountApplication),
    transactions: header.transactions.map(mapTransaction),
    fulfillmentOrders,
    taxLines: mapTaxLines(header.taxLines),
    totals: {
      subtotal: amountOf(header.subtotalPriceSet, header.currencyCode),
      discounts: amountOf(header.totalDiscountsSet, header.currencyCode),
      shipping: amountOf(header.totalShippingPriceSet),
      tax: amountOf(header.totalTaxSet, header.currencyCode),
      total: amountOf(header.totalPriceSet),
      tip: amountOf(header.totalTipReceivedSet, header.currencyCode),
    },
    displayFinancialStatus: header.displayFinancialStatus,
    displayFulfillmentStatus: header.displayFulfillmentStatus,
    attributes: header.customAttributes.map((attribute) => ({ key: attribute.key, value: attribute.value ?? '' })),
  };
}
