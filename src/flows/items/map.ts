/**
 * Pure mapping of a BC item to the warehouse's product, with every problem reported at
 * once. The summary (what the warehouse gets, plus blocked and type) is what the ledger
 * keeps, so only a change the warehouse would see sends the item again.
 */
import type { ItemsFlowConfig } from '../../config/warehouse-schema.ts';
import type { WarehouseProduct } from '../../core/domain/warehouse.ts';
import type { Issue } from '../../core/issues.ts';
import type { ErpWarehouseItem } from './ports.ts';

/** What the ledger keeps of an item: the product as the warehouse would get it, blocked and type. */
export interface ItemSummary {
  sku: string;
  description: string;
  barcode: string | null;
  weightKg: string | null;
  hsCode: string | null;
  countryOfOrigin: string | null;
  blocked: boolean;
  type: string;
}

export function summariseItem(item: ErpWarehouseItem): ItemSummary {
  const text = (value: string | null) => (value && value.trim() !== '' ? value.trim() : null);
  return {
    sku: item.number.trim(),
    description: item.displayName.trim(),
    barcode: text(item.gtin),
    weightKg: text(item.weightKg),
    hsCode: text(item.hsCode),
    countryOfOrigin: text(item.countryOfOrigin)?.toUpperCase() ?? null,
    blocked: item.blocked,
    type: item.type,
  };
}

/** Physical items go to the warehouse; services and non-inventory items never do. */
export function isWarehouseItem(item: Pick<ErpWarehouseItem, 'type'>, config: Pick<ItemsFlowConfig, 'itemTypes'>): boolean {
  return config.itemTypes.some((type) => type.toLowerCase() === item.type.toLowerCase());
}

export function mapItemToProduct(
  item: ItemSummary,
  config: Pick<ItemsFlowConfig, 'defaultWeightKg' | 'skuPattern'>,
): { product?: WarehouseProduct; issues: Issue[] } {
  const issues: Issue[] = [];
  if (!new RegExp(config.skuPattern).test(item.sku)) {
    issues.push({
      code: 'sku_characters',
      path: 'number',
      message: `item number ${JSON.stringify(item.sku)} has characters the warehouse cannot look up (allowed: ${config.skuPattern})`,
    });
  }
  if (item.description === '')
    issues.push({
      code: 'missing_description',
      path: 'displayName',
      message: `item ${item.sku} has no description for the warehouse's pick lists`,
    });
  if (item.barcode !== null && !/^\d{8,14}$/.test(item.barcode)) {
    issues.push({
      code: 'invalid_barcode',
      path: 'gtin',
      message: `item ${item.sku} has GTIN ${item.barcode}; the warehouse scans 8 to 14 digits`,
    });
  }
  const weight = item.weightKg ?? config.defaultWeightKg;
  if (weight === null)
    issues.push({
      code: 'missing_weight',
      path: 'weight',
      message: `item ${item.sku} has no weight, and no default weight is configured (flows.items.defaultWeightKg)`,
    });
  else if (!/^\d+(\.\d+)?$/.test(weight))
    issues.push({
      code: 'invalid_weight',
      path: 'weight',
      message: `item ${item.sku} has weight ${weight}, which is not a decimal number of kilograms`,
    });
  if (item.countryOfOrigin !== null && !/^[A-Z]{2}$/.test(item.countryOfOrigin)) {
    issues.push({
      code: 'invalid_country',
      path: 'countryOfOrigin',
      message: `item ${item.sku} has country of origin ${item.countryOfOrigin}; two letters (ISO 3166) expected`,
    });
  }
  if (issues.length > 0 || weight === null) return { issues };
  const customs =
    item.hsCode || item.countryOfOrigin
      ? { hsCode: item.hsCode, countryOfOrigin: item.countryOfOrigin, description: item.description }
      : null;
  return {
    product: { sku: item.sku, barcode: item.barcode, description: item.description.slice(0, 100), weightKg: weight, customs },
    issues,
  };
}
