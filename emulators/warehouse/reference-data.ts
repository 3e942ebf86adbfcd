/**
 * The warehouse's reference data and its seed from the sandbox's shared world
 * (emulators/sandbox/catalogue.ts): the same SKUs, GTINs, weights and customs data BC and
 * Shopify know, with the catalogue's initial stock on hand at "Scend Warehouse".
 */
import { sandboxCatalogue } from '../sandbox/catalogue.ts';
import type { WarehouseState } from './state.ts';

export const countries = [
  { ID: 1, Code: 'GB', Code3: 'GBR', Name: 'United Kingdom' },
  { ID: 2, Code: 'IE', Code3: 'IRL', Name: 'Ireland' },
  { ID: 3, Code: 'FR', Code3: 'FRA', Name: 'France' },
  { ID: 4, Code: 'DE', Code3: 'DEU', Name: 'Germany' },
  { ID: 5, Code: 'NL', Code3: 'NLD', Name: 'Netherlands' },
  { ID: 6, Code: 'ES', Code3: 'ESP', Name: 'Spain' },
  { ID: 7, Code: 'IT', Code3: 'ITA', Name: 'Italy' },
  { ID: 8, Code: 'PT', Code3: 'PRT', Name: 'Portugal' },
  { ID: 9, Code: 'US', Code3: 'USA', Name: 'United States' },
  { ID: 10, Code: 'CA', Code3: 'CAN', Name: 'Canada' },
  { ID: 11, Code: 'AU', Code3: 'AUS', Name: 'Australia' },
  { ID: 12, Code: 'CN', Code3: 'CHN', Name: 'China' },
  { ID: 13, Code: 'CH', Code3: 'CHE', Name: 'Switzerland' },
  { ID: 14, Code: 'NO', Code3: 'NOR', Name: 'Norway' },
  { ID: 15, Code: 'BE', Code3: 'BEL', Name: 'Belgium' },
  { ID: 16, Code: 'AT', Code3: 'AUT', Name: 'Austria' },
  { ID: 17, Code: 'SE', Code3: 'SWE', Name: 'Sweden' },
  { ID: 18, Code: 'DK', Code3: 'DNK', Name: 'Denmark' },
  { ID: 19, Code: 'JP', Code3: 'JPN', Name: 'Japan' },
  { ID: 20, Code: 'NZ', Code3: 'NZL', Name: 'New Zealand' },
];

/** ISO-2, ISO-3 or name, as Mintsoft accepts on an order. */
export function countryIdOf(value: string): number | undefined {
  const wanted = value.trim().toUpperCase();
  return countries.find((c) => c.Code === wanted || c.Code3 === wanted || c.Name.toUpperCase() === wanted)?.ID;
}

export interface CourierService {
  id: number;
  name: string;
  trackingPrefix: string;
  /** `{n}` is the tracking number. */
  trackingUrl: string;
}

export const courierServices: CourierService[] = [
  {
    id: 11,
    name: 'Royal Mail Tracked 24',
    trackingPrefix: 'RM',
    trackingUrl: 'https://www.royalmail.com/track-your-item#/tracking-results/{n}',
  },
  {
    id: 12,
    name: 'Royal Mail Tracked 48',
    trackingPrefix: 'RM',
    trackingUrl: 'https://www.royalmail.com/track-your-item#/tracking-results/{n}',
  },
  { id: 21, name: 'DPD Next Day', trackingPrefix: '15', trackingUrl: 'https://track.dpd.co.uk/parcels/{n}' },
  {
    id: 31,
    name: 'DHL Express Worldwide',
    trackingPrefix: 'JD',
    trackingUrl: 'https://www.dhl.com/gb-en/home/tracking.html?tracking-id={n}',
  },
];

/** `AUTO` (or a service the 3PL rules pick): domestic by Royal Mail, abroad by DHL. */
export function courierServiceFor(requested: string, countryId: number): CourierService | undefined {
  if (requested.trim().toUpperCase() === 'AUTO')
    return courierServices.find((s) => s.name === (countryId === 1 ? 'Royal Mail Tracked 48' : 'DHL Express Worldwide'));
  const wanted = requested.trim().toUpperCase();
  return courierServices.find((s) => s.name.toUpperCase() === wanted || String(s.id) === wanted);
}

/** Condition is expressed through the reason, as in Mintsoft; the grade is in its name. */
export const returnReasons = [
  { ID: 1, Name: 'Grade A - As New', StockAction: 'Return To Stock', Active: true, grade: 'A' },
  { ID: 2, Name: 'Grade B - Opened', StockAction: 'Return To Stock', Active: true, grade: 'B' },
  { ID: 3, Name: 'Grade C - Damaged', StockAction: 'Quarantine', Active: true, grade: 'C' },
  { ID: 4, Name: 'Faulty', StockAction: 'Quarantine', Active: true, grade: null },
  { ID: 5, Name: 'Not Received', StockAction: 'None', Active: true, grade: null },
] as const;

export type Grade = 'A' | 'B' | 'C';

export function reasonForGrade(grade: Grade) {
  return returnReasons.find((reason) => reason.grade === grade)!;
}

export function seedCatalogue(state: WarehouseState): void {
  for (const item of sandboxCatalogue) {
    const id = state.nextId('product');
    const at = state.stamp();
    state.products.set(id, {
      id,
      sku: item.sku,
      name: item.variantTitle ? `${item.title} - ${item.variantTitle}` : item.title,
      description: item.title,
      customsDescription: item.hsCode ? item.title : null,
      ean: item.gtin,
      countryId: item.countryOfOrigin ? (countryIdOf(item.countryOfOrigin) ?? null) : null,
      commodityCode: item.hsCode,
      weight: item.weightKg,
      lastUpdated: at,
    });
    state.stock.set(id, { productId: id, onHand: item.initialStock, allocated: 0, quarantine: 0, lastUpdated: at });
  }
}
