import { describe, expect, it } from 'vitest';
import { checkPayoutBalance, type ChannelBalanceTransaction, type ChannelPayout } from './channel-payout.ts';

const zero = '0.00';
const payout: ChannelPayout = {
  id: 'gid://shopify/ShopifyPaymentsPayout/9',
  legacyId: '9',
  issuedAt: '2026-11-20T06:00:00Z',
  status: 'PAID',
  direction: 'DEPOSIT',
  net: '95.24',
  currency: 'GBP',
  externalTraceId: null,
  summary: {
    chargesGross: '120.00',
    chargesFee: '2.76',
    refundsGross: '-22.00',
    refundsFee: zero,
    adjustmentsGross: zero,
    adjustmentsFee: zero,
    reservedFundsGross: zero,
    reservedFundsFee: zero,
    retriedPayoutsGross: zero,
    retriedPayoutsFee: zero,
    advanceGross: zero,
    advanceFees: zero,
  },
};
const row = (
  type: string,
  amount: string,
  fee: string,
  net: string,
  extra: Partial<ChannelBalanceTransaction> = {},
): ChannelBalanceTransaction => ({
  id: `gid://shopify/ShopifyPaymentsBalanceTransaction/${type}${amount}`,
  type,
  sourceType: type,
  test: false,
  transactionDate: '2026-11-19T10:00:00Z',
  amount,
  fee,
  net,
  currency: 'GBP',
  orderTransactionId: null,
  orderId: null,
  orderName: null,
  payoutId: payout.id,
  payoutStatus: 'PAID',
  adjustmentReason: null,
  ...extra,
});
const rows = [row('CHARGE', '80.00', '1.85', '78.15'), row('CHARGE', '40.00', '0.91', '39.09'), row('REFUND', '-22.00', zero, '-22.00')];

describe('checkPayoutBalance', () => {
  it('passes when the rows add up to the payout to the penny, transfers left out', () => {
    expect(checkPayoutBalance(payout, rows)).toEqual([]);
    expect(checkPayoutBalance(payout, [...rows, row('TRANSFER', '-95.24', zero, '-95.24')])).toEqual([]);
  });

  it('names the difference when a row is missing, and rows that do not add up or belong elsewhere', () => {
    expect(checkPayoutBalance(payout, rows.slice(0, 2))).toEqual([
      expect.objectContaining({ code: 'payout_does_not_balance', message: expect.stringContaining('difference 22.00') }),
    ]);
    const codes = checkPayoutBalance(payout, [
      row('CHARGE', '80.00', '1.85', '78.16'),
      rows[1]!,
      { ...rows[2]!, payoutId: 'gid://shopify/ShopifyPaymentsPayout/8', currency: 'EUR' },
    ]).map((issue) => issue.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'balance_transaction_net_mismatch',
        'balance_transaction_other_payout',
        'payout_currency_mismatch',
        'payout_does_not_balance',
      ]),
    );
  });

  it('reads a withdrawal as money taken back: its rows add up to minus its net', () => {
    const withdrawal = { ...payout, direction: 'WITHDRAWAL' as const, net: '22.00' };
    expect(checkPayoutBalance(withdrawal, [rows[2]!])).toEqual([]);
  });
});
