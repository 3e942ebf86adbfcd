/**
 * What each Shopify Payments balance-transaction type is, in finance's words: which kind of
 * movement it is and which configured account its gross amount goes to. Shopify has over a
 * hundred types; the hub knows the ones an order-to-cash shop meets, and a type it does not
 * know is never guessed: finance maps it (`flows.payouts.accounts.byType`) or the payout waits.
 */
import type { PayoutAccounts } from '../../config/money-schema.ts';

export type MovementKind = 'charge' | 'refund' | 'adjustment' | 'chargeback' | 'reserve' | 'mapped';

/** The account setting each kind posts to (`mapped` types name their own account). */
export const accountOfKind: Record<Exclude<MovementKind, 'mapped'>, keyof Omit<PayoutAccounts, 'byType'>> = {
  charge: 'clearing',
  refund: 'clearing',
  adjustment: 'adjustments',
  chargeback: 'chargebacks',
  reserve: 'reserves',
};

const knownTypes: Record<string, Exclude<MovementKind, 'mapped'>> = {
  CHARGE: 'charge',
  REFUND: 'refund',
  // A refund the card network could not make: the money comes back to the balance.
  REFUND_FAILURE: 'refund',
  ADJUSTMENT: 'adjustment',
  CHARGE_ADJUSTMENT: 'adjustment',
  REFUND_ADJUSTMENT: 'adjustment',
  MERCHANT_GOODWILL_CREDIT: 'adjustment',
  MERCHANT_GOODWILL_CREDIT_REVERSAL: 'adjustment',
  ANOMALY_CREDIT: 'adjustment',
  ANOMALY_CREDIT_REVERSAL: 'adjustment',
  ANOMALY_DEBIT: 'adjustment',
  ANOMALY_DEBIT_REVERSAL: 'adjustment',
  DISPUTE_WITHDRAWAL: 'chargeback',
  DISPUTE_REVERSAL: 'chargeback',
  CHARGEBACK_FEE: 'chargeback',
  CHARGEBACK_FEE_REFUND: 'chargeback',
  CHARGEBACK_HOLD: 'chargeback',
  CHARGEBACK_HOLD_RELEASE: 'chargeback',
  RESERVED_FUNDS: 'reserve',
  RESERVED_FUNDS_WITHDRAWAL: 'reserve',
  RESERVED_FUNDS_REVERSAL: 'reserve',
  RISK_WITHDRAWAL: 'reserve',
  RISK_REVERSAL: 'reserve',
};

/** Transfers are the payout itself seen from the balance: never a line of their own. */
export function isTransfer(type: string, sourceType: string | null): boolean {
  return sourceType === 'TRANSFER' || type === 'TRANSFER' || type.startsWith('TRANSFER_');
}

export interface Classified {
  kind: MovementKind;
  /** The account number, or undefined when the setting it needs is empty. */
  account: string | undefined;
  /** The configuration path that names the account, for the exception finance reads. */
  setting: string;
}

/** The kind and account of a type, or undefined for a type neither the hub nor the configuration knows. */
export function classifyType(type: string, accounts: PayoutAccounts): Classified | undefined {
  const mapped = accounts.byType[type];
  if (mapped) return { kind: 'mapped', account: mapped, setting: `flows.payouts.accounts.byType.${type}` };
  const kind = knownTypes[type];
  if (!kind) return undefined;
  const setting = accountOfKind[kind];
  return { kind, account: accounts[setting], setting: `flows.payouts.accounts.${setting}` };
}

export const knownTransactionTypes = Object.keys(knownTypes);
