/**
 * The Shopify connector: typed methods over the Admin GraphQL API 2026-10. It satisfies the
 * orders flow's `OrdersChannel` port, reads refunds, stock, locations and payouts, writes
 * stock and fulfilments, runs bulk queries, and owns webhook subscriptions. Each area lives
 * in its own file; this one puts them on one client, one token source and one cost bucket.
 */
import { systemClock, type Clock } from '../../core/clock.js';
import type { ChannelFulfillment, FulfillmentRequest } from '../../core/domain/channel-fulfillment.js';
import type { SetInventoryQuantitiesRequest, SetInventoryQuantitiesResult } from '../../core/domain/channel-inventory.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { createAccessTokenSource } from './auth.js';
import { runBulkQuery, type BulkObject, type BulkQueryOptions } from './bulk.js';
import { ShopifyGraphqlClient } from './client.js';
import { parseShopifyConfig, type ShopifyConfig, type ShopifyConfigInput } from './config.js';
import { CostBuckets } from './cost-bucket.js';
import { createFulfillment } from './fulfillments.js';
import { createInventoryReads, type InventoryReads } from './inventory.js';
import { setInventoryQuantities } from './inventory-write.js';
import { createOrderReads, type OrderReads } from './orders.js';
import { createPayoutReads, type PayoutReads } from './payouts.js';
import { createRefundReads, type RefundReads } from './refunds.js';
import { createSubscriptionMethods, type SubscriptionMethods } from './subscriptions.js';

export type ShopifyConnectorOptions = ShopifyConfigInput & {
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  logger?: Logger;
  /** Share one registry between connectors of the same process so a shop has one bucket. */
  costBuckets?: CostBuckets;
  random?: () => number;
};

export interface ShopifyConnector extends OrderReads, RefundReads, InventoryReads, PayoutReads, SubscriptionMethods {
  readonly config: ShopifyConfig;
  readonly client: ShopifyGraphqlClient;
  /**
   * Sets absolute quantities (`available` or `on_hand`): parts of at most 250 entries, each
   * idempotent under a key derived from `request.idempotencyKey`. A stale `changeFromQuantity`
   * fails with `code: 'conflict'`, `upstreamCode: 'CHANGE_FROM_QUANTITY_STALE'`: re-read, then
   * write again with a new key.
   */
  setInventoryQuantities(request: SetInventoryQuantitiesRequest): Promise<SetInventoryQuantitiesResult>;
  /** Ships fulfilment-order lines with tracking; a lost answer is resolved by reading, never by blindly resending. */
  createFulfillment(request: FulfillmentRequest): Promise<ChannelFulfillment>;
  /** Runs a bulk query and streams its result object by object (see bulk.ts). */
  runBulkQuery(query: string, options?: BulkQueryOptions): AsyncIterable<BulkObject>;
}

/** Buckets of connectors on the system clock, shared process-wide: one per shop. */
const processBuckets = new CostBuckets(systemClock);

export function createShopifyConnector(options: ShopifyConnectorOptions): ShopifyConnector {
  const { fetch = globalThis.fetch, clock = systemClock, logger = silentLogger, costBuckets, random, ...rest } = options;
  const config = parseShopifyConfig(rest);
  const buckets = costBuckets ?? (clock === systemClock ? processBuckets : new CostBuckets(clock));
  const tokens = createAccessTokenSource({ config, fetch, clock });
  const log = logger.child({ connector: 'shopify', shop: config.shopDomain });
  const client = new ShopifyGraphqlClient({ config, tokens, bucket: buckets.forShop(config.shopDomain), fetch, clock, logger: log, random });

  return {
    config,
    client,
    ...createOrderReads(client),
    ...createRefundReads(client),
    ...createInventoryReads(client),
    ...createPayoutReads(client),
    ...createSubscriptionMethods(client),
    setInventoryQuantities: (request) => setInventoryQuantities({ client, clock }, request),
    createFulfillment: (request) => createFulfillment({ client, clock, logger: log }, request),
    runBulkQuery: (query, bulkOptions) => runBulkQuery({ client, fetch, clock, logger: log, requestTimeoutMs: config.requestTimeoutMs }, query, bulkOptions),
  };
}

export { SHOPIFY_API_VERSION, parseShopifyConfig, type ShopifyConfig, type ShopifyConfigInput } from './config.js';
export { CostBucket, CostBuckets, type QueryCost, type ThrottleStatus } from './cost-bucket.js';
export { ShopifyGraphqlClient } from './client.js';
export { allDocuments, type GraphqlDocument } from './documents.js';
export { collectBulkTree, type BulkObject, type BulkQueryOptions } from './bulk.js';
export { maxQuantitiesPerCall, partIdempotencyKey, staleQuantityCode } from './inventory-write.js';
export { toTopicEnum, type WebhookSubscriptionInfo } from './subscriptions.js';
export { summarizeRefundMoney } from './map-refund.js';
export * from './webhooks.js';
export * from './webhook-payloads.js';
