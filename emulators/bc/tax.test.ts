import { describe, expect, it } from 'vitest';
import { computeDocumentTax, vatBusinessGroupFor } from './tax.ts';

const line = (quantity: string, unitPrice: string, vatPercent = '20', discountAmount = '0') => ({
  quantity,
  unitPrice,
  discountAmount,
  taxCode: 'STANDARD',
  vatPercent,
});

describe('VAT on a sales document', () => {
  it('prices including VAT: the net is the rounded group total, spread over lines', () => {
    // Three lines of 0.99 incl. 20%: each alone would round to 0.83 net (2.49 in all), the group to 2.48.
    const result = computeDocumentTax([line('1', '0.99'), line('1', '0.99'), line('1', '0.99')], true, 'GBP');
    expect(result.map((r) => r.amountExcludingTax)).toEqual(['0.83', '0.82', '0.83']);
    expect(result.map((r) => r.totalTaxAmount)).toEqual(['0.16', '0.17', '0.16']);
    expect(result.map((r) => r.amountIncludingTax)).toEqual(['0.99', '0.99', '0.99']);
  });

  it('prices excluding VAT: VAT is added and rounded per group, half up', () => {
    const result = computeDocumentTax([line('3', '74.17'), line('1', '0.125', '5')], false, 'GBP');
    expect(result[0]).toEqual({ lineAmount: '222.51', amountExcludingTax: '222.51', totalTaxAmount: '44.5', amountIncludingTax: '267.01' });
    // 0.125 rounds to 0.13 first (line amount), then 5% of 0.13 = 0.0065 → 0.01.
    expect(result[1]).toEqual({ lineAmount: '0.13', amountExcludingTax: '0.13', totalTaxAmount: '0.01', amountIncludingTax: '0.14' });
  });

  it('takes the line discount off before VAT, and zero-rated lines carry no VAT', () => {
    const [discounted, zero] = computeDocumentTax([line('2', '24', '20', '4.80'), line('1', '14.99', '0')], true, 'GBP');
    expect(discounted).toMatchObject({ lineAmount: '43.2', amountExcludingTax: '36', totalTaxAmount: '7.2' });
    expect(zero).toMatchObject({ amountExcludingTax: '14.99', totalTaxAmount: '0' });
  });

  it('places customers in VAT business groups by country', () => {
    expect(vatBusinessGroupFor('GB')).toBe('DOMESTIC');
    expect(vatBusinessGroupFor('IE')).toBe('EU');
    expect(vatBusinessGroupFor('US')).toBe('EXPORT');
  });
});
