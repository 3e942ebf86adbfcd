/**
 * Every GraphQL document the hub sends to Shopify, in one place, each a named operation:
 * the order documents here, the others in `*-documents.ts` beside this file, all listed in
 * `allDocuments`. A test validates each against the official 2026-10 schema with deprecated
 * fields forbidden, checks its requested cost stays well under Shopify's 1,000-point cap,
 * and asserts the rules the schema cannot express (`@idempotent`, `changeFromQuantity`).
 */
import { define, orderTransactionFragment, shopMoneyFragment, type GraphqlDocument } from './graphql-document.ts';
import { bulkDocuments } from './bulk-documents.ts';
import { fulfillmentDocuments } from './fulfillment-documents.ts';
import { inventoryDocuments } from './inventory-documents.ts';
import { orderSupplementDocuments } from './order-supplement-documents.ts';
import { payoutDocuments } from './payout-documents.ts';
import { refundDocuments } from './refund-documents.ts';

export type { GraphqlDocument } from './graphql-document.ts';

const shopMoney = shopMoneyFragment;

const address = `
fragment PostalAddress on MailingAddress {
  name company address1 address2 city province provinceCode zip countryCodeV2 phone
}`;

const taxLine = `
fragment OrderTaxLine on TaxLine {
  title rate priceSet { ...ShopMoney }
}`;

/** Page sizes are part of the cost: lines 40 × ~14 points keeps a page near 560. */
export const orderHeader = define(
  'OrderHeader',
  'query',
  360,
  `
query OrderHeader($id: ID!) {
  order(id: $id) {
    id legacyResourceId name createdAt updatedAt processedAt cancelledAt cancelReason
    test tags sourceName currencyCode presentmentCurrencyCode taxesIncluded taxExempt
    email phone displayFinancialStatus displayFulfillmentStatus
    customAttributes { key value }
    customer {
      id firstName lastName
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber { phoneNumber }
    }
    shippingAddress { ...PostalAddress }
    billingAddress { ...PostalAddress }
    taxLines { ...OrderTaxLine }
    subtotalPriceSet { ...ShopMoney }
    totalDiscountsSet { ...ShopMoney }
    totalShippingPriceSet { ...ShopMoney }
    totalTaxSet { ...ShopMoney }
    totalPriceSet { ...ShopMoney }
    totalTipReceivedSet { ...ShopMoney }
    discountApplications(first: 20) {
      nodes {
        __typename index allocationMethod targetSelection targetType
        value {
          __typename
          ... on MoneyV2 { amount currencyCode }
          ... on PricingPercentageValue { percentage }
        }
        ... on DiscountCodeApplication { code }
        ... on AutomaticDiscountApplication { title }
        ... on ManualDiscountApplication { title }
        ... on ScriptDiscountApplication { title }
      }
    }
    shippingLines(first: 10) {
      nodes {
        id title code source
        originalPriceSet { ...ShopMoney }
        discountedPriceSet { ...ShopMoney }
        taxLines { ...OrderTaxLine }
      }
    }
    transactions(first: 50) { ...OrderTransactionFields }
    refunds(first: 1) { id }
  }
}
${address}
${taxLine}
${orderTransactionFragment}
${shopMoney}`,
);

export const orderLineItems = define(
  'OrderLineItems',
  'query',
  570,
  `
query OrderLineItems($id: ID!, $after: String) {
  order(id: $id) {
    id
    lineItems(first: 40, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id sku name title variantTitle quantity currentQuantity
        isGiftCard requiresShipping taxable
        variant { id barcode inventoryItem { id harmonizedSystemCode countryCodeOfOrigin } }
        originalUnitPriceSet { ...ShopMoney }
        totalDiscountSet { ...ShopMoney }
        discountAllocations {
          allocatedAmountSet { ...ShopMoney }
          discountApplication { index }
        }
        taxLines { ...OrderTaxLine }
      }
    }
  }
}
${taxLine}
${shopMoney}`,
);

const fulfillmentOrderLine = `
fragment FulfillmentOrderLine on FulfillmentOrderLineItem {
  id sku totalQuantity remainingQuantity lineItem { id }
}`;

export const orderFulfillmentOrders = define(
  'OrderFulfillmentOrders',
  'query',
  430,
  `
query OrderFulfillmentOrders($id: ID!, $after: String) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 5, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id status
        assignedLocation { location { id } }
        lineItems(first: 40) {
          pageInfo { hasNextPage endCursor }
          nodes { ...FulfillmentOrderLine }
        }
      }
    }
  }
}
${fulfillmentOrderLine}`,
);

/** The rest of a fulfilment order's lines, for the rare order with more than one page. */
export const fulfillmentOrderLineItems = define(
  'FulfillmentOrderLineItems',
  'query',
  210,
  `
query FulfillmentOrderLineItems($id: ID!, $after: String) {
  fulfillmentOrder(id: $id) {
    id
    lineItems(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ...FulfillmentOrderLine }
    }
  }
}
${fulfillmentOrderLine}`,
);

/** With each order's refund ids (free when it has none), so the refunds poll asks only about orders that have some. */
export const ordersUpdatedSince = define(
  'OrdersUpdatedSince',
  'query',
  210,
  `
query OrdersUpdatedSince($query: String!, $after: String) {
  orders(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { id legacyResourceId name updatedAt refunds(first: 3) { id } }
  }
}`,
);

const webhookSubscriptionFields = `
fragment WebhookSubscriptionFields on WebhookSubscription {
  id topic uri format filter includeFields createdAt updatedAt
  apiVersion { handle }
}`;

export const webhookSubscriptions = define(
  'WebhookSubscriptions',
  'query',
  110,
  `
query WebhookSubscriptions($after: String, $topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: 50, after: $after, topics: $topics) {
    pageInfo { hasNextPage endCursor }
    nodes { ...WebhookSubscriptionFields }
  }
}
${webhookSubscriptionFields}`,
);

export const webhookSubscriptionCreate = define(
  'WebhookSubscriptionCreate',
  'mutation',
  10,
  `
mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { ...WebhookSubscriptionFields }
    userErrors { field message }
  }
}
${webhookSubscriptionFields}`,
);

export const webhookSubscriptionDelete = define(
  'WebhookSubscriptionDelete',
  'mutation',
  10,
  `
mutation WebhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) {
    deletedWebhookSubscriptionId
    userErrors { field message }
  }
}`,
);

export const allDocuments: readonly GraphqlDocument[] = [
  orderHeader,
  orderLineItems,
  orderFulfillmentOrders,
  fulfillmentOrderLineItems,
  ordersUpdatedSince,
  ...orderSupplementDocuments,
  webhookSubscriptions,
  webhookSubscriptionCreate,
  webhookSubscriptionDelete,
  ...refundDocuments,
  ...inventoryDocuments,
  ...fulfillmentDocuments,
  ...payoutDocuments,
  ...bulkDocuments,
];
