/** Every exception the payouts flow raises: owner, severity, what to do. Finance owns them all but the connection. */
import { exceptionsOf, retriesExhausted, type ExceptionDefinition } from '../shared/exception-catalogue.ts';

export const payoutsExceptionCatalogue = {
  unknown_transaction_type: {
    code: 'unknown_transaction_type',
    category: 'mapping',
    severity: 'error',
    owner: 'finance',
    action:
      'The payout holds a Shopify balance transaction of a type the hub does not post by itself (named in the message). Nothing was posted. Choose its G/L account, set flows.payouts.accounts.byType.<TYPE> and restart the hub; the payout is posted by itself.',
    autoRetry: true,
  },
  account_not_configured: {
    code: 'account_not_configured',
    category: 'mapping',
    severity: 'error',
    owner: 'finance',
    action: 'Set the account named in the message (flows.payouts) and restart the hub; the payout is posted by itself. Nothing was posted.',
    autoRetry: true,
  },
  payout_unbalanced: {
    code: 'payout_unbalanced',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      "The payout's balance transactions do not add up to what Shopify paid (or the journal would not balance). Nothing was posted. Compare the payout in the Shopify admin (Finances > Payouts) with the transactions in the evidence; the hub reads the payout again every few minutes, so a listing Shopify completes later posts by itself.",
    autoRetry: true,
  },
  currency_mismatch: {
    code: 'currency_mismatch',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      "The payout is not in the company's local currency (flows.payouts.currency), and BC's journal API posts local currency only. Nothing was posted. Post this payout by hand in BC (a bank account in that currency), then resolve this with a note.",
    autoRetry: false,
  },
  journal_batch_missing: {
    code: 'journal_batch_missing',
    category: 'master_data',
    severity: 'error',
    owner: 'finance',
    action:
      'Business Central has no general journal batch with the code in flows.payouts.journalBatch. Create it (General template, no number series, so the hub keeps its document numbers); the payout is posted by itself.',
    autoRetry: true,
  },
  journal_not_posted: {
    code: 'journal_not_posted',
    category: 'upstream',
    severity: 'error',
    owner: 'finance',
    action:
      'The payout is in the journal batch but Business Central refused to post the batch (reason in the message: a blocked account, a closed period, lines someone else left in the batch). Fix it in BC and post the batch there, or retry here.',
    autoRetry: true,
  },
  bc_rejected: {
    code: 'bc_rejected',
    category: 'validation',
    severity: 'error',
    owner: 'finance',
    action:
      'Business Central refused the journal lines for the reason shown (an account that does not exist or is blocked). Fix it in BC, then retry.',
    autoRetry: false,
  },
  payout_reversed: {
    code: 'payout_reversed',
    category: 'conflict',
    severity: 'critical',
    owner: 'finance',
    action:
      'Shopify now says this payout failed or was cancelled, but its journal is posted in BC: the money did not reach the bank. Reverse the journal in BC (or match the returned transfer), then resolve this with a note.',
    autoRetry: false,
  },
  retries_exhausted: retriesExhausted,
} satisfies Record<string, ExceptionDefinition>;

export type PayoutsExceptionCode = keyof typeof payoutsExceptionCatalogue;

export const payoutsException = exceptionsOf('payouts', payoutsExceptionCatalogue);
