/**
 * Locations, inventory items and levels, and the one stock write the hub makes:
 * `inventorySetQuantities` with `@idempotent(key:)` (required at run time since 2026-04)
 * and `changeFromQuantity` on every entry (the caller's input type makes it mandatory).
 */
import { define } from './graphql-document.ts';

export const locations = define(
  'Locations',
  'query',
  110,
  `
query Locations($after: String) {
  locations(first: 50, after: $after, includeInactive: true) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId name isActive fulfillsOnlineOrders shipsInventory hasActiveInventory isFulfillmentService
      address { countryCode }
    }
  }
}`,
);

/** Quantities are named per request; the hub asks for the ones it reconciles. */
export const locationInventoryLevels = define(
  'LocationInventoryLevels',
  'query',
  410,
  `
query LocationInventoryLevels($id: ID!, $after: String, $names: [String!]!, $query: String) {
  location(id: $id) {
    id
    inventoryLevels(first: 100, after: $after, query: $query) {
      pageInfo { hasNextPage endCursor }
      nodes {
        updatedAt
        item { id sku tracked }
        quantities(names: $names) { name quantity }
      }
    }
  }
}`,
);

/**
 * The levels of several SKUs at one location: Location.inventoryLevels documents no `sku`
 * filter, inventoryItems does (`sku:"A" OR sku:"B"`), and each item names its level at the
 * location. About 3 points a SKU.
 */
export const inventoryLevelsBySku = define(
  'InventoryLevelsBySku',
  'query',
  210,
  `
query InventoryLevelsBySku($query: String!, $after: String, $locationId: ID!, $names: [String!]!) {
  inventoryItems(first: 50, after: $after, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id sku tracked
      inventoryLevel(locationId: $locationId) {
        updatedAt
        quantities(names: $names) { name quantity }
      }
    }
  }
}`,
);

export const inventoryItemsBySku = define(
  'InventoryItemsBySku',
  'query',
  260,
  `
query InventoryItemsBySku($query: String!, $after: String) {
  inventoryItems(first: 25, after: $after, query: $query) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id legacyResourceId sku tracked duplicateSkuCount
      variants(first: 3) {
        nodes { id title product { id title } }
      }
    }
  }
}`,
);

export const inventorySetQuantities = define(
  'InventorySetQuantities',
  'mutation',
  10,
  `
mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup {
      id createdAt reason referenceDocumentUri
      changes { name delta quantityAfterChange item { id } location { id } }
    }
    userErrors { field message code }
  }
}`,
  { idempotent: true },
);

export const inventoryDocuments = [locations, locationInventoryLevels, inventoryItemsBySku, inventorySetQuantities];
