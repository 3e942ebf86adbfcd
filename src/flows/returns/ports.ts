/** What the returns flow needs from Business Central and the warehouse. */
import type { EnsureResult, ErpCodeRef, ErpSalesCreditMemo, ErpSalesInvoice, SalesCreditMemoDraft } from '../../core/domain/erp.ts';
import type { WarehousePort } from '../../connectors/warehouse/port.ts';

export interface ReturnsErp {
  /** Invoices made from the BC order: the prices to credit, and the invoice the memo applies to. */
  findSalesInvoicesByOrderNumber(orderNumber: string): Promise<ErpSalesInvoice[]>;
  findSalesCreditMemosByExternalDocumentNumber(reference: string): Promise<ErpSalesCreditMemo[]>;
  /** A draft memo with its lines, or the one an earlier attempt made with the same reference. Never posted here. */
  createSalesCreditMemo(draft: SalesCreditMemoDraft): Promise<EnsureResult<ErpSalesCreditMemo>>;
  listLocations(): Promise<ErpCodeRef[]>;
}

export type ReturnsWarehouse = Pick<WarehousePort, 'listReturnsSince'>;
