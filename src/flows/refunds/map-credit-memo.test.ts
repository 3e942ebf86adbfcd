import { describe, expect, it } from 'vitest';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { sampleRefund } from '../../../test/support/sample-refund.ts';
import { planCreditMemo, type CreditMemoContext } from './map-credit-memo.ts';

const context = (accounts: CreditMemoContext['accounts']): CreditMemoContext => ({
  reference: 'SHOPR-1',
  customerNumber: 'WEB-GUEST',
  pricesIncludeTax: true,
  invoiceId: 'invoice-1',
  items: new Map(),
  locationIdFor: () => 'loc-scend',
  accounts,
});

describe('a refunded gift card', () => {
  const order = sampleOrder({ number: 2201, lines: [{ sku: 'GIFT-CARD-25', unitPrice: '25.00', isGiftCard: true }] });
  const refund = sampleRefund(order, { lines: [{ line: 1, quantity: 1, restockType: 'NO_RESTOCK' }] });

  it('reverses the gift-card liability account, outside VAT, not the refund account', () => {
    const result = planCreditMemo(refund, order, context({ refund: '40400', giftCardLiability: '22100', giftCardTaxCode: 'ZERO' }));
    expect(result.ok).toBe(true);
    if (result.ok !== true) return;
    expect(result.plan.draft.lines).toEqual([
      expect.objectContaining({ lineType: 'Account', lineObjectNumber: '22100', quantity: '1', unitPrice: '25.00', taxCode: 'ZERO' }),
    ]);
  });

  it('names the missing liability account when none is configured', () => {
    const result = planCreditMemo(refund, order, context({ refund: '40400' }));
    expect(result).toMatchObject({
      ok: false,
      issues: [{ code: 'account_not_configured', path: 'flows.orders.giftCards.liabilityAccountNumber' }],
    });
  });
});
