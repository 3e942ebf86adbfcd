/**
 * Records seen through the GraphQL schema: plain objects whose fields are values or, for
 * fields with arguments or links, functions graphql-js calls with the arguments.
 */
import { EMULATED_API_VERSION as SHOPIFY_API_VERSION } from './api-version.ts';
import { dec, formatMoney, sum, type Decimal } from '../shared/money.ts';
import { buildConnection, sortableId, type ConnectionArgs } from './connection.ts';
import {
  gid,
  type AddressRecord,
  type AllocationRecord,
  type DiscountApplicationRecord,
  type FulfillmentOrderRecord,
  type LineRecord,
  type OrderRecord,
  type ShippingLineRecord,
  type TaxLineRecord,
  type TransactionRecord,
  type VariantRecord,
  type WebhookSubscriptionRecord,
} from './records.ts';
import { fulfillmentView, refundedTotal, refundView, supportedActionsOf } from './after-sale-views.ts';
import { inventoryItemView, locationView } from './inventory-views.ts';
import type { EmulatedShop } from './shop.ts';

export { inventoryItemView, inventoryLevelView, locationView } from './inventory-views.ts';

export function moneyBag(amount: string, currencyCode: string) {
  const money = { __typename: 'MoneyV2', amount, currencyCode };
  return { shopMoney: money, presentmentMoney: money };
}

export function addressView(address: AddressRecord | null) {
  if (!address) return null;
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ') || null;
  return { ...address, name, country: address.countryCode, countryCodeV2: address.countryCode };
}

function taxLineViews(lines: TaxLineRecord[], currency: string) {
  return lines.map((line) => ({
    title: line.title,
    rate: Number(line.rate),
    ratePercentage: dec(line.rate).times(100).toNumber(),
    channelLiable: line.channelLiable,
    priceSet: moneyBag(line.amount, currency),
  }));
}

export function discountApplicationView(application: DiscountApplicationRecord, currency: string) {
  return {
    __typename: application.typename,
    index: application.index,
    allocationMethod: application.allocationMethod,
    targetSelection: application.targetSelection,
    targetType: application.targetType,
    code: application.code,
    title: application.title,
    description: null,
    value:
      application.value.type === 'fixed_amount'
        ? { __typename: 'MoneyV2', amount: application.value.amount, currencyCode: currency }
        : { __typename: 'PricingPercentageValue', percentage: application.value.percentage },
  };
}

function allocationViews(order: OrderRecord, allocations: AllocationRecord[]) {
  return allocations.map((allocation) => ({
    allocatedAmountSet: moneyBag(allocation.amount, order.currency),
    discountApplication: discountApplicationView(order.discountApplications[allocation.applicationIndex]!, order.currency),
  }));
}

export function variantView(shop: EmulatedShop, variant: VariantRecord) {
  const product = shop.products.get(variant.productId)!;
  const item = shop.inventoryItems.get(variant.inventoryItemId)!;
  return {
    id: gid('ProductVariant', variant.id),
    legacyResourceId: String(variant.id),
    sku: variant.sku,
    barcode: variant.barcode,
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    price: variant.price,
    taxable: variant.taxable,
    inventoryPolicy: variant.inventoryPolicy,
    inventoryQuantity: shop.locations.reduce((total, location) => total + (shop.inventoryLevel(item.id, location.id)?.available ?? 0), 0),
    product: {
      id: gid('Product', product.id),
      legacyResourceId: String(product.id),
      title: product.title,
      vendor: product.vendor,
      isGiftCard: product.isGiftCard,
    },
    inventoryItem: () => inventoryItemView(shop, item.id),
  };
}

export function lineView(shop: EmulatedShop, order: OrderRecord, line: LineRecord) {
  const money = (value: Decimal) => formatMoney(value, order.currency);
  const discount = sum(line.allocations.map((allocation) => allocation.amount));
  const original = dec(line.unitPrice).times(line.quantity);
  const variant = line.variantId === null ? undefined : shop.variants.get(line.variantId);
  return {
    id: gid('LineItem', line.id),
    sku: line.sku,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    title: line.title,
    variantTitle: line.variantTitle,
    vendor: line.vendor,
    quantity: line.quantity,
    currentQuantity: line.currentQuantity,
    unfulfilledQuantity: line.currentQuantity,
    isGiftCard: line.isGiftCard,
    requiresShipping: line.requiresShipping,
    taxable: line.taxable,
    variant: variant ? () => variantView(shop, variant) : null,
    originalUnitPriceSet: moneyBag(line.unitPrice, order.currency),
    originalTotalSet: moneyBag(money(original), order.currency),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(money(original.minus(discount).dividedBy(line.quantity)), order.currency),
    totalDiscountSet: moneyBag(money(discount), order.currency),
    discountAllocations: allocationViews(order, line.allocations),
    taxLines: () => taxLineViews(line.taxLines, order.currency),
  };
}

export function transactionView(order: OrderRecord, transaction: TransactionRecord) {
  return {
    id: gid('OrderTransaction', transaction.id),
    kind: transaction.kind,
    status: transaction.status,
    gateway: transaction.gateway,
    formattedGateway:
      transaction.gateway === 'gift_card' ? 'Gift card' : transaction.gateway.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
    paymentId: transaction.paymentId,
    processedAt: transaction.processedAt,
    createdAt: transaction.createdAt,
    test: transaction.test,
    manualPaymentGateway: transaction.gateway === 'manual',
    amountSet: moneyBag(transaction.amount, order.currency),
    parentTransaction: transaction.parentId === null ? null : { id: gid('OrderTransaction', transaction.parentId) },
    receiptJson: transaction.receipt ? JSON.stringify(transaction.receipt) : null,
  };
}

export function fulfillmentOrderView(shop: EmulatedShop, order: OrderRecord, fulfillmentOrder: FulfillmentOrderRecord) {
  const location = shop.locations.find((candidate) => candidate.id === fulfillmentOrder.locationId)!;
  return {
    id: gid('FulfillmentOrder', fulfillmentOrder.id),
    status: fulfillmentOrder.status,
    requestStatus: fulfillmentOrder.requestStatus,
    createdAt: fulfillmentOrder.createdAt,
    updatedAt: fulfillmentOrder.updatedAt,
    order: () => orderView(shop, order),
    orderId: gid('Order', order.id),
    orderName: order.name,
    supportedActions: supportedActionsOf(fulfillmentOrder.status),
    fulfillments: (args: ConnectionArgs) =>
      buildConnection(
        order.fulfillments.filter((fulfillment) => fulfillment.fulfillmentOrderId === fulfillmentOrder.id),
        args,
        (fulfillment) => sortableId(fulfillment.id),
        (fulfillment) => fulfillmentView(shop, order, fulfillment),
      ),
    assignedLocation: { name: location.name, countryCode: location.countryCode, location: locationView(shop, location) },
    lineItems: (args: ConnectionArgs) =>
      buildConnection(
        fulfillmentOrder.lines,
        args,
        (line) => sortableId(line.id),
        (line) => {
          const orderLine = order.lines.find((candidate) => candidate.id === line.lineId)!;
          const variant = orderLine.variantId === null ? undefined : shop.variants.get(orderLine.variantId);
          return {
            id: gid('FulfillmentOrderLineItem', line.id),
            sku: orderLine.sku,
            productTitle: orderLine.title,
            variantTitle: orderLine.variantTitle,
            requiresShipping: orderLine.requiresShipping,
            totalQuantity: line.totalQuantity,
            remainingQuantity: line.remainingQuantity,
            inventoryItemId: variant ? gid('InventoryItem', variant.inventoryItemId) : null,
            lineItem: () => lineView(shop, order, orderLine),
            variant: variant ? () => variantView(shop, variant) : null,
          };
        },
      ),
  };
}

export function orderView(shop: EmulatedShop, order: OrderRecord) {
  const bag = (amount: string) => moneyBag(amount, order.currency);
  const customer = order.customerId === null ? undefined : shop.customers.get(order.customerId);
  const byIndex = (index: number) => String(index).padStart(6, '0');
  return {
    id: gid('Order', order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    processedAt: order.processedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closed: order.closedAt !== null,
    closedAt: order.closedAt,
    test: order.test,
    tags: order.tags,
    note: order.note,
    sourceName: order.sourceName,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.currency,
    taxesIncluded: order.taxesIncluded,
    taxExempt: order.taxExempt,
    email: order.email,
    phone: order.phone,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: order.fulfillmentStatus,
    paymentGatewayNames: [...new Set(order.transactions.map((transaction) => transaction.gateway))],
    discountCodes: order.discountCodes,
    customAttributes: order.attributes,
    customer: customer && {
      id: gid('Customer', customer.id),
      legacyResourceId: String(customer.id),
      firstName: customer.firstName,
      lastName: customer.lastName,
      displayName: [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.email || 'Customer',
      defaultEmailAddress: customer.email ? { emailAddress: customer.email } : null,
      defaultPhoneNumber: customer.phone ? { phoneNumber: customer.phone } : null,
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
    },
    shippingAddress: addressView(order.shippingAddress),
    billingAddress: addressView(order.billingAddress),
    taxLines: taxLineViews(order.taxLines, order.currency),
    subtotalPriceSet: bag(order.totals.subtotal),
    totalDiscountsSet: bag(order.totals.discounts),
    totalShippingPriceSet: bag(order.totals.shipping),
    totalTaxSet: bag(order.totals.tax),
    totalPriceSet: bag(order.totals.total),
    currentTotalPriceSet: bag(order.totals.total),
    totalOutstandingSet: bag(order.totals.outstanding),
    lineItems: (args: ConnectionArgs) =>
      buildConnection(
        order.lines,
        args,
        (line) => sortableId(line.id),
        (line) => lineView(shop, order, line),
      ),
    discountApplications: (args: ConnectionArgs) =>
      buildConnection(
        order.discountApplications,
        args,
        (application) => byIndex(application.index),
        (application) => discountApplicationView(application, order.currency),
      ),
    shippingLines: (args: ConnectionArgs) =>
      buildConnection(
        order.shippingLines,
        args,
        (line) => sortableId(line.id),
        (line) => shippingLineView(order, line),
      ),
    transactions: ({ first }: { first?: number | null }) =>
      order.transactions.slice(0, first ?? undefined).map((transaction) => transactionView(order, transaction)),
    refunds: ({ first }: { first?: number | null }) =>
      order.refunds.slice(0, first ?? undefined).map((refund) => refundView(shop, order, refund)),
    totalRefundedSet: bag(refundedTotal(order.transactions, order.currency)),
    fulfillments: ({ first }: { first?: number | null }) =>
      order.fulfillments.slice(0, first ?? undefined).map((fulfillment) => fulfillmentView(shop, order, fulfillment)),
    totalTipReceivedSet: bag(order.totals.tip ?? '0'),
    totalReceivedSet: bag(receivedTotal(order.transactions, order.currency)),
    netPaymentSet: bag(
      formatMoney(
        dec(receivedTotal(order.transactions, order.currency)).minus(refundedTotal(order.transactions, order.currency)),
        order.currency,
      ),
    ),
    fullyPaid: dec(order.totals.outstanding).isZero(),
    unpaid: dec(receivedTotal(order.transactions, order.currency)).isZero(),
    confirmed: true,
    poNumber: null,
    fulfillmentOrders: (args: ConnectionArgs) =>
      buildConnection(
        order.fulfillmentOrders,
        args,
        (fulfillmentOrder) => sortableId(fulfillmentOrder.id),
        (fulfillmentOrder) => fulfillmentOrderView(shop, order, fulfillmentOrder),
      ),
  };
}

export function shippingLineView(order: OrderRecord, line: ShippingLineRecord) {
  const bag = (amount: string) => moneyBag(amount, order.currency);
  const net = discounted(line.price, line.allocations, order.currency);
  return {
    id: gid('ShippingLine', line.id),
    title: line.title,
    code: line.code,
    source: line.source,
    custom: line.source !== 'shopify',
    isRemoved: false,
    originalPriceSet: bag(line.price),
    discountedPriceSet: bag(net),
    currentDiscountedPriceSet: bag(net),
    discountAllocations: allocationViews(order, line.allocations),
    taxLines: taxLineViews(line.taxLines, order.currency),
  };
}

function discounted(price: string, allocations: AllocationRecord[], currency: string): string {
  return formatMoney(dec(price).minus(sum(allocations.map((allocation) => allocation.amount))), currency);
}

export function webhookSubscriptionView(subscription: WebhookSubscriptionRecord) {
  return {
    id: gid('WebhookSubscription', subscription.id),
    legacyResourceId: String(subscription.id),
    topic: subscription.topic,
    uri: subscription.uri,
    format: subscription.format,
    filter: subscription.filter,
    includeFields: subscription.includeFields,
    name: subscription.name,
    createdAt: subscription.createdAt,
    updatedAt: subscription.updatedAt,
    apiVersion: { handle: SHOPIFY_API_VERSION, displayName: `${SHOPIFY_API_VERSION} (Latest)`, supported: true },
  };
}

/** Money taken: successful sales and captures (authorisations are not money received). */
function receivedTotal(transactions: readonly TransactionRecord[], currency: string): string {
  const taken = transactions.filter((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS');
  return formatMoney(sum(taken.map((t) => t.amount)), currency);
}
