/** What the items flow needs: BC's changed items, and the warehouse's product upsert. */
import type { WarehousePort } from '../../connectors/warehouse/port.ts';

/** A BC item as the warehouse needs it. Weight and customs data are null when BC's API does not give them. */
export interface ErpWarehouseItem {
  number: string;
  displayName: string;
  gtin: string | null;
  blocked: boolean;
  /** `Inventory`, `Service`, `Non-Inventory`. */
  type: string;
  /** Kilograms, decimal string. */
  weightKg: string | null;
  hsCode: string | null;
  countryOfOrigin: string | null;
  lastModifiedDateTime: string;
}

export interface ItemsErp {
  /** Items changed after `since` (ISO time), oldest change first. */
  listItemsChangedSince(since: string): AsyncIterable<ErpWarehouseItem>;
}

export type ItemsWarehouse = Pick<WarehousePort, 'upsertProduct'>;
