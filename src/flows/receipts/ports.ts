/** What the receipts flow needs from Business Central and the warehouse. */
import type { ErpCodeRef, ErpPurchaseOrder, ErpPurchaseReceipt, ReceivePurchaseOrderRequest } from '../../core/domain/erp.ts';
import type { WarehousePort } from '../../connectors/warehouse/port.ts';

export interface ReceiptsErp {
  listPurchaseOrders(options?: { releasedOnly?: boolean }): Promise<ErpPurchaseOrder[]>;
  getPurchaseOrder(id: string, options?: { expandLines?: boolean }): Promise<ErpPurchaseOrder | undefined>;
  /** Companion: receives exactly the given lines (others receive nothing); a lost answer is settled by reading. */
  receivePurchaseOrder(id: string, request: ReceivePurchaseOrderRequest): Promise<ErpPurchaseReceipt[]>;
  listLocations(): Promise<ErpCodeRef[]>;
}

export type ReceiptsWarehouse = Pick<WarehousePort, 'createAsn' | 'getAsn' | 'listAsnsSince'>;
