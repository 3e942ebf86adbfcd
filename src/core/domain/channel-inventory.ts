/**
 * Stock as the sales channel holds it: locations, inventory items (one per sellable SKU, in
 * principle) and the quantities of each item at each location, plus the shape of an
 * absolute stock write. The inventory flow computes what to write from the ERP's truth; the
 * Shopify connector turns it into `inventorySetQuantities`. Ids are strings.
 */

export interface ChannelLocation {
  /** e.g. `gid://shopify/Location/123`. */
  id: string;
  legacyId: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  shipsInventory: boolean;
  hasActiveInventory: boolean;
  /** True when another app's fulfilment service owns it: the hub cannot fulfil from it. */
  isFulfillmentService: boolean;
  /** ISO 3166-1 alpha-2; null when the location has no address. */
  countryCode: string | null;
}

/** Quantity names a channel tracks per item and location, e.g. `available`, `committed`, `on_hand`. */
export type InventoryQuantityName =
  'available' | 'on_hand' | 'committed' | 'reserved' | 'incoming' | 'damaged' | 'safety_stock' | 'quality_control' | (string & {});

export interface ChannelInventoryItem {
  /** e.g. `gid://shopify/InventoryItem/123`. */
  id: string;
  legacyId: string;
  sku: string | null;
  tracked: boolean;
  /**
   * How many other items share this SKU. SKUs are not unique in Shopify: a non-zero count
   * means matching by SKU is ambiguous and must be resolved by a person.
   */
  duplicateSkuCount: number;
  /** The sellable variants that use this item. */
  variants: { id: string; title: string | null; productId: string; productTitle: string | null }[];
}

/** Every item found for one SKU; `ambiguous` when more than one (or Shopify counts duplicates). */
export interface InventoryItemMatch {
  sku: string;
  items: ChannelInventoryItem[];
  ambiguous: boolean;
}

export interface ChannelInventoryLevel {
  inventoryItemId: string;
  locationId: string;
  sku: string | null;
  tracked: boolean;
  /** Only the names asked for; a name the channel does not report is absent. */
  quantities: Partial<Record<InventoryQuantityName, number>>;
  updatedAt: string | null;
}

export interface InventoryQuantityEntry {
  inventoryItemId: string;
  locationId: string;
  /** The absolute quantity to set. */
  quantity: number;
  /**
   * The quantity believed current (compare-and-swap): the write fails as stale when the
   * channel holds another value. `null` skips the check on purpose; it is never implied.
   */
  changeFromQuantity: number | null;
}

export interface SetInventoryQuantitiesRequest {
  /** Which quantity to set; Shopify accepts `available` or `on_hand` for absolute writes. */
  name: 'available' | 'on_hand';
  /** One of the channel's listed reasons, e.g. `correction`, `cycle_count_available`, `received`. */
  reason: string;
  /** Shown in the merchant's inventory history, e.g. `gid://ledgerbridge/SyncJob/42`. */
  referenceDocumentUri: string;
  quantities: InventoryQuantityEntry[];
  /**
   * One key per logical write, persisted with the job; reuse it only to retry the identical
   * request. Larger writes are split and each part gets a key derived from this one.
   */
  idempotencyKey: string;
}

export interface InventoryQuantityChange {
  inventoryItemId: string;
  locationId: string;
  name: string;
  delta: number;
  quantityAfterChange: number | null;
}

export interface SetInventoryQuantitiesResult {
  /** The channel's record of each part written (Shopify's inventory adjustment groups). */
  adjustmentGroupIds: string[];
  changes: InventoryQuantityChange[];
  /** How many calls the write took. */
  batches: number;
}

/** An inventory level changed in the channel (webhook): a trigger, re-read before acting. */
export interface ChannelInventoryLevelEvent {
  inventoryItemId: string;
  locationId: string;
  /** `available` after the change; null when the item is not tracked. */
  available: number | null;
  updatedAt: string;
  /** The channel's id of the level, e.g. `gid://shopify/InventoryLevel/1?inventory_item_id=2`. */
  levelId: string;
}
