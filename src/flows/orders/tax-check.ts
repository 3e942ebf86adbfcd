/**
 * BC is the source of truth for tax. After the order is created, its totals are compared
 * with what Shopify charged: within the tolerance (per line) the difference is accepted and
 * recorded; beyond it the order is held from release with both figures and the lines that
 * differ. Pure.
 */
import type { ErpSalesOrder } from '../../core/domain/erp.ts';
import { dec, formatMoney, sum, type Decimal } from '../../core/money.ts';
import type { PlannedLine } from './lines.ts';

export interface LineDifference {
  line: number;
  description: string;
  shopifyGross: string;
  bcGross: string;
  shopifyTax: string;
  bcTax: string;
}

export interface TaxComparison {
  withinTolerance: boolean;
  tolerance: string;
  shopify: { total: string; tax: string };
  bc: { total: string; tax: string };
  totalDifference: string;
  taxDifference: string;
  lines: LineDifference[];
}

export function compareTotals(planned: PlannedLine[], created: ErpSalesOrder, currency: string, tolerancePerLine: string): TaxComparison {
  const tolerance = dec(tolerancePerLine).times(Math.max(planned.length, 1));
  const shopifyTotal = sum(planned.map((line) => line.expectedGross));
  const shopifyTax = sum(planned.map((line) => line.expectedTax));
  const bcTotal = dec(created.totalAmountIncludingTax);
  const bcTax = dec(created.totalTaxAmount);
  const money = (value: Decimal) => formatMoney(value, currency);
  const differing: LineDifference[] = [];
  const bcLines = created.lines ?? [];
  planned.forEach((line, index) => {
    const bcLine = bcLines[index];
    if (!bcLine) return;
    const grossGap = dec(bcLine.amountIncludingTax).minus(line.expectedGross).abs();
    const taxGap = dec(bcLine.totalTaxAmount).minus(line.expectedTax).abs();
    if (grossGap.greaterThan(tolerancePerLine) || taxGap.greaterThan(tolerancePerLine)) {
      differing.push({
        line: index + 1,
        description: line.draft.description ?? line.draft.lineObjectNumber ?? '',
        shopifyGross: money(line.expectedGross),
        bcGross: money(dec(bcLine.amountIncludingTax)),
        shopifyTax: money(line.expectedTax),
        bcTax: money(dec(bcLine.totalTaxAmount)),
      });
    }
  });
  const totalDifference = bcTotal.minus(shopifyTotal);
  const taxDifference = bcTax.minus(shopifyTax);
  return {
    withinTolerance: totalDifference.abs().lessThanOrEqualTo(tolerance) && taxDifference.abs().lessThanOrEqualTo(tolerance),
    tolerance: money(tolerance),
    shopify: { total: money(shopifyTotal), tax: money(shopifyTax) },
    bc: { total: money(bcTotal), tax: money(bcTax) },
    totalDifference: money(totalDifference),
    taxDifference: money(taxDifference),
    lines: differing,
  };
}

export function describeMismatch(orderName: string, comparison: TaxComparison): string {
  const lines = comparison.lines.map(
    (line) =>
      `line ${line.line} (${line.description}): Shopify ${line.shopifyGross} incl. ${line.shopifyTax} VAT, BC ${line.bcGross} incl. ${line.bcTax} VAT`,
  );
  return (
    `Order ${orderName}: Business Central's totals differ from Shopify's by more than the ${comparison.tolerance} tolerance. ` +
    `Shopify ${comparison.shopify.total} incl. ${comparison.shopify.tax} VAT; BC ${comparison.bc.total} incl. ${comparison.bc.tax} VAT` +
    (lines.length > 0 ? `. Lines that differ: ${lines.join('; ')}.` : '.')
  );
}
