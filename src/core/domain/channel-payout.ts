/**
 * Payment-provider payouts as the hub understands them (Shopify Payments): one payout to the
 * bank and the balance transactions it settles (charges, refunds, fees, adjustments). The
 * payouts flow turns each payout into one balanced journal; `checkPayoutBalance` says
 * whether the transactions really add up to the payout before anything is posted.
 */
import type { Issue } from '../issues.ts';
import { dec, sum } from '../money.ts';

export type PayoutStatus = 'SCHEDULED' | 'IN_TRANSIT' | 'PAID' | 'FAILED' | 'CANCELED' | (string & {});

/** What the provider says the payout is made of, per kind of movement (gross and fee). */
export interface PayoutSummary {
  chargesGross: string;
  chargesFee: string;
  refundsGross: string;
  refundsFee: string;
  adjustmentsGross: string;
  adjustmentsFee: string;
  reservedFundsGross: string;
  reservedFundsFee: string;
  retriedPayoutsGross: string;
  retriedPayoutsFee: string;
  advanceGross: string;
  advanceFees: string;
}

export interface ChannelPayout {
  /** e.g. `gid://shopify/ShopifyPaymentsPayout/123`. */
  id: string;
  legacyId: string;
  issuedAt: string;
  status: PayoutStatus;
  /** `DEPOSIT` (money to the bank) or `WITHDRAWAL` (money taken from it). */
  direction: 'DEPOSIT' | 'WITHDRAWAL';
  /** What reached (or left) the bank: positive for a deposit. */
  net: string;
  currency: string;
  /** The bank's reference for the transfer, when the provider has it. */
  externalTraceId: string | null;
  summary: PayoutSummary;
}

export interface ChannelBalanceTransaction {
  /** e.g. `gid://shopify/ShopifyPaymentsBalanceTransaction/123`. */
  id: string;
  /** The provider's type, e.g. `CHARGE`, `REFUND`, `ADJUSTMENT`, `DISPUTE_WITHDRAWAL`; 100+ exist, map unknown ones to suspense. */
  type: string;
  /** `CHARGE`, `REFUND`, `ADJUSTMENT`, `DISPUTE`, `TRANSFER`, …; null when the provider gives none. */
  sourceType: string | null;
  test: boolean;
  transactionDate: string;
  /** Signed gross: positive money in, negative money out. */
  amount: string;
  /** The provider's fee, positive when charged. */
  fee: string;
  /** amount − fee. */
  net: string;
  currency: string;
  /** The order payment it settles, as the channel's transaction id (ChannelTransaction.id) when known. */
  orderTransactionId: string | null;
  orderId: string | null;
  orderName: string | null;
  payoutId: string | null;
  payoutStatus: string | null;
  adjustmentReason: string | null;
}

/**
 * Σ net of a payout's balance transactions must equal the payout's net (a withdrawal's
 * transactions add up to minus its net). Transfer rows, the payout itself seen from the
 * balance, are left out. Returns the issues found; none means it balances to the cent.
 */
export function checkPayoutBalance(payout: ChannelPayout, transactions: readonly ChannelBalanceTransaction[]): Issue[] {
  const issues: Issue[] = [];
  const counted = transactions.filter((transaction) => transaction.sourceType !== 'TRANSFER' && !transaction.type.startsWith('TRANSFER'));
  transactions.forEach((transaction, index) => {
    if (transaction.currency !== payout.currency) {
      issues.push({
        code: 'payout_currency_mismatch',
        path: `transactions[${index}].currency`,
        message: `Balance transaction ${transaction.id} is in ${transaction.currency}, the payout in ${payout.currency}.`,
      });
    }
    if (!dec(transaction.amount).minus(transaction.fee).equals(dec(transaction.net))) {
      issues.push({
        code: 'balance_transaction_net_mismatch',
        path: `transactions[${index}].net`,
        message: `Balance transaction ${transaction.id}: amount ${transaction.amount} − fee ${transaction.fee} is not its net ${transaction.net}.`,
      });
    }
    if (transaction.payoutId !== null && transaction.payoutId !== payout.id) {
      issues.push({
        code: 'balance_transaction_other_payout',
        path: `transactions[${index}].payoutId`,
        message: `Balance transaction ${transaction.id} belongs to payout ${transaction.payoutId}, not ${payout.id}.`,
      });
    }
  });
  const total = sum(counted.map((transaction) => transaction.net));
  const expected = payout.direction === 'WITHDRAWAL' ? dec(payout.net).negated() : dec(payout.net);
  if (!total.equals(expected)) {
    issues.push({
      code: 'payout_does_not_balance',
      path: 'net',
      message: `Payout ${payout.id}: its ${counted.length} balance transactions add up to ${total.toFixed(2)} net, the payout says ${expected.toFixed(2)} (difference ${total.minus(expected).toFixed(2)}). Do not post it until the missing movements are found.`,
    });
  }
  return issues;
}
