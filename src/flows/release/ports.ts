/** What the release flow needs from Business Central and the warehouse. */
import type { ErpCodeRef, ErpItem, ErpSalesOrder } from '../../core/domain/erp.ts';
import type { WarehousePort } from '../../connectors/warehouse/port.ts';

/** A BC sales order header as a poll reads it, with the ship-to the warehouse needs. */
export interface ErpSalesOrderHeader {
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  /** API status: `Draft` (BC "Open"), `Open` (BC "Released"), `In Review`. */
  status: string;
  currencyCode: string;
  email: string | null;
  phone: string | null;
  shipTo: {
    name: string | null;
    contact: string | null;
    address1: string | null;
    address2: string | null;
    city: string | null;
    state: string | null;
    postCode: string | null;
    country: string | null;
  };
  /** The BC shipment method code, when the order has one. */
  shipmentMethodCode: string | null;
  lastModifiedDateTime: string;
}

export interface ReleaseErp {
  /** Sales orders changed after `since` (ISO time), oldest change first. */
  listSalesOrdersChangedSince(since: string): AsyncIterable<ErpSalesOrderHeader>;
  getSalesOrder(id: string, options?: { expandLines?: boolean }): Promise<ErpSalesOrder | undefined>;
  listLocations(): Promise<ErpCodeRef[]>;
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  /** Companion extension: release the order in BC (needed for `autoRelease`). */
  releaseSalesOrder?(salesOrderId: string): Promise<void>;
}

export type ReleaseWarehouse = Pick<WarehousePort, 'createOrder' | 'getProduct'>;
