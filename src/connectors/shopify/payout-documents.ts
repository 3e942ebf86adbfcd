/**
 * Shopify Payments payouts and the balance transactions each one settles. No webhook
 * announces payouts: the payouts flow polls these on a schedule. Transfers (the payout seen
 * from the balance) are hidden so the rows add up to the payout.
 */
import { define } from './graphql-document.ts';

const money = 'amount currencyCode';

export const payouts = define(
  'Payouts',
  'query',
  330,
  `
query Payouts($query: String, $after: String) {
  shopifyPaymentsAccount {
    id
    payouts(first: 20, after: $after, query: $query, sortKey: ISSUED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id legacyResourceId issuedAt status transactionType externalTraceId
        net { ${money} }
        summary {
          chargesGross { ${money} } chargesFee { ${money} }
          refundsFeeGross { ${money} } refundsFee { ${money} }
          adjustmentsGross { ${money} } adjustmentsFee { ${money} }
          reservedFundsGross { ${money} } reservedFundsFee { ${money} }
          retriedPayoutsGross { ${money} } retriedPayoutsFee { ${money} }
          advanceGross { ${money} } advanceFees { ${money} }
        }
      }
    }
  }
}`,
);

export const payoutBalanceTransactions = define(
  'PayoutBalanceTransactions',
  'query',
  360,
  `
query PayoutBalanceTransactions($query: String!, $after: String) {
  shopifyPaymentsAccount {
    id
    balanceTransactions(first: 50, after: $after, query: $query, hideTransfers: true) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id type sourceType test transactionDate sourceOrderTransactionId adjustmentReason
        amount { ${money} }
        fee { ${money} }
        net { ${money} }
        associatedOrder { id name }
        associatedPayout { id status }
      }
    }
  }
}`,
);

export const payoutDocuments = [payouts, payoutBalanceTransactions];
