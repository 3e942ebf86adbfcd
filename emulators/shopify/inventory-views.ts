/**
 * Locations, inventory items and inventory levels seen through the GraphQL schema. Quantities
 * the emulator tracks are `available` and `committed`; `on_hand` is their sum (no damaged,
 * reserved or quality-control stock is modelled), any other name reads 0.
 */
import { buildConnection, sortableId, type ConnectionArgs } from './connection.ts';
import { gid, type InventoryLevelRecord, type LocationRecord } from './records.ts';
import { parseSearchQuery } from './search-query.ts';
import type { EmulatedShop } from './shop.ts';
import { variantView } from './views.ts';

function quantitiesOf(level: InventoryLevelRecord): Record<string, number> {
  return { available: level.available, committed: level.committed, on_hand: level.available + level.committed };
}

export function inventoryItemView(shop: EmulatedShop, id: bigint) {
  const item = shop.inventoryItems.get(id)!;
  // Scans of every item or variant run only when the query asks for the field: a bulk read of
  // 100,000 levels selects neither, and must not scan the catalogue once per level.
  const variants = () => [...shop.variants.values()].filter((variant) => variant.inventoryItemId === item.id);
  const levels = () =>
    shop.locations
      .map((location) => shop.inventoryLevel(item.id, location.id))
      .filter((level): level is InventoryLevelRecord => level !== undefined);
  return {
    ...item,
    id: gid('InventoryItem', item.id),
    legacyResourceId: String(item.id),
    duplicateSkuCount: () => shop.inventoryItemsBySku(item.sku).length - 1,
    createdAt: shop.openedAt,
    updatedAt:
      levels()
        .map((level) => level.updatedAt)
        .sort()
        .at(-1) ?? shop.openedAt,
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const location = shop.locations.find((candidate) => gid('Location', candidate.id) === locationId);
      return location ? inventoryLevelView(shop, item.id, location) : null;
    },
    inventoryLevels: (args: ConnectionArgs) =>
      buildConnection(
        levels(),
        args,
        (level) => sortableId(level.id),
        (level) => levelView(shop, level),
      ),
    variants: (args: ConnectionArgs) =>
      buildConnection(
        variants(),
        args,
        (variant) => sortableId(variant.id),
        (variant) => variantView(shop, variant),
      ),
  };
}

function levelView(shop: EmulatedShop, level: InventoryLevelRecord) {
  const location = shop.locations.find((candidate) => candidate.id === level.locationId)!;
  const quantities = quantitiesOf(level);
  return {
    id: `gid://shopify/InventoryLevel/${level.id}?inventory_item_id=${level.inventoryItemId}`,
    isActive: true,
    createdAt: level.updatedAt,
    updatedAt: level.updatedAt,
    item: () => inventoryItemView(shop, level.inventoryItemId),
    location: () => locationView(shop, location),
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => ({
        id: `gid://shopify/InventoryQuantity/${level.id}?name=${name}`,
        name,
        quantity: quantities[name] ?? 0,
        updatedAt: level.updatedAt,
      })),
  };
}

export function inventoryLevelView(shop: EmulatedShop, itemId: bigint, location: LocationRecord) {
  const level = shop.inventoryLevel(itemId, location.id);
  return level ? levelView(shop, level) : null;
}

/**
 * `inventory_item_id:N` narrows a location's levels. The official schema documents no `sku`
 * filter there (created_at, id, inventory_group_id, inventory_item_id, updated_at): a `sku:`
 * term is ignored, as Shopify ignores terms it cannot use (**assumed**: ignored, not refused).
 * Levels by SKU are read through `inventoryItems(query: "sku:…")`, which documents it.
 */
function matchesLevel(level: InventoryLevelRecord, query: string | null | undefined): boolean {
  return parseSearchQuery(query).every((term) => term.field !== 'inventory_item_id' || String(level.inventoryItemId) === term.value);
}

export function locationView(shop: EmulatedShop, location: LocationRecord) {
  const levels = () => [...shop.inventoryLevels.values()].filter((level) => level.locationId === location.id);
  return {
    id: gid('Location', location.id),
    legacyResourceId: String(location.id),
    name: location.name,
    isActive: true,
    fulfillsOnlineOrders: location.fulfillsOnlineOrders,
    shipsInventory: true,
    isFulfillmentService: false,
    // Lazy, like every field that scans the levels: a mutation's answer names hundreds of locations.
    hasActiveInventory: () => levels().length > 0,
    updatedAt: () =>
      levels()
        .map((level) => level.updatedAt)
        .sort()
        .at(-1) ?? shop.openedAt,
    address: {
      address1: null,
      address2: null,
      city: null,
      province: null,
      provinceCode: null,
      zip: null,
      country: null,
      countryCode: location.countryCode,
      phone: null,
    },
    inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
      const item = [...shop.inventoryItems.values()].find((candidate) => gid('InventoryItem', candidate.id) === inventoryItemId);
      return item ? inventoryLevelView(shop, item.id, location) : null;
    },
    inventoryLevels: (args: ConnectionArgs & { query?: string | null }) =>
      buildConnection(
        levels().filter((level) => matchesLevel(level, args.query)),
        args,
        (level) => sortableId(level.id),
        (level) => levelView(shop, level),
      ),
  };
}
