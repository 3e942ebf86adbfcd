/**
 * The Shopify connector: typed methods over the Admin GraphQL API 2026-10. It satisfies the
 * orders flow's `OrdersChannel` port, reads refunds, stock, locations and payouts, writes
 * stock and fulfilments, runs bulk queries, and owns webhook subscriptions. Each area lives
 * in its own file; this one puts them on one client, one token source and one cost bucket.
 */
import { systemClock, type Clock } from '../../core/clock.ts';
import type { ChannelFulfillment, FulfillmentRequest } from '../../core/domain/channel-fulfillment.ts';
import type { SetInventoryQuantitiesRequest, SetInventoryQuantitiesResult } from '../../core/domain/channel-inventory.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { SharedBudgets } from '../../core/shared-budgets.ts';
import { createAccessTokenSource } from './auth.ts';
import { runBulkQuery, type BulkObject, type BulkQueryOptions } from './bulk.ts';
import { ShopifyGraphqlClient } from './client.ts';
import { parseShopifyConfig, type ShopifyConfig, type ShopifyConfigInput } from './config.ts';
import { CostBuckets } from './cost-bucket.ts';
import { SharedCostBucket } from './shared-cost-bucket.ts';
import { createFulfillment } from './fulfillments.ts';
import { createInventoryReads, type InventoryReads } from './inventory.ts';
import { setInventoryQuantities } from './inventory-write.ts';
import { createOrderReads, type OrderReads } from './orders.ts';
import { createPayoutReads, type PayoutReads } from './payouts.ts';
import { createRefundReads, type RefundReads } from './refunds.ts';
import { createSubscriptionMethods, type SubscriptionMethods } from './subscriptions.ts';

export type ShopifyConnectorOptions = ShopifyConfigInput & {
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  logger?: Logger;
  /** Share one registry between connectors of the same process so a shop has one bucket. */
  costBuckets?: CostBuckets;
  /** The shop's bucket shared with other hub processes (PostgreSQL store, decision 0024); replaces `costBuckets`. */
  sharedBudgets?: SharedBudgets;
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
  const { fetch = globalThis.fetch, clock = systemClock, logger = silentLogger, costBuckets, sharedBudgets, random, ...rest } = options;
  const config = parseShopifyConfig(rest);
  const buckets = costBuckets ?? (clock === systemClock ? processBuckets : new CostBuckets(clock));
  const tokens = createAccessTokenSource({ config, fetch, clock });
  const log = logger.child({ connector: 'shopify', shop: config.shopDomain });
  const client = new ShopifyGraphqlClient({
    config,
    tokens,
    bucket: sharedBudgets
      ? new SharedCostBucket({ budgets: sharedBudgets, shopDomain: config.shopDomain, clock, logger: log })
      : buckets.forShop(config.shopDomain),
    fetch,
    clock,
    logger: log,
    random,
  });

  return {
    config,
    client,
    ...createOrderReads(client, () => clock.now()),
    ...createRefundReads(client),
    ...createInventoryReads(client),
    ...createPayoutReads(client),
    ...createSubscriptionMethods(client),
    setInventoryQuantities: (request) => setInventoryQuantities({ client, clock }, request),
    createFulfillment: (request) => createFulfillment({ client, clock, logger: log }, request),
    runBulkQuery: (query, bulkOptions) =>
      runBulkQuery({ client, fetch, clock, logger: log, requestTimeoutMs: config.requestTimeoutMs }, query, bulkOptions),
  };
}

export { SHOPIFY_API_VERSION, parseShopifyConfig, type ShopifyConfig, type ShopifyConfigInput } from './config.ts';
export { CostBucket, CostBuckets, type QueryCost, type ShopCostBucket, type ThrottleStatus } from './cost-bucket.ts';
export { SharedCostBucket } from './shared-cost-bucket.ts';
export { ShopifyGraphqlClient } from './client.ts';
export { allDocuments, type GraphqlDocument } from './documents.ts';
export { collectBulkTree, type BulkObject, type BulkQueryOptions } from './bulk.ts';
export { maxQuantitiesPerCall, partIdempotencyKey, staleQuantityCode } from './inventory-write.ts';
export { toTopicEnum, type WebhookSubscriptionInfo } from './subscriptions.ts';
export { summarizeRefundMoney } from './map-refund.ts';
export * from './webhooks.ts';
export * from './webhook-payloads.ts';
