/**
 * The part of Shopify's official Admin API 2026-10 the emulator serves, by name. The SDL in
 * admin-2026-10.subset.graphql is cut from the official schema with this list
 * (prune-schema.ts), so every type, field, argument and enum value keeps Shopify's own
 * definition; adding behaviour to the emulator starts by adding its name here.
 *
 * Fields read `name` or `name(arg1, arg2)`: only listed arguments are served, plus any the
 * official schema requires. Enums list their served values, or `*` for every current one.
 */
export type Selection = Record<string, readonly string[]>;

const connection = (node: string): Selection => ({
  [`${node}Connection`]: ['edges', 'nodes', 'pageInfo'],
  [`${node}Edge`]: ['cursor', 'node'],
});

const page = 'first, after, last, before, reverse';

export const emulatorSelection: Selection = {
  QueryRoot: [
    'order(id)',
    `orders(${page}, query, sortKey)`,
    'fulfillmentOrder(id)',
    `productVariants(${page}, query)`,
    'location(id)',
    `locations(${page})`,
    `webhookSubscriptions(${page}, topics, uri)`,
  ],
  Mutation: ['orderCreate(order, options)', 'webhookSubscriptionCreate(topic, webhookSubscription)', 'webhookSubscriptionDelete(id)'],

  Order: [
    'id', 'legacyResourceId', 'name', 'createdAt', 'updatedAt', 'processedAt', 'cancelledAt', 'cancelReason', 'closed', 'closedAt',
    'test', 'tags', 'note', 'sourceName', 'currencyCode', 'presentmentCurrencyCode', 'taxesIncluded', 'taxExempt',
    'email', 'phone', 'displayFinancialStatus', 'displayFulfillmentStatus', 'paymentGatewayNames', 'discountCodes',
    'customer', 'shippingAddress', 'billingAddress', 'taxLines',
    'subtotalPriceSet', 'totalDiscountsSet', 'totalShippingPriceSet', 'totalTaxSet', 'totalPriceSet', 'currentTotalPriceSet', 'totalOutstandingSet',
    `lineItems(${page})`, `discountApplications(${page})`, `shippingLines(${page})`, 'transactions(first)', `fulfillmentOrders(${page})`,
  ],
  LineItem: [
    'id', 'sku', 'name', 'title', 'variantTitle', 'vendor', 'quantity', 'currentQuantity', 'unfulfilledQuantity',
    'isGiftCard', 'requiresShipping', 'taxable', 'variant', 'originalUnitPriceSet', 'discountedUnitPriceAfterAllDiscountsSet',
    'originalTotalSet', 'totalDiscountSet', 'discountAllocations', 'taxLines(first)',
  ],
  ...connection('Order'),
  ...connection('LineItem'),
  ...connection('DiscountApplication'),
  ...connection('ShippingLine'),
  ...connection('FulfillmentOrder'),
  ...connection('FulfillmentOrderLineItem'),
  ...connection('ProductVariant'),
  ...connection('Location'),
  ...connection('WebhookSubscription'),
  PageInfo: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'],
  MoneyBag: ['shopMoney', 'presentmentMoney'],
  MoneyV2: ['amount', 'currencyCode'],
  MailingAddress: ['name', 'firstName', 'lastName', 'company', 'address1', 'address2', 'city', 'province', 'provinceCode', 'zip', 'country', 'countryCodeV2', 'phone'],
  TaxLine: ['title', 'rate', 'ratePercentage', 'priceSet', 'channelLiable'],
  DiscountAllocation: ['allocatedAmountSet', 'discountApplication'],
  DiscountApplication: ['allocationMethod', 'index', 'targetSelection', 'targetType', 'value'],
  DiscountCodeApplication: ['allocationMethod', 'index', 'targetSelection', 'targetType', 'value', 'code'],
  AutomaticDiscountApplication: ['allocationMethod', 'index', 'targetSelection', 'targetType', 'value', 'title'],
  ManualDiscountApplication: ['allocationMethod', 'index', 'targetSelection', 'targetType', 'value', 'title', 'description'],
  ScriptDiscountApplication: ['allocationMethod', 'index', 'targetSelection', 'targetType', 'value', 'title'],
  PricingValue: [],
  PricingPercentageValue: ['percentage'],
  ShippingLine: ['id', 'title', 'code', 'source', 'custom', 'isRemoved', 'originalPriceSet', 'discountedPriceSet', 'currentDiscountedPriceSet', 'discountAllocations', 'taxLines'],
  OrderTransaction: [
    'id', 'kind', 'status', 'gateway', 'formattedGateway', 'paymentId', 'processedAt', 'createdAt', 'test',
    'manualPaymentGateway', 'amountSet', 'parentTransaction', 'receiptJson',
  ],
  Customer: ['id', 'legacyResourceId', 'firstName', 'lastName', 'displayName', 'defaultEmailAddress', 'defaultPhoneNumber', 'createdAt', 'updatedAt'],
  CustomerEmailAddress: ['emailAddress'],
  CustomerPhoneNumber: ['phoneNumber'],
  FulfillmentOrder: ['id', 'status', 'requestStatus', 'createdAt', 'updatedAt', 'order', 'assignedLocation', `lineItems(${page})`],
  FulfillmentOrderAssignedLocation: ['name', 'countryCode', 'location'],
  FulfillmentOrderLineItem: ['id', 'sku', 'productTitle', 'variantTitle', 'requiresShipping', 'totalQuantity', 'remainingQuantity', 'inventoryItemId', 'lineItem', 'variant'],
  Location: ['id', 'legacyResourceId', 'name', 'isActive', 'fulfillsOnlineOrders', 'shipsInventory', 'isFulfillmentService', 'inventoryLevel(inventoryItemId)'],
  ProductVariant: ['id', 'legacyResourceId', 'sku', 'barcode', 'title', 'displayName', 'price', 'taxable', 'inventoryPolicy', 'inventoryQuantity', 'inventoryItem', 'product'],
  Product: ['id', 'legacyResourceId', 'title', 'vendor', 'isGiftCard'],
  InventoryItem: ['id', 'legacyResourceId', 'sku', 'tracked', 'requiresShipping', 'harmonizedSystemCode', 'countryCodeOfOrigin', 'inventoryLevel(locationId)'],
  InventoryLevel: ['id', 'item', 'location', 'quantities(names)'],
  InventoryQuantity: ['id', 'name', 'quantity'],
  WebhookSubscription: ['id', 'legacyResourceId', 'topic', 'uri', 'format', 'filter', 'includeFields', 'name', 'createdAt', 'updatedAt', 'apiVersion'],
  ApiVersion: ['handle', 'displayName', 'supported'],
  UserError: ['field', 'message'],
  OrderCreatePayload: ['order', 'userErrors'],
  OrderCreateUserError: ['field', 'message', 'code'],
  WebhookSubscriptionCreatePayload: ['webhookSubscription', 'userErrors'],
  WebhookSubscriptionDeletePayload: ['deletedWebhookSubscriptionId', 'userErrors'],

  OrderCreateOrderInput: [
    'billingAddress', 'currency', 'customer', 'discountCode', 'email', 'financialStatus', 'lineItems', 'note', 'phone',
    'presentmentCurrency', 'processedAt', 'shippingAddress', 'shippingLines', 'sourceName', 'tags', 'taxLines', 'taxesIncluded', 'test', 'transactions',
  ],
  OrderCreateOptionsInput: ['inventoryBehaviour', 'sendReceipt', 'sendFulfillmentReceipt'],
  OrderCreateLineItemInput: ['variantId', 'sku', 'title', 'variantTitle', 'vendor', 'quantity', 'priceSet', 'taxLines', 'taxable', 'requiresShipping', 'giftCard'],
  MoneyBagInput: ['shopMoney', 'presentmentMoney'],
  MoneyInput: ['amount', 'currencyCode'],
  MailingAddressInput: ['firstName', 'lastName', 'company', 'address1', 'address2', 'city', 'provinceCode', 'zip', 'countryCode', 'phone'],
  OrderCreateShippingLineInput: ['title', 'code', 'source', 'priceSet', 'taxLines'],
  OrderCreateTaxLineInput: ['title', 'rate', 'priceSet', 'channelLiable'],
  OrderCreateOrderTransactionInput: ['amountSet', 'gateway', 'kind', 'status', 'processedAt', 'test', 'receiptJson', 'giftCardId'],
  OrderCreateCustomerInput: ['toAssociate', 'toUpsert'],
  OrderCreateAssociateCustomerAttributesInput: ['id', 'email'],
  OrderCreateUpsertCustomerAttributesInput: ['email', 'firstName', 'lastName', 'phone'],
  OrderCreateDiscountCodeInput: ['itemFixedDiscountCode', 'itemPercentageDiscountCode', 'freeShippingDiscountCode'],
  OrderCreateFixedDiscountCodeAttributesInput: ['code', 'amountSet'],
  OrderCreatePercentageDiscountCodeAttributesInput: ['code', 'percentage'],
  OrderCreateFreeShippingDiscountCodeAttributesInput: ['code'],
  WebhookSubscriptionInput: ['uri', 'format', 'filter', 'includeFields', 'name'],

  CurrencyCode: ['*'],
  CountryCode: ['*'],
  OrderSortKeys: ['CREATED_AT', 'ID', 'PROCESSED_AT', 'UPDATED_AT'],
  OrderTransactionKind: ['*'],
  OrderTransactionStatus: ['*'],
  OrderCancelReason: ['*'],
  OrderDisplayFinancialStatus: ['*'],
  OrderDisplayFulfillmentStatus: ['*'],
  FulfillmentOrderStatus: ['*'],
  FulfillmentOrderRequestStatus: ['*'],
  DiscountApplicationAllocationMethod: ['*'],
  DiscountApplicationTargetSelection: ['*'],
  DiscountApplicationTargetType: ['*'],
  ProductVariantInventoryPolicy: ['*'],
  WebhookSubscriptionTopic: ['ORDERS_CREATE', 'ORDERS_UPDATED', 'ORDERS_CANCELLED'],
  WebhookSubscriptionFormat: ['JSON'],
  OrderCreateFinancialStatus: ['*'],
  OrderCreateInputsInventoryBehavior: ['*'],
  OrderCreateUserErrorCode: ['*'],

  DateTime: [],
  Decimal: [],
  Money: [],
  URL: [],
  UnsignedInt64: [],
  JSON: [],
};
