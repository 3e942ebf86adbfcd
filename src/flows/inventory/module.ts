/**
 * The inventory flow as a module: its ports over the Shopify and BC connectors, its jobs, what
 * wakes the fast path (BC webhooks for items and sales orders, the warehouse adjustments the
 * hub books), and how the operator's retry approves a held sync.
 */
import type { BcConnector } from '../../connectors/bc/index.ts';
import type { ShopifyConnector } from '../../connectors/shopify/index.ts';
import { inventoryLevelsQuery, readBulkInventoryLevels } from '../../connectors/shopify/inventory-levels-bulk.ts';
import { getRecord } from '../../ledger/records.ts';
import type { Store } from '../../store/open-store.ts';
import { newestOrderWebhookSnapshot } from '../orders/webhook-snapshot.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { retryPolicyOf } from '../shared/warehouse-records.ts';
import { INVENTORY_FLOW, inventoryJobs, type FullSyncJob, type InventoryFlowDeps } from './deps.ts';
import { inventoryExceptionCatalogue } from './exceptions.ts';
import { defineInventoryJobs, wakeFastPath } from './jobs.ts';
import type { InventoryChannel, InventoryErp } from './ports.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    inventory: InventoryFlowDeps;
  }
}

export function inventoryChannelOf(shopify: ShopifyConnector, store: Store): InventoryChannel {
  return {
    listLocations: () => shopify.listLocations(),
    readAllLevels: () => readBulkInventoryLevels(shopify.runBulkQuery(inventoryLevelsQuery, { pollIntervalMs: 500 })),
    async readLevels(locationId, skus) {
      const levels = await shopify.readLevelsBySku(locationId, skus, ['available']);
      return levels.map((level) => ({ ...level, available: level.quantities.available ?? 0 }));
    },
    setInventoryQuantities: (request) => shopify.setInventoryQuantities(request),
    // The units of an order not read yet: its webhook body has its lines (no fulfilment orders,
    // so they count at the first mapped location until the import reads it). Shopify only
    // without one: in a burst, thousands of orders wait to be read, and each whole read costs
    // about 65 cost points.
    async getOrder(id) {
      const part = await newestOrderWebhookSnapshot(store, id);
      return part ? { ...part, transactions: [], fulfillmentOrders: [] } : shopify.getOrder(id);
    },
  };
}

export function inventoryErpOf(bc: BcConnector): InventoryErp {
  return {
    readStockAvailability: (options) => bc.readStockAvailability(options),
    readSalesDemand: () => bc.readSalesDemand(),
    latestItemLedgerEntryNumber: () => bc.latestItemLedgerEntryNumber(),
    listItemLedgerEntries: (options) => bc.listItemLedgerEntries(options),
    findItemByNumber: (number) => bc.findItemByNumber(number),
  };
}

export const inventoryModule: FlowModule<'inventory'> = {
  name: INVENTORY_FLOW,
  enabled: (config) => config.flows.inventory.enabled,
  define({ store, queue, loaded, connectors, clock, logger, flows: defined }) {
    const { flows } = loaded.config;
    const deps: InventoryFlowDeps = {
      db: store.db,
      queue,
      clock,
      logger: logger.child({ flow: INVENTORY_FLOW }),
      channel: inventoryChannelOf(connectors.shopify, store),
      erp: inventoryErpOf(connectors.bc.withLane(INVENTORY_FLOW)),
      config: flows.inventory,
      orderLocations: flows.orders.locations,
      retry: retryPolicyOf(flows.inventory.retry),
    };
    // The warehouse's adjustments (write-offs, found stock) are in BC now: push them at once.
    // The stock movements module is defined before this one, so its deps are here to link to.
    const stock = defined['stock-movements'];
    if (flows.inventory.enabled && stock) stock.onBooked = () => wakeFastPath(queue, deps);
    const wake = () => wakeFastPath(queue, deps);
    return {
      handles: deps,
      defineJobs: () => defineInventoryJobs(queue, deps),
      // BC entity sets whose webhooks wake the fast path.
      ...(flows.inventory.enabled && flows.inventory.fastPath.enabled ? { bcTriggers: { items: wake, salesOrders: wake } } : {}),
    };
  },
  // Retrying a held sync approves it; retrying anything else runs a full sync now.
  retriers: ({ store, queue }) => ({
    [INVENTORY_FLOW]: async (recordId) => {
      const record = await getRecord(store.db, recordId);
      const data: FullSyncJob = record?.sourceId.startsWith('full-') ? { approvedRecordId: recordId } : {};
      return (await queue.enqueue<FullSyncJob>(inventoryJobs.fullSync, data, { key: 'inventory' })) !== null;
    },
  }),
  exceptions: inventoryExceptionCatalogue,
};
