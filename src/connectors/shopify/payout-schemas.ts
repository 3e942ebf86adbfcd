/** The shapes of Shopify Payments answers (payout-documents.ts). */
import { z } from 'zod';
import { pageInfo } from './schemas.ts';

export const moneyV2 = z.object({ amount: z.string(), currencyCode: z.string() });
const nullableString = z.string().nullable();

export const payout = z.object({
  id: z.string(),
  legacyResourceId: z.string(),
  issuedAt: z.string(),
  status: z.string(),
  transactionType: z.enum(['DEPOSIT', 'WITHDRAWAL']),
  externalTraceId: nullableString,
  net: moneyV2,
  summary: z.object({
    chargesGross: moneyV2,
    chargesFee: moneyV2,
    refundsFeeGross: moneyV2,
    refundsFee: moneyV2,
    adjustmentsGross: moneyV2,
    adjustmentsFee: moneyV2,
    reservedFundsGross: moneyV2,
    reservedFundsFee: moneyV2,
    retriedPayoutsGross: moneyV2,
    retriedPayoutsFee: moneyV2,
    advanceGross: moneyV2,
    advanceFees: moneyV2,
  }),
});
export type Payout = z.infer<typeof payout>;

export const payoutsResponse = z.object({
  shopifyPaymentsAccount: z.object({ id: z.string(), payouts: z.object({ pageInfo, nodes: z.array(payout) }) }).nullable(),
});

export const balanceTransaction = z.object({
  id: z.string(),
  type: z.string(),
  sourceType: nullableString,
  test: z.boolean(),
  transactionDate: z.string(),
  sourceOrderTransactionId: nullableString,
  adjustmentReason: nullableString,
  amount: moneyV2,
  fee: moneyV2,
  net: moneyV2,
  associatedOrder: z.object({ id: z.string(), name: z.string() }).nullable(),
  associatedPayout: z.object({ id: nullableString, status: nullableString }),
});
export type BalanceTransaction = z.infer<typeof balanceTransaction>;

export const balanceTransactionsResponse = z.object({
  shopifyPaymentsAccount: z
    .object({ id: z.string(), balanceTransactions: z.object({ pageInfo, nodes: z.array(balanceTransaction) }) })
    .nullable(),
});
