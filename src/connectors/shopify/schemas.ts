/**
 * The shapes the hub reads from Shopify, checked with zod at the boundary so a change in
 * Shopify's answers fails loudly here and not deep inside a flow. Field names match the
 * documents in documents.ts; mapping to the domain types lives in map-order.ts.
 */
import { z } from 'zod';

const money = z.object({ amount: z.string(), currencyCode: z.string() });
export const moneyBag = z.object({ shopMoney: money });
const nullableString = z.string().nullable();

export const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const mailingAddress = z.object({
  name: nullableString,
  company: nullableString,
  address1: nullableString,
  address2: nullableString,
  city: nullableString,
  province: nullableString,
  provinceCode: nullableString,
  zip: nullableString,
  countryCodeV2: nullableString,
  phone: nullableString,
});

export const taxLine = z.object({ title: z.string(), rate: z.number().nullable(), priceSet: moneyBag });

const discountValue = z.union([
  z.object({ __typename: z.literal('MoneyV2'), amount: z.string(), currencyCode: z.string() }),
  z.object({ __typename: z.literal('PricingPercentageValue'), percentage: z.number() }),
]);

export const discountApplication = z.object({
  __typename: z.string(),
  index: z.number().int(),
  allocationMethod: z.string(),
  targetSelection: z.string(),
  targetType: z.string(),
  value: discountValue,
  code: z.string().optional(),
  title: z.string().optional(),
});

export const shippingLine = z.object({
  id: nullableString,
  title: z.string(),
  code: nullableString,
  source: nullableString,
  originalPriceSet: moneyBag,
  discountedPriceSet: moneyBag,
  taxLines: z.array(taxLine),
});

export const transactionKind = z.enum([
  'AUTHORIZATION',
  'CAPTURE',
  'SALE',
  'REFUND',
  'VOID',
  'CHANGE',
  'EMV_AUTHORIZATION',
  'SUGGESTED_REFUND',
]);
export const transactionStatus = z.enum(['SUCCESS', 'PENDING', 'FAILURE', 'ERROR', 'AWAITING_RESPONSE', 'UNKNOWN']);

export const transaction = z.object({
  id: z.string(),
  kind: transactionKind,
  status: transactionStatus,
  gateway: nullableString,
  paymentId: nullableString,
  processedAt: nullableString,
  test: z.boolean(),
  amountSet: moneyBag,
  parentTransaction: z.object({ id: z.string() }).nullable(),
});
export type Transaction = z.infer<typeof transaction>;

export const orderHeader = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  processedAt: nullableString,
  cancelledAt: nullableString,
  cancelReason: nullableString,
  test: z.boolean(),
  tags: z.array(z.string()),
  sourceName: nullableString,
  currencyCode: z.string(),
  presentmentCurrencyCode: z.string(),
  taxesIncluded: z.boolean(),
  taxExempt: z.boolean(),
  email: nullableString,
  phone: nullableString,
  displayFinancialStatus: nullableString,
  displayFulfillmentStatus: nullableString,
  customAttributes: z.array(z.object({ key: z.string(), value: nullableString })),
  customer: z
    .object({
      id: z.string(),
      firstName: nullableString,
      lastName: nullableString,
      defaultEmailAddress: z.object({ emailAddress: z.string() }).nullable(),
      defaultPhoneNumber: z.object({ phoneNumber: z.string() }).nullable(),
    })
    .nullable(),
  shippingAddress: mailingAddress.nullable(),
  billingAddress: mailingAddress.nullable(),
  taxLines: z.array(taxLine),
  subtotalPriceSet: moneyBag.nullable(),
  totalDiscountsSet: moneyBag.nullable(),
  totalShippingPriceSet: moneyBag,
  totalTaxSet: moneyBag.nullable(),
  totalPriceSet: moneyBag,
  totalTipReceivedSet: moneyBag.nullish(),
  discountApplications: z.object({ nodes: z.array(discountApplication) }),
  shippingLines: z.object({ nodes: z.array(shippingLine) }),
  transactions: z.array(transaction),
  /** Only whether the order has any refund: the refunds themselves are read when it does. */
  refunds: z.array(z.object({ id: z.string() })),
});
export type OrderHeader = z.infer<typeof orderHeader>;
export const orderHeaderResponse = z.object({ order: orderHeader.nullable() });

export const lineItem = z.object({
  id: z.string(),
  sku: nullableString,
  name: z.string(),
  title: z.string(),
  variantTitle: nullableString,
  quantity: z.number().int(),
  currentQuantity: z.number().int(),
  isGiftCard: z.boolean(),
  requiresShipping: z.boolean(),
  taxable: z.boolean(),
  variant: z
    .object({
      id: z.string(),
      barcode: nullableString,
      inventoryItem: z.object({ id: z.string(), harmonizedSystemCode: nullableString, countryCodeOfOrigin: nullableString }),
    })
    .nullable(),
  originalUnitPriceSet: moneyBag,
  totalDiscountSet: moneyBag,
  discountAllocations: z.array(z.object({ allocatedAmountSet: moneyBag, discountApplication: z.object({ index: z.number().int() }) })),
  taxLines: z.array(taxLine),
});
export type LineItem = z.infer<typeof lineItem>;

const lineItemPage = z.object({ pageInfo, nodes: z.array(lineItem) });
export const orderLineItemsResponse = z.object({ order: z.object({ id: z.string(), lineItems: lineItemPage }).nullable() });

export const fulfillmentOrderLine = z.object({
  id: z.string(),
  sku: nullableString,
  totalQuantity: z.number().int(),
  remainingQuantity: z.number().int(),
  lineItem: z.object({ id: z.string() }),
});
export type FulfillmentOrderLine = z.infer<typeof fulfillmentOrderLine>;

const fulfillmentOrderLinePage = z.object({ pageInfo, nodes: z.array(fulfillmentOrderLine) });

export const fulfillmentOrder = z.object({
  id: z.string(),
  status: z.string(),
  assignedLocation: z.object({ location: z.object({ id: z.string() }).nullable() }),
  lineItems: fulfillmentOrderLinePage,
});
export type FulfillmentOrder = z.infer<typeof fulfillmentOrder>;

export const orderFulfillmentOrdersResponse = z.object({
  order: z.object({ id: z.string(), fulfillmentOrders: z.object({ pageInfo, nodes: z.array(fulfillmentOrder) }) }).nullable(),
});
export const fulfillmentOrderLineItemsResponse = z.object({
  fulfillmentOrder: z.object({ id: z.string(), lineItems: fulfillmentOrderLinePage }).nullable(),
});

export const orderRef = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  name: z.string(),
  updatedAt: z.string(),
  refunds: z.array(z.object({ id: z.string() })).optional(),
});
export const ordersUpdatedSinceResponse = z.object({ orders: z.object({ pageInfo, nodes: z.array(orderRef) }) });

export const webhookSubscription = z.object({
  id: z.string(),
  topic: z.string(),
  uri: z.string(),
  format: z.string(),
  filter: nullableString,
  includeFields: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  apiVersion: z.object({ handle: z.string() }),
});
export type WebhookSubscription = z.infer<typeof webhookSubscription>;

const userError = z.object({ field: z.array(z.string()).nullable(), message: z.string() });

export const webhookSubscriptionsResponse = z.object({ webhookSubscriptions: z.object({ pageInfo, nodes: z.array(webhookSubscription) }) });
export const webhookSubscriptionCreateResponse = z.object({
  webhookSubscriptionCreate: z.object({ webhookSubscription: webhookSubscription.nullable(), userErrors: z.array(userError) }).nullable(),
});
export const webhookSubscriptionDeleteResponse = z.object({
  webhookSubscriptionDelete: z.object({ deletedWebhookSubscriptionId: nullableString, userErrors: z.array(userError) }).nullable(),
});

/** The cost block Shopify adds to every answer, throttled or not. */
export const costExtension = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
});

export const graphqlResponse = z.object({
  data: z.unknown().optional(),
  errors: z
    .array(
      z.object({
        message: z.string(),
        path: z.array(z.union([z.string(), z.number()])).optional(),
        extensions: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
  extensions: z.object({ cost: costExtension.optional() }).passthrough().optional(),
});
