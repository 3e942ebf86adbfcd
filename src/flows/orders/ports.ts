/**
 * What the orders flow needs from the outside world, and nothing more. The Shopify and
 * Business Central connectors implement these; tests can pass anything that does.
 */
import type { ChannelOrder, ChannelOrderRef } from '../../core/domain/channel-order.js';
import type { ErpCustomer, ErpItem, ErpSalesOrder, SalesOrderDraft } from '../../core/domain/erp.js';

export interface OrdersChannel {
  /** The whole order, fetched fresh (webhook bodies are only a trigger); undefined if gone. */
  getOrder(id: string): Promise<ChannelOrder | undefined>;
  /** Orders changed after `since` (ISO time), oldest change first, page by page. */
  listOrdersUpdatedSince(since: string): AsyncIterable<ChannelOrderRef>;
}

export interface OrdersErp {
  /** Customers whose e-mail matches, ignoring case and surrounding spaces; 0..n. */
  findCustomersByEmail(email: string): Promise<ErpCustomer[]>;
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  /** Sales orders carrying this reference (upper-cased by BC); 0..n, the ledger decides. */
  findSalesOrdersByExternalDocumentNumber(reference: string): Promise<ErpSalesOrder[]>;
  /** One deep insert: header and lines together. */
  createSalesOrder(draft: SalesOrderDraft): Promise<ErpSalesOrder>;
}
