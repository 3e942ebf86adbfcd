import { describe, expect, it } from 'vitest';
import { sampleOrder } from '../../../test/support/sample-order.ts';
import { describeChanges, summariseOrder } from './changes.ts';
import { applyOverrides } from './overrides.ts';

describe('changes after posting', () => {
  it('sees nothing when only fulfilment, tags or notes changed', () => {
    const before = sampleOrder();
    const after = { ...sampleOrder(), tags: ['fulfilled'], displayFulfillmentStatus: 'FULFILLED', updatedAt: '2026-11-25T10:00:00Z' };
    expect(describeChanges(summariseOrder(before), summariseOrder(after))).toEqual([]);
  });

  it('describes edits and a cancellation in words', () => {
    const before = sampleOrder();
    const after = sampleOrder({ cancelledAt: '2026-11-24T10:00:00Z' });
    after.lines[0]!.currentQuantity = 1;
    after.lines.pop();
    after.shippingAddress = { ...after.shippingAddress!, zip: 'LS2 2BB' };
    expect(describeChanges(summariseOrder(before), summariseOrder(after))).toEqual([
      'the order was cancelled in Shopify',
      'Organic Cotton Tee – Medium: quantity 2 → 1',
      'line removed: 1 × Wool Socks, 3 pack',
      'ship-to zip: LS1 1AA → LS2 2BB',
    ]);
  });
});

describe('overrides', () => {
  it('applies corrected values for the contract fields only', () => {
    const { order, issues } = applyOverrides(sampleOrder(), {
      'shippingAddress.zip': 'LS9 9ZZ',
      'attributes.eori': 'GB123456789000',
      'lines[2].harmonizedSystemCode': '611595',
      'totals.total': '0.01',
      'lines[9].sku': 'X',
    });
    expect(order.shippingAddress?.zip).toBe('LS9 9ZZ');
    expect(order.attributes).toEqual([{ key: 'eori', value: 'GB123456789000' }]);
    expect(order.lines[1]!.harmonizedSystemCode).toBe('611595');
    expect(order.totals.total).toBe('65.69');
    expect(issues.map((issue) => issue.path)).toEqual(['totals.total', 'lines[9].sku']);
  });
});
