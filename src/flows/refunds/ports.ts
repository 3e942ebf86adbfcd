/** What the refunds flow needs from Shopify and Business Central. */
import type { ChannelOrderRef } from '../../core/domain/channel-order.ts';
import type { ChannelRefund } from '../../core/domain/channel-refund.ts';
import type {
  EnsureResult,
  ErpCodeRef,
  ErpItem,
  ErpSalesCreditMemo,
  ErpSalesInvoice,
  SalesCreditMemoDraft,
} from '../../core/domain/erp.ts';

export interface RefundsChannel {
  getRefund(id: string): Promise<ChannelRefund | undefined>;
  listOrderRefunds(orderId: string): Promise<ChannelRefund[]>;
  listOrdersUpdatedSince(since: string, until?: string): AsyncIterable<ChannelOrderRef>;
  listLocations?(): Promise<{ id: string; name: string }[]>;
}

export interface RefundsErp {
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  findItemByGtin?(gtin: string): Promise<ErpItem | undefined>;
  listLocations(): Promise<ErpCodeRef[]>;
  /** Posted (and draft) invoices made from the BC order. */
  findSalesInvoicesByOrderNumber(orderNumber: string): Promise<ErpSalesInvoice[]>;
  findSalesCreditMemosByExternalDocumentNumber(reference: string): Promise<ErpSalesCreditMemo[]>;
  /** Creates the draft memo with its lines, or adopts one an earlier attempt made with the same reference. */
  createSalesCreditMemo(draft: SalesCreditMemoDraft): Promise<EnsureResult<ErpSalesCreditMemo>>;
  getSalesCreditMemo(id: string): Promise<ErpSalesCreditMemo | undefined>;
  /** Not idempotent: callers check the status first. */
  postSalesCreditMemo(id: string): Promise<unknown>;
}
