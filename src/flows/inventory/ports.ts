/** What the inventory flow needs from Shopify (levels, writes, orders) and BC (availability, item ledger). */
import type { ChannelLocation, SetInventoryQuantitiesRequest, SetInventoryQuantitiesResult } from '../../core/domain/channel-inventory.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpItem, ErpStockAvailability } from '../../core/domain/erp.ts';
import type { ShopifyLevel } from './catalogue.ts';

export interface InventoryChannel {
  listLocations(): Promise<ChannelLocation[]>;
  /** Every inventory level at every location, in one bulk operation. */
  readAllLevels(): AsyncIterable<ShopifyLevel>;
  /** The levels of these SKUs at one location, read now (after a compare-and-set failed, or on the fast path), a few SKUs a request. */
  readLevels(locationId: string, skus: readonly string[]): Promise<ShopifyLevel[]>;
  setInventoryQuantities(request: SetInventoryQuantitiesRequest): Promise<SetInventoryQuantitiesResult>;
  getOrder(id: string): Promise<ChannelOrder | undefined>;
}

export interface InventoryErp {
  readStockAvailability(options?: { itemNumbers?: string[]; pageSize?: number; reserved?: boolean }): Promise<ErpStockAvailability[]>;
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  /** Item ledger entries after an entry number: which items' stock moved (the fast path's BC poll). */
  listItemLedgerEntries(options: {
    afterEntryNumber?: number;
    pageSize?: number;
  }): AsyncIterable<{ entryNumber: number; itemNumber: string }>;
  latestItemLedgerEntryNumber(): Promise<number>;
  readSalesDemand(): Promise<{ itemNumber: string; variantCode: string; locationCode: string; outstanding: string }[]>;
}
