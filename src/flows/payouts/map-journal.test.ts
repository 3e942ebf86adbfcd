import { describe, expect, it } from 'vitest';
import { payoutsFlowSchema } from '../../config/money-schema.ts';
import type { ChannelBalanceTransaction, ChannelPayout } from '../../core/domain/channel-payout.ts';
import { dec, formatMoney, sum } from '../../core/money.ts';
import { compactReference, planPayoutJournal, type PayoutJournalContext } from './map-journal.ts';

const config = payoutsFlowSchema.parse({
  bank: { accountNumber: 'BANK-GBP' },
  accounts: { clearing: '18100', fees: '65400', adjustments: '65420', chargebacks: '65410', reserves: '18300' },
});
const context = (detail: 'summary' | 'per-transaction'): PayoutJournalContext => ({
  ...config,
  detail,
  orderReference: (name) => `SHOP-${name.replace('#', '')}`,
});

/** mulberry32: the same 1,000 payouts on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

let nextId = 9_007_199_254_740_993n;
const id = () => String((nextId += 7919n));

function row(
  payoutId: string,
  type: string,
  amount: string,
  fee: string,
  extra: Partial<ChannelBalanceTransaction> = {},
): ChannelBalanceTransaction {
  return {
    id: `gid://shopify/ShopifyPaymentsBalanceTransaction/${id()}`,
    type,
    sourceType: type === 'REFUND' ? 'REFUND' : type === 'CHARGE' ? 'CHARGE' : 'ADJUSTMENT',
    test: false,
    transactionDate: '2026-11-19T10:00:00Z',
    amount,
    fee,
    net: formatMoney(dec(amount).minus(fee), 'GBP'),
    currency: 'GBP',
    orderTransactionId: null,
    orderId: null,
    orderName: null,
    payoutId,
    payoutStatus: 'PAID',
    adjustmentReason: null,
    ...extra,
  };
}

const money = (random: ReturnType<typeof seeded>, min: number, max: number) => (random.int(min * 100, max * 100) / 100).toFixed(2);

/** A payout with a random mix of every kind of movement the hub knows, adding up as Shopify's do. */
function randomPayout(random: ReturnType<typeof seeded>): { payout: ChannelPayout; rows: ChannelBalanceTransaction[] } {
  const legacyId = id();
  const payoutId = `gid://shopify/ShopifyPaymentsPayout/${legacyId}`;
  const rows: ChannelBalanceTransaction[] = [];
  for (let n = random.int(0, 60); n > 0; n -= 1) {
    const amount = money(random, 1, 900);
    const fee = formatMoney(dec(amount).times('0.02').plus('0.25'), 'GBP');
    rows.push(row(payoutId, 'CHARGE', amount, fee, { orderName: `#${random.int(1001, 99999)}`, orderId: `gid://shopify/Order/${id()}` }));
  }
  for (let n = random.int(0, 8); n > 0; n -= 1)
    rows.push(row(payoutId, 'REFUND', `-${money(random, 1, 300)}`, '0.00', { orderName: '#1042' }));
  for (let n = random.int(0, 2); n > 0; n -= 1) {
    rows.push(row(payoutId, 'DISPUTE_WITHDRAWAL', `-${money(random, 5, 400)}`, '15.00'));
    if (random.next() < 0.5) rows.push(row(payoutId, 'DISPUTE_REVERSAL', money(random, 5, 400), '-15.00'));
  }
  if (random.next() < 0.3) rows.push(row(payoutId, 'RESERVED_FUNDS_WITHDRAWAL', `-${money(random, 10, 500)}`, '0.00'));
  if (random.next() < 0.3) rows.push(row(payoutId, 'RESERVED_FUNDS_REVERSAL', money(random, 10, 500), '0.00'));
  if (random.next() < 0.3) rows.push(row(payoutId, 'ADJUSTMENT', (random.next() < 0.5 ? '-' : '') + money(random, 0.01, 50), '0.00'));
  if (rows.length === 0) rows.push(row(payoutId, 'CHARGE', '10.00', '0.45'));
  return { payout: payoutFor(legacyId, rows), rows };
}

function payoutFor(legacyId: string, rows: ChannelBalanceTransaction[]): ChannelPayout {
  const net = sum(rows.map((entry) => entry.net));
  return {
    id: `gid://shopify/ShopifyPaymentsPayout/${legacyId}`,
    legacyId,
    issuedAt: '2026-11-20T06:00:00Z',
    status: 'PAID',
    direction: net.isNegative() ? 'WITHDRAWAL' : 'DEPOSIT',
    net: formatMoney(net.abs(), 'GBP'),
    currency: 'GBP',
    externalTraceId: `TRACE${legacyId.slice(-6)}`,
    summary: {} as ChannelPayout['summary'],
  };
}

describe('planPayoutJournal', () => {
  it('balances 1,000 random payouts to the penny, the bank line equal to each payout net, in both levels of detail', () => {
    const random = seeded(20261120);
    for (let n = 0; n < 1000; n += 1) {
      const { payout, rows } = randomPayout(random);
      const signedNet = payout.direction === 'WITHDRAWAL' ? dec(payout.net).negated() : dec(payout.net);
      for (const detail of ['summary', 'per-transaction'] as const) {
        const result = planPayoutJournal(payout, rows, context(detail));
        if (!result.ok) throw new Error(`payout ${n} (${detail}): ${result.issues.map((issue) => issue.message).join('; ')}`);
        const { lines } = result.plan;
        expect(sum(lines.map((line) => line.amount)).isZero(), `payout ${n} ${detail} balances`).toBe(true);
        expect(lines.every((line) => /^-?\d+\.\d{2}$/.test(line.amount) && !dec(line.amount).isZero())).toBe(true);
        const bank = lines.filter((line) => line.accountNumber === 'BANK-GBP');
        expect(bank).toHaveLength(1);
        expect(dec(bank[0]!.amount).equals(signedNet)).toBe(true);
        expect(bank[0]!.accountType).toBe('Bank Account');
        expect(new Set(lines.map((line) => line.documentNumber)).size).toBe(1);
        expect(lines.every((line) => line.documentNumber.length <= 20 && line.postingDate === '2026-11-20')).toBe(true);
        // Fees on the fees account add up to the payout's fees; charges are credited gross to the clearing account.
        const fees = sum(lines.filter((line) => line.accountNumber === '65400').map((line) => line.amount));
        expect(fees.equals(sum(rows.map((entry) => entry.fee)))).toBe(true);
        const charges = sum(rows.filter((entry) => entry.type === 'CHARGE').map((entry) => entry.amount));
        const credited = sum(
          lines.filter((line) => line.accountNumber === '18100' && dec(line.amount).isNegative()).map((line) => line.amount),
        );
        if (detail === 'per-transaction') expect(credited.negated().equals(charges)).toBe(true);
      }
    }
  });

  const legacyId = id();
  const payoutId = `gid://shopify/ShopifyPaymentsPayout/${legacyId}`;
  const rows = [
    row(payoutId, 'CHARGE', '80.00', '1.85', { orderName: '#1042' }),
    row(payoutId, 'CHARGE', '40.00', '1.05', { orderName: '#1043' }),
    row(payoutId, 'REFUND', '-22.00', '0.00', { orderName: '#1040' }),
    row(payoutId, 'DISPUTE_WITHDRAWAL', '-30.00', '15.00'),
  ];
  const payout = payoutFor(legacyId, rows);

  it('holds a payout with a type it does not know: nothing is planned, the type is named', () => {
    const odd = [...rows, row(payout.id, 'SHIPPING_LABEL', '-4.20', '0.00')];
    const result = planPayoutJournal(payoutFor(legacyId, odd), odd, context('summary'));
    expect(result).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'unknown_transaction_type', message: expect.stringContaining('byType.SHIPPING_LABEL') })],
    });
    const mapped = planPayoutJournal(payoutFor(legacyId, odd), odd, {
      ...context('summary'),
      accounts: { ...config.accounts, byType: { SHIPPING_LABEL: '65500' } },
    });
    expect(mapped.ok && mapped.plan.lines.find((line) => line.accountNumber === '65500')).toMatchObject({
      amount: '4.20',
      description: 'Shipping label (1)',
    });
  });

  it('names every missing account, a payout that does not add up and one in another currency', () => {
    const result = planPayoutJournal({ ...payout, currency: 'EUR', net: '1.00' }, rows, {
      ...context('summary'),
      bank: { accountType: 'Bank Account' },
      accounts: { byType: {} },
    });
    const codes = result.ok ? [] : result.issues.map((issue) => `${issue.code}:${issue.path}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'currency_mismatch:currency',
        'payout_unbalanced:net',
        'account_not_configured:flows.payouts.accounts.clearing',
        'account_not_configured:flows.payouts.accounts.fees',
        'account_not_configured:flows.payouts.bank.accountNumber',
      ]),
    );
  });

  it('writes document numbers within BC 20 characters', () => {
    expect(compactReference('SP', '123456789')).toBe('SP123456789');
    expect(compactReference('SP', '18446744073709551615')).toBe('SP3W5E11264SGSF');
  });
});
