/**
 * Location and inventory reads. Items are found by SKU knowing SKUs are not unique in
 * Shopify: every match comes back, and a match Shopify counts duplicates for is flagged
 * ambiguous for a person to resolve, never silently picked.
 */
import type {
  ChannelInventoryLevel,
  ChannelLocation,
  InventoryItemMatch,
  InventoryQuantityName,
} from '../../core/domain/channel-inventory.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import { inventoryItemsBySku, inventoryLevelsBySku, locationInventoryLevels, locations } from './inventory-documents.ts';
import {
  inventoryItemsResponse,
  inventoryLevelsBySkuResponse,
  locationInventoryLevelsResponse,
  locationsResponse,
} from './inventory-schemas.ts';
import { shopifyError } from './errors.ts';
import { collect, paginate } from './paging.ts';

export const defaultQuantityNames: InventoryQuantityName[] = ['available', 'committed', 'on_hand'];
/** SKUs per InventoryLevelsBySku query: one page of items, and a search string of reasonable length. */
const SKUS_PER_QUERY = 50;

export interface InventoryReads {
  /** Every location, active or not, in Shopify's order (by name). */
  listLocations(): Promise<ChannelLocation[]>;
  /** Every inventory level at the location, page by page; `names` picks the quantities read. */
  listInventoryLevels(locationId: string, options?: { names?: InventoryQuantityName[] }): AsyncIterable<ChannelInventoryLevel>;
  /**
   * The levels at the location of the items with these SKUs, a few SKUs a query (an item not
   * stocked there has none). Shopify's SKU search is not exact on every character: callers
   * keep the SKUs they asked for.
   */
  readLevelsBySku(locationId: string, skus: readonly string[], names?: InventoryQuantityName[]): Promise<ChannelInventoryLevel[]>;
  /** Every inventory item with this SKU (exact match). */
  findInventoryItemsBySku(sku: string): Promise<InventoryItemMatch>;
}

/** Shopify search syntax: quote the value so spaces and colons stay part of it. */
export function searchTerm(field: string, value: string): string {
  return `${field}:"${value.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

export function createInventoryReads(client: ShopifyGraphqlClient): InventoryReads {
  return {
    async listLocations() {
      const nodes = await collect(
        paginate(async (after) => (await client.request(locations, { after }, locationsResponse)).data.locations),
      );
      return nodes.map((node) => ({
        id: node.id,
        legacyId: node.legacyResourceId,
        name: node.name,
        isActive: node.isActive,
        fulfillsOnlineOrders: node.fulfillsOnlineOrders,
        shipsInventory: node.shipsInventory,
        hasActiveInventory: node.hasActiveInventory,
        isFulfillmentService: node.isFulfillmentService,
        countryCode: node.address.countryCode,
      }));
    },

    listInventoryLevels(locationId, options = {}) {
      const names = options.names ?? defaultQuantityNames;
      return (async function* () {
        const nodes = paginate(async (after) => {
          const { data } = await client.request(
            locationInventoryLevels,
            { id: locationId, after, names, query: null },
            locationInventoryLevelsResponse,
          );
          if (!data.location) throw shopifyError('not_found', `location ${locationId} does not exist`);
          return data.location.inventoryLevels;
        });
        for await (const node of nodes) {
          yield {
            inventoryItemId: node.item.id,
            locationId,
            sku: node.item.sku,
            tracked: node.item.tracked,
            quantities: Object.fromEntries(node.quantities.map((quantity) => [quantity.name, quantity.quantity])),
            updatedAt: node.updatedAt,
          } satisfies ChannelInventoryLevel;
        }
      })();
    },

    async readLevelsBySku(locationId, skus, names = defaultQuantityNames) {
      const levels: ChannelInventoryLevel[] = [];
      const unique = [...new Set(skus)];
      for (let start = 0; start < unique.length; start += SKUS_PER_QUERY) {
        const query = unique
          .slice(start, start + SKUS_PER_QUERY)
          .map((sku) => searchTerm('sku', sku))
          .join(' OR ');
        const nodes = paginate(
          async (after) =>
            (await client.request(inventoryLevelsBySku, { query, after, locationId, names }, inventoryLevelsBySkuResponse)).data
              .inventoryItems,
        );
        for await (const node of nodes) {
          if (!node.inventoryLevel) continue;
          levels.push({
            inventoryItemId: node.id,
            locationId,
            sku: node.sku,
            tracked: node.tracked,
            quantities: Object.fromEntries(node.inventoryLevel.quantities.map((quantity) => [quantity.name, quantity.quantity])),
            updatedAt: node.inventoryLevel.updatedAt,
          });
        }
      }
      return levels;
    },

    async findInventoryItemsBySku(sku) {
      const query = searchTerm('sku', sku);
      const nodes = await collect(
        paginate(
          async (after) => (await client.request(inventoryItemsBySku, { query, after }, inventoryItemsResponse)).data.inventoryItems,
        ),
      );
      // Shopify's search is not exact on every character: keep only true matches.
      const items = nodes
        .filter((node) => node.sku === sku)
        .map((node) => ({
          id: node.id,
          legacyId: node.legacyResourceId,
          sku: node.sku,
          tracked: node.tracked,
          duplicateSkuCount: node.duplicateSkuCount,
          variants: (node.variants?.nodes ?? []).map((variant) => ({
            id: variant.id,
            title: variant.title,
            productId: variant.product.id,
            productTitle: variant.product.title,
          })),
        }));
      return { sku, items, ambiguous: items.length > 1 || items.some((item) => item.duplicateSkuCount > 0) };
    },
  };
}
