/**
 * Settings of the money flows: Shopify Payments payouts as BC general journal batches, cash
 * applied to invoices and credit memos, and the month-end reconciliation. Every G/L account
 * is finance's choice; an account a payout needs but the configuration lacks holds that
 * payout as an exception rather than guessing (see docs/guides/finance.md).
 */
import { z } from 'zod';

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression, e.g. "0 * * * *"');
const account = z.string().min(1).max(20);
const amount = z.string().regex(/^\d+(\.\d{1,4})?$/, 'a decimal amount such as "0.01"');
const documentPrefix = z
  .string()
  .min(1)
  .max(6)
  .regex(/^[A-Za-z0-9-]*$/, 'letters, digits and dashes only');

/** Where each kind of payout movement is posted. */
export const payoutAccountsSchema = z.strictObject({
  /** Shopify Payments clearing: charges are credited here, refunds debited; cash application empties it into the customers. */
  clearing: account.optional(),
  /** Processing fees (and any fee Shopify takes on a movement). */
  fees: account.optional(),
  /** Adjustments Shopify makes to the balance (corrections, refund adjustments, goodwill credits). */
  adjustments: account.optional(),
  /** Chargebacks taken from the balance and dispute reversals given back; chargeback fees too. */
  chargebacks: account.optional(),
  /** Funds Shopify holds back as a reserve and releases later (an asset: money still yours). */
  reserves: account.optional(),
  /** Further balance-transaction types → account, for types the hub does not know (e.g. `SHIPPING_LABEL: "65500"`). */
  byType: z.record(z.string().regex(/^[A-Z0-9_]+$/, 'a Shopify transaction type such as SHIPPING_LABEL'), account).default({}),
});

export const payoutsFlowSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Shopify sends no payout webhook: how often payouts are read. */
  pollCron: cron.default('15 * * * *'),
  /** How far back each poll looks at payouts issued (a payout turns PAID a day or two after it is issued). */
  lookbackDays: z.number().int().min(1).max(120).default(14),
  /** The BC general journal batch (of the default General template) payouts go to; dedicated, without a number series. */
  journalBatch: z.string().min(1).max(10).default('SHOPIFY'),
  /** BC document number = prefix + payout id (at most 20 characters; longer ids are written in base 36). */
  documentPrefix: documentPrefix.default('SP'),
  /** One clearing and one fee line per balance transaction, or one per kind of movement. */
  detail: z.enum(['summary', 'per-transaction']).default('summary'),
  /** Post the batch at once, or leave it for finance to review and post. */
  post: z.boolean().default(false),
  /** The BC company's local currency: a payout in another currency is a `currency_mismatch`. */
  currency: z.string().length(3).default('GBP'),
  /** Where the money goes: the bank account (BC Bank Account, or a G/L account). */
  bank: z
    .strictObject({
      accountType: z.enum(['Bank Account', 'G/L Account']).default('Bank Account'),
      accountNumber: account.optional(),
    })
    .prefault({}),
  accounts: payoutAccountsSchema.prefault({}),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).default(8),
      baseDelaySeconds: z.number().positive().default(30),
      maxDelaySeconds: z.number().positive().default(1800),
    })
    .prefault({}),
});

export const cashApplicationSchema = z.strictObject({
  /** Apply each payment to its invoice and each refund to its credit memo, so customer ledger entries close. */
  enabled: z.boolean().default(true),
  /** How often payments waiting for their invoice (or memo) are looked at again. */
  pollCron: cron.default('*/15 * * * *'),
  /** The BC cash receipt journal batch (of the default Cash Receipts template); dedicated. */
  journalBatch: z.string().min(1).max(10).default('SHOPIFY-CR'),
  /** BC document number = prefix + payment or refund transaction id (at most 20 characters). */
  documentPrefix: documentPrefix.default('SC'),
  /** Post the cash receipt batch (needs the companion extension 1.2); otherwise finance posts it. */
  post: z.boolean().default(true),
  /** A payment whose invoice is still missing after this many days becomes a finance exception. */
  invoiceWaitDays: z.number().min(0).max(365).default(5),
  /**
   * Clearing account per payment gateway (Shopify's gateway name, e.g. `paypal`, `manual`,
   * `bank_deposit`). `shopify_payments` defaults to the payouts clearing account; `gift_card`
   * needs none: redemptions are already on the liability account inside the invoice.
   */
  gateways: z.record(z.string().min(1), account).default({}),
});

export const reconciliationSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** The scheduled run: month to date, and the previous month during the first days of a month. */
  cron: cron.default('0 6 * * *'),
  /** Until this day of the month the scheduled run also reconciles the previous month. */
  previousMonthUntilDay: z.number().int().min(1).max(28).default(7),
  /** Accepted difference between a Shopify and a BC amount, per document line. */
  amountTolerancePerLine: amount.default('0.01'),
});

export type PayoutsFlowConfig = z.infer<typeof payoutsFlowSchema>;
export type PayoutAccounts = z.infer<typeof payoutAccountsSchema>;
export type CashApplicationConfig = z.infer<typeof cashApplicationSchema>;
export type ReconciliationConfig = z.infer<typeof reconciliationSchema>;

/** The `flows.*` sections of the money flows, spread into the flows schema. */
export const moneyFlowsShape = {
  payouts: payoutsFlowSchema.prefault({}),
  cashApplication: cashApplicationSchema.prefault({}),
  reconciliation: reconciliationSchema.prefault({}),
};
