import { describe, expect, it } from 'vitest';
import { loadMetadata } from './metadata.ts';
import { checkFilter, evaluateFilter, parseFilter } from './odata-filter.ts';
import type { Row } from './store.ts';

const customer = loadMetadata().entityTypes.get('customer')!;
const row = (data: Record<string, unknown>) => ({ id: 'x', _seq: 1, _version: 1, ...data }) as Row;
const matches = (filter: string, data: Record<string, unknown>) => {
  const expr = parseFilter(filter);
  checkFilter(expr, customer);
  return evaluateFilter(expr, row(data), customer);
};

describe('$filter', () => {
  it('reads doubled quotes inside string literals as one quote', () => {
    expect(matches("tolower(email) eq 'liam.o''brien@example.ie'", { email: "Liam.O'Brien@example.ie" })).toBe(true);
    expect(matches("email eq 'liam.o''brien@example.ie'", { email: "Liam.O'Brien@example.ie" })).toBe(false);
  });

  it('keeps an injected condition inside the literal', () => {
    expect(matches("email eq 'x'' or 1 eq 1 or email eq ''y'", { email: 'someone@example.com' })).toBe(false);
    expect(matches("email eq 'x'' or 1 eq 1 or email eq ''y'", { email: "x' or 1 eq 1 or email eq 'y" })).toBe(true);
  });

  it('compares numbers as decimals, dates and times as instants, GUIDs ignoring case', () => {
    expect(matches('balanceDue gt 9.5', { balanceDue: '10' })).toBe(true);
    expect(matches('balanceDue le 9.5', { balanceDue: '10' })).toBe(false);
    expect(matches('balanceDue ge 10 and balanceDue lt 10.01', { balanceDue: '10.00' })).toBe(true);
    expect(matches('lastModifiedDateTime gt 2026-11-22T08:00:00Z', { lastModifiedDateTime: '2026-11-22T09:00:00.000+01:00' })).toBe(false);
    expect(matches('taxAreaId eq 5D115C9C-44E3-EA11-BB43-000D3A2FECA1', { taxAreaId: '5d115c9c-44e3-ea11-bb43-000d3a2feca1' })).toBe(true);
    expect(matches("number ne 'C00010'", { number: 'C00020' })).toBe(true);
  });

  it('supports not, parentheses and the string functions', () => {
    expect(
      matches("not (startswith(number,'C0') and contains(displayName,'Brien'))", { number: 'C00020', displayName: "Liam O'Brien" }),
    ).toBe(false);
    expect(matches("endswith(toupper(email),'.IE')", { email: 'a@b.ie' })).toBe(true);
  });

  it('refuses what BC refuses: unknown properties, or across fields, broken syntax', () => {
    expect(() => checkFilter(parseFilter("emailAddress eq 'a'"), customer)).toThrow(/Could not find a property named 'emailAddress'/);
    expect(() => checkFilter(parseFilter("number eq 'a' or email eq 'b'"), customer)).toThrow(/same field/);
    expect(() => checkFilter(parseFilter("number eq 'a' or number eq 'b'"), customer)).not.toThrow();
    expect(() => parseFilter("email eq 'unterminated")).toThrow(/Syntax error/);
    expect(() => parseFilter('email eq')).toThrow(/Syntax error/);
  });
});
