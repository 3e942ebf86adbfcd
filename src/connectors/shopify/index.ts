/**
 * The Shopify connector: typed methods over the Admin GraphQL API 2026-10. It satisfies the
 * orders flow's `OrdersChannel` port and owns webhook subscriptions.
 */
import { systemClock, type Clock } from '../../core/clock.js';
import type { ChannelFulfillmentOrder, ChannelOrder, ChannelOrderRef } from '../../core/domain/channel-order.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { createAccessTokenSource } from './auth.js';
import { ShopifyGraphqlClient } from './client.js';
import { parseShopifyConfig, type ShopifyConfig, type ShopifyConfigInput } from './config.js';
import { CostBuckets } from './cost-bucket.js';
import * as documents from './documents.js';
import { errorFromUserErrors, shopifyError } from './errors.js';
import { mapFulfillmentOrder, mapOrder } from './map-order.js';
import { collect, paginate } from './paging.js';
import * as schemas from './schemas.js';

export type ShopifyConnectorOptions = ShopifyConfigInput & {
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  logger?: Logger;
  /** Share one registry between connectors of the same process so a shop has one bucket. */
  costBuckets?: CostBuckets;
  random?: () => number;
};

export interface WebhookSubscriptionInfo {
  id: string;
  /** Shopify's enum name, e.g. `ORDERS_CREATE`. */
  topic: string;
  uri: string;
  format: string;
  apiVersion: string;
  createdAt: string;
}

export interface ShopifyConnector {
  readonly config: ShopifyConfig;
  readonly client: ShopifyGraphqlClient;
  getOrder(id: string): Promise<ChannelOrder | undefined>;
  listOrdersUpdatedSince(since: string): AsyncIterable<ChannelOrderRef>;
  listWebhookSubscriptions(topic?: string): Promise<WebhookSubscriptionInfo[]>;
  ensureWebhookSubscription(topic: string, callbackUrl: string): Promise<{ subscription: WebhookSubscriptionInfo; created: boolean }>;
  deleteWebhookSubscription(id: string): Promise<void>;
}

/** Buckets of connectors on the system clock, shared process-wide: one per shop. */
const processBuckets = new CostBuckets(systemClock);

/** `orders/create` and `ORDERS_CREATE` name the same topic; Shopify's API wants the enum. */
export function toTopicEnum(topic: string): string {
  const value = topic.trim().replace(/[/.]/g, '_').toUpperCase();
  if (!/^[A-Z][A-Z0-9_]*$/.test(value)) throw shopifyError('invalid_request', `not a webhook topic: ${topic}`);
  return value;
}

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function createShopifyConnector(options: ShopifyConnectorOptions): ShopifyConnector {
  const { fetch = globalThis.fetch, clock = systemClock, logger = silentLogger, costBuckets, random, ...rest } = options;
  const config = parseShopifyConfig(rest);
  const buckets = costBuckets ?? (clock === systemClock ? processBuckets : new CostBuckets(clock));
  const tokens = createAccessTokenSource({ config, fetch, clock });
  const client = new ShopifyGraphqlClient({
    config,
    tokens,
    bucket: buckets.forShop(config.shopDomain),
    fetch,
    clock,
    logger: logger.child({ connector: 'shopify', shop: config.shopDomain }),
    random,
  });

  async function readLines(id: string): Promise<schemas.LineItem[]> {
    return collect(
      paginate(async (after) => {
        const { data } = await client.request(documents.orderLineItems, { id, after }, schemas.orderLineItemsResponse);
        if (!data.order) throw shopifyError('not_found', `order ${id} disappeared while its lines were read`);
        return data.order.lineItems;
      }),
    );
  }

  async function readFulfillmentOrders(id: string): Promise<ChannelFulfillmentOrder[]> {
    const orders = paginate(async (after) => {
      const { data } = await client.request(documents.orderFulfillmentOrders, { id, after }, schemas.orderFulfillmentOrdersResponse);
      return data.order?.fulfillmentOrders ?? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
    });
    const result: ChannelFulfillmentOrder[] = [];
    for await (const order of orders) {
      const lines = await collect(
        paginate(async (after) => {
          const { data } = await client.request(documents.fulfillmentOrderLineItems, { id: order.id, after }, schemas.fulfillmentOrderLineItemsResponse);
          if (!data.fulfillmentOrder) throw shopifyError('not_found', `fulfillment order ${order.id} disappeared while its lines were read`);
          return data.fulfillmentOrder.lineItems;
        }, order.lineItems),
      );
      result.push(mapFulfillmentOrder(order, lines));
    }
    return result;
  }

  async function listSubscriptions(topic?: string): Promise<WebhookSubscriptionInfo[]> {
    const topics = topic === undefined ? null : [toTopicEnum(topic)];
    const nodes = paginate(async (after) => {
      const { data } = await client.request(documents.webhookSubscriptions, { after, topics }, schemas.webhookSubscriptionsResponse);
      return data.webhookSubscriptions;
    });
    return (await collect(nodes)).map(toSubscriptionInfo);
  }

  return {
    config,
    client,

    async getOrder(id) {
      const { data } = await client.request(documents.orderHeader, { id }, schemas.orderHeaderResponse);
      if (!data.order) return undefined;
      // Lines and fulfilment orders are separate documents so each stays far below the cost cap.
      const [lines, fulfillmentOrders] = await Promise.all([readLines(id), readFulfillmentOrders(id)]);
      return mapOrder(data.order, lines, fulfillmentOrders);
    },

    listOrdersUpdatedSince(since) {
      if (!isoTimestamp.test(since)) throw shopifyError('invalid_request', `listOrdersUpdatedSince needs an ISO timestamp, got ${JSON.stringify(since)}`);
      const query = `updated_at:>'${since}'`;
      return (async function* () {
        const nodes = paginate(async (after) => {
          const { data } = await client.request(documents.ordersUpdatedSince, { query, after }, schemas.ordersUpdatedSinceResponse);
          return data.orders;
        });
        for await (const node of nodes) {
          yield { id: node.id, legacyId: node.legacyResourceId, name: node.name, updatedAt: node.updatedAt } satisfies ChannelOrderRef;
        }
      })();
    },

    listWebhookSubscriptions: listSubscriptions,

    async ensureWebhookSubscription(topic, callbackUrl) {
      const existing = (await listSubscriptions(topic)).find((subscription) => subscription.uri === callbackUrl);
      if (existing) return { subscription: existing, created: false };
      const { data } = await client.request(documents.webhookSubscriptionCreate, { topic: toTopicEnum(topic), uri: callbackUrl }, schemas.webhookSubscriptionCreateResponse);
      const payload = data.webhookSubscriptionCreate;
      if (payload?.userErrors.length) throw errorFromUserErrors(payload.userErrors, 'webhookSubscriptionCreate');
      if (!payload?.webhookSubscription) throw shopifyError('upstream_unavailable', 'webhookSubscriptionCreate returned no subscription', { retryable: false });
      return { subscription: toSubscriptionInfo(payload.webhookSubscription), created: true };
    },

    async deleteWebhookSubscription(id) {
      const { data } = await client.request(documents.webhookSubscriptionDelete, { id }, schemas.webhookSubscriptionDeleteResponse);
      const payload = data.webhookSubscriptionDelete;
      if (payload?.userErrors.length) throw errorFromUserErrors(payload.userErrors, 'webhookSubscriptionDelete');
    },
  };
}

function toSubscriptionInfo(node: schemas.WebhookSubscription): WebhookSubscriptionInfo {
  return { id: node.id, topic: node.topic, uri: node.uri, format: node.format, apiVersion: node.apiVersion.handle, createdAt: node.createdAt };
}

export { SHOPIFY_API_VERSION, parseShopifyConfig, type ShopifyConfig, type ShopifyConfigInput } from './config.js';
export { CostBucket, CostBuckets, type QueryCost, type ThrottleStatus } from './cost-bucket.js';
export { ShopifyGraphqlClient } from './client.js';
export { allDocuments, type GraphqlDocument } from './documents.js';
export * from './webhooks.js';
