import { describe, expect, it } from 'vitest';
import { allocate, dec, formatMoney, roundMoney, sum } from './money.ts';

describe('money', () => {
  it('adds without floating-point drift', () => {
    expect(sum(['0.1', '0.2']).toString()).toBe('0.3');
    expect(formatMoney(sum(['19.99', '0.01', '5']), 'GBP')).toBe('25.00');
  });

  it('rounds half-up to the currency minor unit', () => {
    expect(roundMoney('2.345', 'GBP').toFixed(2)).toBe('2.35');
    expect(roundMoney('2.344', 'GBP').toFixed(2)).toBe('2.34');
    expect(formatMoney('1234.5', 'JPY')).toBe('1235');
    expect(formatMoney('-2.345', 'GBP')).toBe('-2.35');
  });

  it('allocates a total in proportion so the parts add up exactly', () => {
    const parts = allocate('10.00', ['1', '1', '1'], 'GBP');
    expect(parts.map((part) => part.toFixed(2))).toEqual(['3.34', '3.33', '3.33']);
    expect(sum(parts).toFixed(2)).toBe('10.00');
    const weighted = allocate('5.00', ['24.00', '89.00', '18.50'], 'GBP');
    expect(sum(weighted).toFixed(2)).toBe('5.00');
    expect(weighted.map((part) => part.toFixed(2))).toEqual(['0.91', '3.39', '0.70']);
  });

  it('allocates negative totals and zero weights', () => {
    expect(allocate('-0.05', ['1', '1'], 'GBP').map((part) => part.toFixed(2))).toEqual(['-0.03', '-0.02']);
    expect(allocate('1.00', ['0', '0'], 'GBP').map((part) => part.toFixed(2))).toEqual(['1.00', '0.00']);
  });

  it('refuses non-finite numbers', () => {
    expect(() => dec(Number.NaN)).toThrow(/not a finite amount/);
  });
});
