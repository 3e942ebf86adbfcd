/**
 * Which Shopify inventory levels the flow may write: each level at a mapped location whose
 * inventory item is tracked and has a SKU no other inventory item shares. Everything else
 * is named (untracked, duplicate SKU) and skipped, never guessed.
 */

/** One Shopify inventory level as the full read or a re-read sees it. */
export interface ShopifyLevel {
  inventoryItemId: string;
  locationId: string;
  sku: string | null;
  tracked: boolean;
  available: number;
}

/** A SKU at a BC location, with the Shopify level it is written to. */
export interface StockPair {
  sku: string;
  locationCode: string;
  inventoryItemId: string;
  locationId: string;
  /** Shopify's `available` when read. */
  available: number;
}

export type CatalogueIssueCode = 'untracked_item' | 'duplicate_sku' | 'sku_not_in_bc';

export interface CatalogueIssue {
  code: CatalogueIssueCode;
  sku: string;
  message: string;
  evidence: Record<string, unknown>;
}

export interface MatchedCatalogue {
  pairs: StockPair[];
  issues: CatalogueIssue[];
  /** Levels at locations the flow does not map, and levels without a SKU: not the flow's to write. */
  ignored: { unmappedLocation: number; noSku: number };
}

export const pairKey = (sku: string, locationCode: string): string => `${sku}|${locationCode}`;

/** The SKU of a BC item (and variant): `ITEM` or `ITEM<separator>VARIANT`, upper case as BC keeps codes. */
export function skuOf(itemNumber: string, variantCode: string, separator: string | undefined): string {
  return variantCode && separator ? `${itemNumber}${separator}${variantCode}`.toUpperCase() : itemNumber.toUpperCase();
}

export function matchCatalogue(levels: Iterable<ShopifyLevel>, locationCodeOf: ReadonlyMap<string, string>): MatchedCatalogue {
  const ignored = { unmappedLocation: 0, noSku: 0 };
  const bySku = new Map<string, ShopifyLevel[]>();
  for (const level of levels) {
    if (!locationCodeOf.has(level.locationId)) {
      ignored.unmappedLocation += 1;
      continue;
    }
    const sku = level.sku?.trim().toUpperCase();
    if (!sku) {
      ignored.noSku += 1;
      continue;
    }
    const list = bySku.get(sku);
    if (list) list.push(level);
    else bySku.set(sku, [level]);
  }
  const pairs: StockPair[] = [];
  const issues: CatalogueIssue[] = [];
  for (const [sku, list] of bySku) {
    const items = new Set(list.map((level) => level.inventoryItemId));
    if (items.size > 1) {
      issues.push({
        code: 'duplicate_sku',
        sku,
        message: `SKU ${sku} is on ${items.size} Shopify inventory items; the hub cannot tell which one BC's stock belongs to, so it writes none of them.`,
        evidence: { inventoryItemIds: [...items] },
      });
      continue;
    }
    if (!list[0]!.tracked) {
      issues.push({
        code: 'untracked_item',
        sku,
        message: `SKU ${sku} is not tracked in Shopify ("Track quantity" is off), so Shopify ignores stock levels for it and keeps selling.`,
        evidence: { inventoryItemId: list[0]!.inventoryItemId },
      });
      continue;
    }
    for (const level of list)
      pairs.push({
        sku,
        locationCode: locationCodeOf.get(level.locationId)!,
        inventoryItemId: level.inventoryItemId,
        locationId: level.locationId,
        available: level.available,
      });
  }
  return { pairs, issues, ignored };
}
