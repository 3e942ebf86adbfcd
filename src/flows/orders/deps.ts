/** What the orders flow's steps are given: the store, the two systems, the queue and settings. */
import type { OrdersFlowConfig } from '../../config/schema.ts';
import type { AnnouncedTransaction, ChannelOrderRef } from '../../core/domain/channel-order.ts';
import type { OrdersChannel, OrdersErp } from './ports.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';

export type { Enqueuer } from '../shared/flow-deps.ts';

export interface OrdersFlowDeps extends FlowBaseDeps {
  channel: OrdersChannel;
  erp: OrdersErp;
  config: OrdersFlowConfig;
  /**
   * The BC company's local currency (bc.localCurrency): an order in another currency carries
   * its currency code. Unknown (not configured), orders carry none, as a single shop's always did.
   */
  localCurrency?: string;
  /**
   * The order as the latest of its webhooks shows it (ChannelOrderRef.snapshot), if another came
   * after the first: an import that waited in the queue builds on that instead of a stale body.
   */
  latestWebhookSnapshot?: (orderId: string) => Promise<unknown>;
  /** The order's transactions as their webhooks announced them (ReadOrderOptions.announcedTransactions). */
  announcedTransactions?: (orderId: string) => Promise<AnnouncedTransaction[]>;
  /** Called for every order the poll lists: the refunds flow's safety net reads the same listing. */
  onOrderListed?: (ref: ChannelOrderRef) => Promise<void>;
}

export const ORDERS_FLOW = 'orders';
export const SHOPIFY = 'shopify';

/** Queue names of the orders flow. */
export const ordersJobs = {
  import: 'orders.import',
  poll: 'orders.poll',
  retryOpen: 'orders.retry-open',
  postWindow: 'orders.post-window',
} as const;

export interface ImportJob {
  recordId: number;
  /** Set when the posting window opened: post now even in scheduled mode. */
  windowOpen?: boolean;
  /** The announcing webhook's snapshot of the order (ChannelOrderRef.snapshot), for getOrder. */
  snapshot?: unknown;
  /**
   * A scheduled retry of a held order: first check, on the order as the ledger kept it, whether
   * the fix it waits for has come (import-order.ts), and read Shopify only if it may have.
   */
  recheck?: boolean;
}
