/**
 * Fulfilment: the state of one fulfilment order (checked before shipping, and read again
 * when a `fulfillmentCreate` answer is lost, to see whether it landed) and the mutation.
 * `fulfillmentCreate` has no idempotency key: it is never resent without that check.
 */
import { define } from './graphql-document.ts';

const fulfillmentFields = `
fragment FulfillmentFields on Fulfillment {
  id status createdAt
  trackingInfo(first: 5) { company number url }
  fulfillmentLineItems(first: 20) {
    nodes { quantity lineItem { id } }
  }
}`;

export const fulfillmentOrderState = define(
  'FulfillmentOrderState',
  'query',
  360,
  `
query FulfillmentOrderState($id: ID!) {
  fulfillmentOrder(id: $id) {
    id status orderId
    supportedActions { action }
    lineItems(first: 50) {
      pageInfo { hasNextPage endCursor }
      nodes { id remainingQuantity totalQuantity lineItem { id } }
    }
    fulfillments(first: 5, reverse: true) {
      nodes { ...FulfillmentFields }
    }
  }
}
${fulfillmentFields}`,
);

export const fulfillmentCreate = define(
  'FulfillmentCreate',
  'mutation',
  10,
  `
mutation FulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
  fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
    fulfillment { ...FulfillmentFields }
    userErrors { field message }
  }
}
${fulfillmentFields}`,
);

export const fulfillmentDocuments = [fulfillmentOrderState, fulfillmentCreate];
