/**
 * The Business Central connector: typed methods over API v2.0 and the companion extension's
 * API for what the flows need. One connector (one client, one limiter, one cache) per app
 * registration; `withLane` gives each flow its own fair share of the limiter. It satisfies
 * the orders flow's `OrdersErp` port structurally; `withoutMissingFeatures()` gives a view
 * without the companion methods this tenant lacks, for ports that treat them as optional.
 */
import type { RequestLimiter } from './limiter.ts';
import type { Clock } from '../../core/clock.ts';
import { systemClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { SharedBudgets } from '../../core/shared-budgets.ts';
import { silentLogger } from '../../core/logger.ts';
import { TtlCache } from './cache.ts';
import { CapabilityProbe, type CompanionFeature } from './capabilities.ts';
import { BcClient } from './client.ts';
import { createCashReceipts, type CashReceipts } from './cash-receipts.ts';
import { createCompanion, type Companion } from './companion.ts';
import { parseBcConfig, type BcConfigInput } from './config.ts';
import type { BcCaches, ConnectorContext } from './context.ts';
import { createJournals, type Journals } from './journals.ts';
import { createMasterData, type MasterData } from './master-data.ts';
import { createPurchasing, type Purchasing } from './purchasing.ts';
import { createSalesDocuments, type SalesDocuments } from './sales-documents.ts';
import { createSalesOrders, type SalesOrders } from './sales-orders.ts';
import { createStockAvailabilityReads, type StockAvailabilityReads } from './stock-availability.ts';
import { createSubscriptions, type Subscriptions } from './subscriptions.ts';
import type { FetchLike } from './transport.ts';

export interface BcConnectorOptions {
  config: BcConfigInput;
  /** The Entra client secret, from the environment via src/config. */
  clientSecret: string;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** The request budget shared with other hub processes (PostgreSQL store, decision 0024). */
  sharedBudgets?: SharedBudgets;
  /** Another company's limiter on the same app registration (BcClientOptions.limiter). */
  limiter?: RequestLimiter;
}

export interface BcConnector
  extends MasterData, SalesOrders, Companion, SalesDocuments, Journals, CashReceipts, Purchasing, Subscriptions, StockAvailabilityReads {
  readonly client: BcClient;
  /** The same connector, its requests queued in the limiter lane `lane` (e.g. a flow name). */
  withLane(lane: string): BcConnector;
  /** This connector without the methods whose companion feature the tenant lacks. */
  withoutMissingFeatures(): Promise<DegradableBcConnector>;
}

/** Methods that need a companion feature, and which one. */
export const companionMethods = {
  createSalesOrderResolvingCustomer: 'salesOrderCustomerByEmail',
  findSalesOrdersByShopifyOrderId: 'salesOrderIntegrationFields',
  getSalesOrderIntegration: 'salesOrderIntegrationFields',
  setSalesOrderIntegrationFields: 'salesOrderIntegrationFields',
  releaseSalesOrder: 'releaseReopen',
  reopenSalesOrder: 'releaseReopen',
  shipSalesOrder: 'shipOnly',
  getStockByLocation: 'stockLevels',
  readStockAvailability: 'stockAvailability',
  createItemJournalLines: 'itemJournals',
  listItemJournalLines: 'itemJournals',
  postItemJournal: 'itemJournals',
  receivePurchaseOrder: 'purchaseReceive',
  postCashReceiptJournal: 'cashReceipts',
  removeCashReceiptLines: 'cashReceipts',
} as const satisfies Partial<Record<keyof BcConnector, CompanionFeature>>;

type CompanionMethod = keyof typeof companionMethods;
export type DegradableBcConnector = Omit<BcConnector, CompanionMethod> & Partial<Pick<BcConnector, CompanionMethod>>;

export function createBcConnector(options: BcConnectorOptions): BcConnector {
  const config = parseBcConfig(options.config);
  const client = new BcClient({ ...options, config });
  const clock = options.clock ?? systemClock;
  const max = config.cache.maxEntries;
  const caches: BcCaches = { items: new TtlCache(clock, max), customers: new TtlCache(clock, max), reference: new TtlCache(clock, max) };
  const shared = {
    client,
    caches,
    capabilities: new CapabilityProbe(client),
    etags: new Map<string, string>(),
    logger: options.logger ?? silentLogger,
    clock,
  };
  return bindConnector({ ...shared, lane: 'default' });
}

function bindConnector(ctx: ConnectorContext): BcConnector {
  const masterData = createMasterData(ctx);
  const connector: BcConnector = {
    client: ctx.client,
    withLane: (lane) => bindConnector({ ...ctx, lane }),
    async withoutMissingFeatures() {
      const capabilities = await ctx.capabilities.get();
      const view: Partial<BcConnector> = { ...connector };
      for (const [method, feature] of Object.entries(companionMethods) as [CompanionMethod, CompanionFeature][]) {
        if (!capabilities[feature]) delete view[method];
      }
      return view as DegradableBcConnector;
    },
    ...masterData,
    ...createSalesOrders(ctx, masterData),
    ...createCompanion(ctx),
    ...createSalesDocuments(ctx),
    ...createJournals(ctx),
    ...createCashReceipts(ctx),
    ...createPurchasing(ctx),
    ...createSubscriptions(ctx),
    ...createStockAvailabilityReads(ctx),
  };
  return connector;
}

export { BcClient } from './client.ts';
export { sendBatch, maxBatchOperations, type BatchOperation, type BatchOptions, type BatchResult } from './batch.ts';
export { companionFeatures, isCompanionMissing, type BcCapabilities, type CompanionFeature } from './capabilities.ts';
export { bcConfigSchema, parseBcConfig, type BcConfig, type BcConfigInput } from './config.ts';
export type { GetSalesOrderOptions } from './sales-orders.ts';
export type { ItemJournalResult, JournalLinesResult } from './journals.ts';
export type { CashReceiptLineDraft, CashReceiptLinesResult, ErpCashReceiptJournal } from './cash-receipts.ts';
export type { ItemLedgerQuery } from './purchasing.ts';
export type { PollOptions, SubscriptionRequest } from './subscriptions.ts';
export { maxLengths as bcMaxLengths } from './schemas.ts';
export type { BcCompany } from './schemas.ts';
export { answerBcWebhook, parseBcNotifications, readValidationToken, type BcNotification } from './webhooks.ts';
