import { describe, expect, it } from 'vitest';
import { documentCurrency } from './currency.ts';

describe("a sales document's currency code", () => {
  it('is set for a currency other than the company’s, and left out for its own or when the company’s is not configured', () => {
    expect(documentCurrency('GBP', 'EUR')).toEqual({ currencyCode: 'EUR' });
    expect(documentCurrency('GBP', 'eur')).toEqual({ currencyCode: 'EUR' });
    expect(documentCurrency('GBP', 'GBP')).toEqual({});
    expect(documentCurrency(undefined, 'EUR')).toEqual({});
  });
});
