/** What the cash-application flow's steps are given, its records' payload and its job names. */
import type { CashApplicationConfig } from '../../config/money-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';
import type { CashErp } from './ports.ts';

export interface CashApplicationDeps extends FlowBaseDeps {
  erp: CashErp;
  config: CashApplicationConfig;
  /** The Shopify Payments clearing account (flows.payouts.accounts.clearing). */
  shopifyPaymentsClearing: string | undefined;
  /** The company's books' currency (`bc.localCurrency`, else `flows.payouts.currency`): lines are written in it only. */
  localCurrency: string;
  retry: RetryPolicy;
}

/** One movement of money to apply: a payment in, or a refund out, through one gateway. */
export interface CashMovement {
  kind: 'payment' | 'refund';
  gateway: string;
  /** Positive, in the shop (local) currency: what was settled. */
  amount: string;
  currency: string;
  orderId: string;
  orderName: string | null;
  /** The Shopify order transaction it settles (a SALE, CAPTURE or REFUND). */
  orderTransactionId: string | null;
  /** The Shopify Payments payout that settled it, when it went through one. */
  payoutId: string | null;
  settledAt: string;
}

export const CASH_FLOW = 'cash-application';

export const cashJobs = {
  /** Applies every movement that is ready, in one cash receipt batch, then posts it. */
  apply: 'cash-application.apply',
  /** Takes in other gateways' payments and refunds from the orders and refunds the hub posted. */
  poll: 'cash-application.poll',
} as const;
