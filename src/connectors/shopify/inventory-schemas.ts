/** The shapes of location and inventory answers (inventory-documents.ts). */
import { z } from 'zod';
import { pageInfo } from './schemas.ts';

const nullableString = z.string().nullable();

export const location = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  fulfillsOnlineOrders: z.boolean(),
  shipsInventory: z.boolean(),
  hasActiveInventory: z.boolean(),
  isFulfillmentService: z.boolean(),
  address: z.object({ countryCode: nullableString }),
});
export const locationsResponse = z.object({ locations: z.object({ pageInfo, nodes: z.array(location) }) });

export const inventoryLevel = z.object({
  updatedAt: nullableString,
  item: z.object({ id: z.string(), sku: nullableString, tracked: z.boolean() }),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
});
export const locationInventoryLevelsResponse = z.object({
  location: z.object({ id: z.string(), inventoryLevels: z.object({ pageInfo, nodes: z.array(inventoryLevel) }) }).nullable(),
});

export const inventoryLevelsBySkuResponse = z.object({
  inventoryItems: z.object({
    pageInfo,
    nodes: z.array(
      z.object({
        id: z.string(),
        sku: nullableString,
        tracked: z.boolean(),
        inventoryLevel: inventoryLevel.omit({ item: true }).nullable(),
      }),
    ),
  }),
});

export const inventoryItem = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  sku: nullableString,
  tracked: z.boolean(),
  duplicateSkuCount: z.number().int(),
  variants: z
    .object({
      nodes: z.array(z.object({ id: z.string(), title: nullableString, product: z.object({ id: z.string(), title: nullableString }) })),
    })
    .nullable(),
});
export const inventoryItemsResponse = z.object({ inventoryItems: z.object({ pageInfo, nodes: z.array(inventoryItem) }) });

const userError = z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: nullableString });
export type InventoryUserError = z.infer<typeof userError>;

export const inventorySetQuantitiesResponse = z.object({
  inventorySetQuantities: z
    .object({
      inventoryAdjustmentGroup: z
        .object({
          id: z.string(),
          createdAt: z.string(),
          reason: z.string(),
          referenceDocumentUri: nullableString,
          changes: z.array(
            z.object({
              name: z.string(),
              delta: z.number().int(),
              quantityAfterChange: z.number().int().nullable(),
              item: z.object({ id: z.string() }).nullable(),
              location: z.object({ id: z.string() }).nullable(),
            }),
          ),
        })
        .nullable(),
      userErrors: z.array(userError),
    })
    .nullable(),
});
