/** What cash application needs from BC: the order's invoices, the refund's memo, the cash receipt batch. */
import type { CashReceiptLineDraft, CashReceiptLinesResult, ErpCashReceiptJournal } from '../../connectors/bc/cash-receipts.ts';
import type { ErpSalesCreditMemo, ErpSalesInvoice, ErpSalesOrder } from '../../core/domain/erp.ts';

export type { CashReceiptLineDraft, ErpCashReceiptJournal };

export interface CashErp {
  findSalesInvoicesByOrderNumber(orderNumber: string): Promise<ErpSalesInvoice[]>;
  /** The invoices of many orders in a few reads; without it each payment is one read. */
  findSalesInvoicesByOrderNumbers?(orderNumbers: string[]): Promise<ErpSalesInvoice[]>;
  /** Which orders' invoices changed after `since` (BC's time); without it every waiting payment is asked about on every run. */
  listSalesInvoicesModifiedSince?(since: string): Promise<{ orderNumber: string; lastModifiedDateTime: string }[]>;
  getSalesCreditMemo(id: string): Promise<ErpSalesCreditMemo | undefined>;
  /** The BC order; undefined once BC deleted it (fully shipped and invoiced). */
  getSalesOrder(id: string): Promise<ErpSalesOrder | undefined>;
  findCashReceiptJournal(code: string): Promise<ErpCashReceiptJournal | undefined>;
  createCashReceiptLines(journal: ErpCashReceiptJournal, lines: CashReceiptLineDraft[]): Promise<CashReceiptLinesResult>;
  postCashReceiptJournal?(journal: ErpCashReceiptJournal): Promise<void>;
  /** Takes the lines of these documents out of the batch (a refused line must not block the rest). */
  removeCashReceiptLines?(journal: ErpCashReceiptJournal, documentNumbers: string[]): Promise<{ removed: number; remaining: number }>;
  cashReceiptSupport(): Promise<{ companionLines: boolean; posting: boolean }>;
}
