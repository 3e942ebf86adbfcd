/**
 * What the orders flow needs from the outside world, and nothing more. The Shopify and
 * Business Central connectors implement these; tests can pass anything that does. Methods
 * marked optional depend on the BC companion extension or a matching option; without them
 * the flow runs with the feature off and says so.
 */
import type { AnnouncedTransaction, ChannelOrder, ChannelOrderRef } from '../../core/domain/channel-order.ts';
import type {
  CustomerDraft,
  ErpCodeRef,
  ErpCustomer,
  ErpItem,
  ErpSalesOrder,
  SalesOrderDraft,
  SalesOrderIntegrationFields,
} from '../../core/domain/erp.ts';

export interface ReadOrderOptions {
  /**
   * Read product details (barcode, customs data) afresh rather than from a short-lived cache:
   * a retry of a held order, whose fix is often exactly such a detail.
   */
  freshDetails?: boolean;
  /**
   * The order's transactions as the channel's webhooks announced them: where they are all its
   * money, the channel need not read them again.
   */
  announcedTransactions?: readonly AnnouncedTransaction[];
}

export interface OrdersChannel {
  /**
   * The whole order; undefined if gone. With a webhook's `snapshot` (ChannelOrderRef) the
   * channel reads only what the snapshot lacks, and reads the order whole when it is out of date.
   */
  getOrder(id: string, snapshot?: unknown, options?: ReadOrderOptions): Promise<ChannelOrder | undefined>;
  /**
   * An order read before (as the ledger kept it), with its product details read afresh and
   * nothing else: a held order's scheduled retry looks there first (import-order.ts).
   */
  withFreshProductDetails?(order: ChannelOrder): Promise<ChannelOrder>;
  /** The same with product details as recently read (cached): a new order judged on its webhook body. */
  withProductDetails?(order: ChannelOrder): Promise<ChannelOrder>;
  /** Orders changed after `since` and, when given, no later than `until` (ISO times), oldest change first, page by page. */
  listOrdersUpdatedSince(since: string, until?: string): AsyncIterable<ChannelOrderRef>;
  /** The shop's locations, to map location names in the configuration to ids. */
  listLocations?(): Promise<{ id: string; name: string }[]>;
}

export interface OrdersErp {
  /** Customers whose e-mail matches, ignoring case and surrounding spaces; 0..n. */
  findCustomersByEmail(email: string): Promise<ErpCustomer[]>;
  createCustomer(draft: CustomerDraft): Promise<ErpCustomer>;
  findItemByNumber(number: string): Promise<ErpItem | undefined>;
  findItemByGtin?(gtin: string): Promise<ErpItem | undefined>;
  findItemVariant?(itemNumber: string, code: string): Promise<ErpCodeRef | undefined>;
  listLocations(): Promise<ErpCodeRef[]>;
  listShipmentMethods(): Promise<ErpCodeRef[]>;
  /** Sales orders carrying this reference (upper-cased by BC); 0..n, the ledger decides. */
  findSalesOrdersByExternalDocumentNumber(reference: string): Promise<ErpSalesOrder[]>;
  /** One deep insert: header and lines together; the answer carries BC's lines and totals. */
  createSalesOrder(draft: SalesOrderDraft): Promise<ErpSalesOrder>;
  getSalesOrder(id: string, options?: { expandLines?: boolean }): Promise<ErpSalesOrder | undefined>;
  /** Removes an unreleased sales order (BC's way to cancel one); the etag guards against a concurrent change. */
  deleteSalesOrder?(id: string, etag?: string): Promise<void>;
  /**
   * Companion extension 1.3: the create finds the customer by `draft.customerByEmail` or
   * creates it, in the same request; without it the flow matches and creates customers itself.
   */
  createSalesOrderResolvingCustomer?(
    draft: SalesOrderDraft & { customerByEmail: NonNullable<SalesOrderDraft['customerByEmail']> },
  ): Promise<ErpSalesOrder>;
  /** Whether the create above works on this tenant now (a hub that could not probe BC at start keeps every method). */
  resolvesCustomersInOrders?(): Promise<boolean>;
  /** Companion extension: the exact lookup by the immutable Shopify order id. */
  findSalesOrdersByShopifyOrderId?(shopifyOrderId: string): Promise<ErpSalesOrder[]>;
  /** Companion extension: the dedicated fields (Shopify order id, payment transaction id). */
  setSalesOrderIntegrationFields?(salesOrderId: string, fields: SalesOrderIntegrationFields): Promise<void>;
}
