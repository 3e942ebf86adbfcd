/**
 * VAT the way BC computes it on a sales document. The rate comes from the VAT posting setup
 * (customer's VAT business group × line's VAT product group). Rounding is per VAT group
 * over the whole document: each line gets the difference between the rounded running total
 * and what earlier lines already took, so the document's VAT equals the rounded VAT of its
 * group totals, not a sum of separately rounded lines. Half-up to the currency's precision.
 */
import { Decimal, dec, roundMoney } from '../shared/money.ts';

/** VAT % by business posting group, then product posting group. */
export type VatSetup = Record<string, Record<string, string>>;

export const ukVatSetup: VatSetup = {
  DOMESTIC: { STANDARD: '20', REDUCED: '5', ZERO: '0' },
  EU: { STANDARD: '0', REDUCED: '0', ZERO: '0' },
  EXPORT: { STANDARD: '0', REDUCED: '0', ZERO: '0' },
};

const euCountries = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '));

/** The business group a customer template would give a customer from this country. */
export function vatBusinessGroupFor(country: string | undefined): string {
  if (!country || country === 'GB') return 'DOMESTIC';
  return euCountries.has(country) ? 'EU' : 'EXPORT';
}

export interface TaxLineInput {
  quantity: string;
  unitPrice: string;
  discountAmount: string;
  /** VAT product group; empty for comment lines. */
  taxCode: string;
  vatPercent: string;
}

export interface TaxLineResult {
  /** quantity × unit price − line discount, rounded; in the document's price basis. */
  lineAmount: string;
  amountExcludingTax: string;
  totalTaxAmount: string;
  amountIncludingTax: string;
}

export function computeDocumentTax(lines: TaxLineInput[], pricesIncludeTax: boolean, currency: string): TaxLineResult[] {
  const running = new Map<string, { base: Decimal; tax: Decimal; excl: Decimal }>();
  return lines.map((line) => {
    const lineAmount = roundMoney(dec(line.quantity).times(dec(line.unitPrice)), currency).minus(dec(line.discountAmount));
    const rate = dec(line.vatPercent).dividedBy(100);
    const key = `${line.taxCode}|${line.vatPercent}`;
    const group = running.get(key) ?? { base: new Decimal(0), tax: new Decimal(0), excl: new Decimal(0) };
    running.set(key, group);
    let excl: Decimal;
    let tax: Decimal;
    if (pricesIncludeTax) {
      group.base = group.base.plus(lineAmount);
      const exclSoFar = roundMoney(group.base.dividedBy(rate.plus(1)), currency);
      excl = exclSoFar.minus(group.excl);
      group.excl = exclSoFar;
      tax = lineAmount.minus(excl);
    } else {
      group.base = group.base.plus(lineAmount);
      const taxSoFar = roundMoney(group.base.times(rate), currency);
      tax = taxSoFar.minus(group.tax);
      group.tax = taxSoFar;
      excl = lineAmount;
    }
    return {
      lineAmount: lineAmount.toFixed(),
      amountExcludingTax: excl.toFixed(),
      totalTaxAmount: tax.toFixed(),
      amountIncludingTax: excl.plus(tax).toFixed(),
    };
  });
}
