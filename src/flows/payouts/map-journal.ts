/**
 * Pure mapping of one Shopify Payments payout to one balanced BC general journal document:
 * every balance transaction's gross amount on the account of its kind (charges and refunds
 * on the clearing account, chargebacks, reserves, adjustments on theirs), every fee on the
 * fees account, and the transfer on the bank account. Positive amounts are debits. The lines
 * add up to zero and the bank line equals the payout's net, to the penny, or nothing is
 * planned and the issues say why (an unknown type, a missing account, a payout that does not
 * add up, a currency the company does not keep its books in).
 */
import type { PayoutsFlowConfig } from '../../config/money-schema.ts';
import { checkPayoutBalance, type ChannelBalanceTransaction, type ChannelPayout } from '../../core/domain/channel-payout.ts';
import type { JournalLineDraft } from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import { dec, formatMoney, sum, type Decimal } from '../../core/money.ts';
import { classifyType, isTransfer, type Classified, type MovementKind } from './classify.ts';

const DOCUMENT_NUMBER_MAX = 20;
const EXTERNAL_MAX = 35;
const DESCRIPTION_MAX = 100;

/** `SP` + the payout's numeric id; an id too long for BC's 20 characters is written in base 36. */
export function payoutDocumentNumber(payout: Pick<ChannelPayout, 'id' | 'legacyId'>, prefix: string): string {
  return compactReference(prefix, payout.legacyId || (/(\d+)$/.exec(payout.id)?.[1] ?? payout.id));
}

export function compactReference(prefix: string, numericId: string): string {
  const plain = `${prefix}${numericId}`.toUpperCase();
  if (plain.length <= DOCUMENT_NUMBER_MAX || !/^\d+$/.test(numericId)) return plain.slice(0, DOCUMENT_NUMBER_MAX);
  return `${prefix}${BigInt(numericId).toString(36)}`.toUpperCase();
}

export type PayoutJournalContext = Pick<PayoutsFlowConfig, 'accounts' | 'bank' | 'currency' | 'detail' | 'documentPrefix'> & {
  /** BC's reference of a Shopify order (`SHOP-1042` for `#1042`), shown on per-transaction lines. */
  orderReference?(orderName: string): string;
};

export interface PlannedPayoutJournal {
  documentNumber: string;
  postingDate: string;
  lines: JournalLineDraft[];
  /** Σ of the positive lines (= Σ of the negative ones, negated). */
  totalDebit: string;
  /** The amounts per kind of movement, for the record and the reconciliation. */
  totals: { gross: Record<string, string>; fees: string; net: string; transactions: number };
}

export type PayoutJournalResult = { ok: true; plan: PlannedPayoutJournal } | { ok: false; issues: Issue[] };

const kindWords: Record<MovementKind, [one: string, summary: string]> = {
  charge: ['Charge', 'Shopify Payments charges'],
  refund: ['Refund', 'Refunds to customers'],
  adjustment: ['Adjustment', 'Shopify adjustments'],
  chargeback: ['Chargeback', 'Chargebacks and dispute reversals'],
  reserve: ['Reserve', 'Reserve held back or released'],
  mapped: ['', ''],
};

interface Movement {
  transaction: ChannelBalanceTransaction;
  classified: Classified & { account: string };
}

export function planPayoutJournal(
  payout: ChannelPayout,
  transactions: readonly ChannelBalanceTransaction[],
  context: PayoutJournalContext,
): PayoutJournalResult {
  const issues: Issue[] = [];
  const currency = payout.currency;
  if (currency !== context.currency)
    issues.push({
      code: 'currency_mismatch',
      path: 'currency',
      message: `payout ${payout.legacyId} is in ${currency} but the company's books are in ${context.currency} (flows.payouts.currency); BC's journal API takes amounts in the local currency only`,
    });
  for (const issue of checkPayoutBalance(payout, transactions))
    issues.push({ ...issue, code: issue.code === 'payout_currency_mismatch' ? 'currency_mismatch' : 'payout_unbalanced' });

  const counted = transactions.filter((transaction) => !isTransfer(transaction.type, transaction.sourceType));
  const movements: Movement[] = [];
  const unknown = new Map<string, number>();
  const missing = new Map<string, string[]>();
  for (const transaction of counted) {
    const classified = classifyType(transaction.type, context.accounts);
    if (!classified) {
      unknown.set(transaction.type, (unknown.get(transaction.type) ?? 0) + 1);
      continue;
    }
    if (!classified.account) {
      missing.set(classified.setting, [...(missing.get(classified.setting) ?? []), transaction.type]);
      continue;
    }
    movements.push({ transaction, classified: { ...classified, account: classified.account } });
  }
  for (const [type, count] of unknown)
    issues.push({
      code: 'unknown_transaction_type',
      path: `transactions.${type}`,
      message: `${count} balance transaction${count === 1 ? '' : 's'} of type ${type}, which the hub does not know how to post; map it with flows.payouts.accounts.byType.${type}`,
    });
  for (const [setting, types] of missing)
    issues.push({
      code: 'account_not_configured',
      path: setting,
      message: `${[...new Set(types)].join(', ')} movements need the account ${setting}, which is not set`,
    });
  const needsFees = counted.some((transaction) => !dec(transaction.fee).isZero());
  if (needsFees && !context.accounts.fees)
    issues.push({
      code: 'account_not_configured',
      path: 'flows.payouts.accounts.fees',
      message: 'the payout has fees but no fees account is set',
    });
  if (!context.bank.accountNumber)
    issues.push({
      code: 'account_not_configured',
      path: 'flows.payouts.bank.accountNumber',
      message: 'no bank account is set for payouts',
    });
  if (issues.length > 0) return { ok: false, issues };

  const documentNumber = payoutDocumentNumber(payout, context.documentPrefix);
  const postingDate = payout.issuedAt.slice(0, 10);
  const payoutReference = (payout.externalTraceId ?? payout.legacyId).slice(0, EXTERNAL_MAX);
  const line = (accountNumber: string, amount: Decimal, description: string, external = payoutReference): JournalLineDraft => ({
    accountType: 'G/L Account',
    accountNumber,
    postingDate,
    documentNumber,
    externalDocumentNumber: external.toUpperCase().slice(0, EXTERNAL_MAX),
    amount: formatMoney(amount, currency),
    description: description.slice(0, DESCRIPTION_MAX),
  });
  const lines: JournalLineDraft[] = [];
  const fees = sum(counted.map((transaction) => transaction.fee));
  if (context.detail === 'per-transaction') {
    for (const { transaction, classified } of movements) {
      const words = classified.kind === 'mapped' ? titleOf(transaction.type) : kindWords[classified.kind][0];
      const order = transaction.orderName ? ` ${transaction.orderName}` : '';
      const external = transaction.orderName && context.orderReference ? context.orderReference(transaction.orderName) : payoutReference;
      lines.push(
        line(classified.account, dec(transaction.amount).negated(), `${words}${order} (${transaction.id.split('/').pop()})`, external),
      );
      if (!dec(transaction.fee).isZero())
        lines.push(line(context.accounts.fees!, dec(transaction.fee), `Fee on ${words.toLowerCase()}${order}`, external));
    }
  } else {
    const groups = new Map<string, { account: string; description: string; amount: Decimal; count: number }>();
    for (const { transaction, classified } of movements) {
      const key = classified.kind === 'mapped' ? `mapped:${transaction.type}` : classified.kind;
      const group = groups.get(key) ?? {
        account: classified.account,
        description: classified.kind === 'mapped' ? titleOf(transaction.type) : kindWords[classified.kind][1],
        amount: dec(0),
        count: 0,
      };
      group.amount = group.amount.minus(transaction.amount);
      group.count += 1;
      groups.set(key, group);
    }
    for (const group of groups.values())
      if (!group.amount.isZero()) lines.push(line(group.account, group.amount, `${group.description} (${group.count})`));
    if (!fees.isZero()) lines.push(line(context.accounts.fees!, fees, 'Shopify Payments fees'));
  }
  const net = payout.direction === 'WITHDRAWAL' ? dec(payout.net).negated() : dec(payout.net);
  lines.push({
    ...line(
      context.bank.accountNumber!,
      net,
      `Shopify payout ${payout.legacyId} ${payout.direction === 'WITHDRAWAL' ? 'from' : 'to'} bank`,
    ),
    accountType: context.bank.accountType,
  });

  const total = sum(lines.map((entry) => entry.amount));
  if (!total.isZero())
    return {
      ok: false,
      issues: [
        {
          code: 'payout_unbalanced',
          path: 'lines',
          message: `the journal for payout ${payout.legacyId} would be out of balance by ${total.toFixed(2)}`,
        },
      ],
    };
  const gross: Record<string, string> = {};
  for (const { transaction, classified } of movements) {
    const key = classified.kind === 'mapped' ? transaction.type : classified.kind;
    gross[key] = formatMoney(dec(gross[key] ?? 0).plus(transaction.amount), currency);
  }
  return {
    ok: true,
    plan: {
      documentNumber,
      postingDate,
      lines,
      totalDebit: formatMoney(sum(lines.map((entry) => entry.amount).filter((amount) => dec(amount).gt(0))), currency),
      totals: { gross, fees: formatMoney(fees, currency), net: formatMoney(net, currency), transactions: counted.length },
    },
  };
}

function titleOf(type: string): string {
  const words = type.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
