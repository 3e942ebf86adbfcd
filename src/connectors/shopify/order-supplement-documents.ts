/**
 * What an order webhook's REST body lacks, read for many orders per query (as the poll reads
 * orders 50 a page): transactions and fulfilment orders per order (the assigned location by
 * its name, unique in a shop and free to read; its id comes from the cached location list),
 * the lines of fulfilment
 * orders when an order has more than one, and variant details (barcode, inventory item,
 * customs data), which are cached. Page sizes keep the requested cost of a full batch under
 * Shopify's 1,000-point cap even where each id counts in full.
 */
import { z } from 'zod';
import { define, orderTransactionFragment, shopMoneyFragment } from './graphql-document.ts';
import { fulfillmentOrderLine, pageInfo, transaction } from './schemas.ts';

const nullableString = z.string().nullable();

/** Orders per OrderSupplements query: about 40 requested points each. */
export const ordersPerSupplementQuery = 20;
/** Fulfilment orders per FulfillmentOrderLines query: about 85 requested points each. */
export const fulfillmentOrdersPerQuery = 10;
/** Variants per VariantDetails query: 3 requested points each. */
export const variantsPerQuery = 100;

function supplementsQuery(name: string, transactions: string): string {
  return `
query ${name}($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Order {
      id updatedAt
      refunds(first: 1) { id }${transactions}
      fulfillmentOrders(first: 5) {
        pageInfo { hasNextPage endCursor }
        nodes { id status assignedLocation { name } }
      }
    }
  }
}`;
}

export const orderSupplements = define(
  'OrderSupplements',
  'query',
  800,
  `${supplementsQuery('OrderSupplements', '\n      transactions(first: 5) { ...OrderTransactionFields }')}
${orderTransactionFragment}
${shopMoneyFragment}`,
);

/** The same for orders whose payments Shopify announced by webhook (order_transactions/create): 3 points a transaction less. */
export const orderSupplementsWithoutTransactions = define(
  'OrderSupplementsWithoutTransactions',
  'query',
  300,
  supplementsQuery('OrderSupplementsWithoutTransactions', ''),
);

export const fulfillmentOrderLines = define(
  'FulfillmentOrderLines',
  'query',
  850,
  `
query FulfillmentOrderLines($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on FulfillmentOrder {
      id
      lineItems(first: 40) {
        pageInfo { hasNextPage endCursor }
        nodes { id sku totalQuantity remainingQuantity lineItem { id } }
      }
    }
  }
}`,
);

export const variantDetails = define(
  'VariantDetails',
  'query',
  300,
  `
query VariantDetails($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on ProductVariant {
      id barcode
      inventoryItem { id harmonizedSystemCode countryCodeOfOrigin }
    }
  }
}`,
);

export const orderSupplementDocuments = [orderSupplements, orderSupplementsWithoutTransactions, fulfillmentOrderLines, variantDetails];

const supplementNode = z.object({
  id: z.string(),
  updatedAt: z.string(),
  refunds: z.array(z.object({ id: z.string() })),
  /** Absent when asked without (OrderSupplementsWithoutTransactions). */
  transactions: z.array(transaction).optional(),
  fulfillmentOrders: z.object({
    pageInfo,
    nodes: z.array(z.object({ id: z.string(), status: z.string(), assignedLocation: z.object({ name: z.string() }) })),
  }),
});
export type SupplementNode = z.infer<typeof supplementNode>;

/** `nodes` answers null for an id that does not exist (a deleted order). */
export const orderSupplementsResponse = z.object({ nodes: z.array(supplementNode.nullable()) });

const linesNode = z.object({ id: z.string(), lineItems: z.object({ pageInfo, nodes: z.array(fulfillmentOrderLine) }) });
export const fulfillmentOrderLinesResponse = z.object({ nodes: z.array(linesNode.nullable()) });

const variantNode = z.object({
  id: z.string(),
  barcode: nullableString,
  inventoryItem: z.object({ id: z.string(), harmonizedSystemCode: nullableString, countryCodeOfOrigin: nullableString }),
});
export type VariantNode = z.infer<typeof variantNode>;
export const variantDetailsResponse = z.object({ nodes: z.array(variantNode.nullable()) });
