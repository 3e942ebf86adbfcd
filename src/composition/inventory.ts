/**
 * The inventory flow's wiring: its ports over the Shopify and BC connectors, its jobs, what
 * wakes the fast path (BC webhooks for items and sales orders, the warehouse adjustments the
 * hub books), and how the operator's retry approves a held sync.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { inventoryLevelsQuery, readBulkInventoryLevels } from '../connectors/shopify/inventory-levels-bulk.ts';
import { INVENTORY_FLOW, inventoryJobs, type FullSyncJob, type InventoryFlowDeps } from '../flows/inventory/deps.ts';
import { defineInventoryJobs, wakeFastPath } from '../flows/inventory/jobs.ts';
import type { InventoryChannel, InventoryErp } from '../flows/inventory/ports.ts';
import { retryPolicyOf } from '../flows/shared/warehouse-records.ts';
import { getRecord } from '../ledger/records.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';
import { newestOrderWebhookSnapshot } from '../flows/orders/webhook-snapshot.ts';
import type { WarehouseFlows } from './warehouse.ts';

export function inventoryChannelOf(shopify: Connectors['shopify'], store: Store): InventoryChannel {
  return {
    listLocations: () => shopify.listLocations(),
    readAllLevels: () => readBulkInventoryLevels(shopify.runBulkQuery(inventoryLevelsQuery, { pollIntervalMs: 500 })),
    async readLevels(locationId, sku) {
      const levels = [];
      for await (const level of shopify.listInventoryLevels(locationId, { names: ['available'], sku }))
        levels.push({ ...level, available: level.quantities.available ?? 0 });
      return levels;
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

export function inventoryErpOf(bc: Connectors['bc']): InventoryErp {
  return {
    readStockAvailability: (options) => bc.readStockAvailability(options),
    readSalesDemand: () => bc.readSalesDemand(),
    latestItemLedgerEntryNumber: () => bc.latestItemLedgerEntryNumber(),
    listItemLedgerEntries: (options) => bc.listItemLedgerEntries(options),
    findItemByNumber: (number) => bc.findItemByNumber(number),
  };
}

export function defineInventoryFlow(
  store: Store,
  queue: JobQueue,
  loaded: LoadedConfig,
  connectors: Connectors,
  options: { logger: Logger; clock?: Clock },
  warehouse?: WarehouseFlows,
): InventoryFlowDeps {
  const { flows } = loaded.config;
  const deps: InventoryFlowDeps = {
    db: store.db,
    queue,
    clock: options.clock ?? systemClock,
    logger: options.logger.child({ flow: INVENTORY_FLOW }),
    channel: inventoryChannelOf(connectors.shopify, store),
    erp: inventoryErpOf(connectors.bc.withLane(INVENTORY_FLOW)),
    config: flows.inventory,
    orderLocations: flows.orders.locations,
    retry: retryPolicyOf(flows.inventory.retry),
  };
  if (!flows.inventory.enabled) return deps;
  defineInventoryJobs(queue, deps);
  // The warehouse's adjustments (write-offs, found stock) are in BC now: push them at once.
  if (warehouse) warehouse.stock.onBooked = () => wakeFastPath(queue, deps);
  return deps;
}

/** BC entity sets whose webhooks wake the fast path. */
export function inventoryBcTriggers(queue: JobQueue, deps: InventoryFlowDeps): Record<string, () => Promise<unknown>> {
  if (!deps.config.enabled || !deps.config.fastPath.enabled) return {};
  const wake = () => wakeFastPath(queue, deps);
  return { items: wake, salesOrders: wake };
}

/** Retrying a held sync approves it; retrying anything else runs a full sync now. */
export function inventoryRecordRetriers(store: Store, queue: JobQueue): Record<string, RecordRetrier> {
  return {
    [INVENTORY_FLOW]: async (recordId) => {
      const record = await getRecord(store.db, recordId);
      const data: FullSyncJob = record?.sourceId.startsWith('full-') ? { approvedRecordId: recordId } : {};
      return (await queue.enqueue<FullSyncJob>(inventoryJobs.fullSync, data, { key: 'inventory' })) !== null;
    },
  };
}
