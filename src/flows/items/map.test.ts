import { describe, expect, it } from 'vitest';
import { itemsFlowSchema } from '../../config/warehouse-schema.ts';
import { isWarehouseItem, mapItemToProduct, summariseItem } from './map.ts';
import type { ErpWarehouseItem } from './ports.ts';

const config = itemsFlowSchema.parse({});
const item = (overrides: Partial<ErpWarehouseItem> = {}): ErpWarehouseItem => ({
  number: 'TEE-ORG-M',
  displayName: 'Organic Cotton Tee, Medium',
  gtin: '5060123450028',
  blocked: false,
  type: 'Inventory',
  weightKg: '0.2',
  hsCode: '610910',
  countryOfOrigin: 'pt',
  lastModifiedDateTime: '2026-11-23T09:00:00Z',
  ...overrides,
});

describe('items: mapping a BC item to the warehouse product', () => {
  it('maps SKU, barcode, description, weight and customs data', () => {
    expect(mapItemToProduct(summariseItem(item()), config)).toEqual({
      product: {
        sku: 'TEE-ORG-M',
        barcode: '5060123450028',
        description: 'Organic Cotton Tee, Medium',
        weightKg: '0.2',
        customs: { hsCode: '610910', countryOfOrigin: 'PT', description: 'Organic Cotton Tee, Medium' },
      },
      issues: [],
    });
  });

  it('uses the configured default weight when BC gives none, and sends no customs block without customs data', () => {
    const { product } = mapItemToProduct(summariseItem(item({ weightKg: null, hsCode: null, countryOfOrigin: null, gtin: '' })), {
      ...config,
      defaultWeightKg: '0.5',
    });
    expect(product).toMatchObject({ weightKg: '0.5', barcode: null, customs: null });
  });

  it('reports every problem at once, naming the item and field', () => {
    const { product, issues } = mapItemToProduct(
      summariseItem(item({ number: 'BAG/"TOTE"', displayName: ' ', gtin: '12AB', weightKg: null, countryOfOrigin: 'Portugal' })),
      { ...config, defaultWeightKg: null },
    );
    expect(product).toBeUndefined();
    expect(issues.map((issue) => `${issue.code}@${issue.path}`)).toEqual([
      'sku_characters@number',
      'missing_description@displayName',
      'invalid_barcode@gtin',
      'missing_weight@weight',
      'invalid_country@countryOfOrigin',
    ]);
    expect(issues[2]!.message).toBe('item BAG/"TOTE" has GTIN 12AB; the warehouse scans 8 to 14 digits');
  });

  it('sends physical items only', () => {
    expect(isWarehouseItem(item(), config)).toBe(true);
    expect(isWarehouseItem(item({ type: 'Non-Inventory' }), config)).toBe(false);
    expect(isWarehouseItem(item({ type: 'Service' }), config)).toBe(false);
  });

  it('summarises only what the warehouse sees, so a price change in BC is not a change', () => {
    expect(summariseItem(item({ lastModifiedDateTime: '2026-12-01T00:00:00Z' }))).toEqual(summariseItem(item()));
  });
});
