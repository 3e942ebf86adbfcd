/** What the inventory flow's steps are given, and its job names. */
import type { InventoryFlowConfig } from '../../config/inventory-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';
import type { InventoryChannel, InventoryErp } from './ports.ts';

export interface InventoryFlowDeps extends FlowBaseDeps {
  channel: InventoryChannel;
  erp: InventoryErp;
  config: InventoryFlowConfig;
  /** flows.orders.locations (Shopify location → BC code): the mapping when the flow has none of its own. */
  orderLocations: Record<string, string>;
  retry: RetryPolicy;
}

export const INVENTORY_FLOW = 'inventory';

export const inventoryJobs = {
  /** Every pair, both sides read, diffed, deltas pushed. */
  fullSync: 'inventory.full-sync',
  /** The pairs events touched: BC's item ledger and sales demand since the last look, and the hub's own bookings. */
  fastPath: 'inventory.fast-path',
} as const;

/** A held full sync approved by a person: the next run pushes despite the guard rails. */
export interface FullSyncJob {
  approvedRecordId?: number;
}
