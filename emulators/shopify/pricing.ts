/**
 * Discounts, VAT and totals of an order, as Shopify's checkout works them out for a shop
 * whose prices include tax: line discounts first, then an order-level code spread across the
 * lines in proportion (largest remainder, so allocations add up exactly), then the VAT
 * contained in each discounted line. All arithmetic is decimal.
 */
import { Decimal, allocate, dec, formatMoney, roundMoney, sum } from '../shared/money.ts';
import type { AllocationRecord, DiscountApplicationRecord, OrderTotals, TaxLineRecord } from './records.ts';

export interface DraftTaxLine {
  title: string;
  rate: string;
  amount?: string;
  channelLiable?: boolean;
}

export interface PricedLineInput {
  unitPrice: string;
  quantity: number;
  taxable: boolean;
  /** Rate the checkout charges when it computes taxes. */
  vatRate: string | null;
  taxLines?: DraftTaxLine[];
  automaticDiscount?: { title: string; percentage: number };
  /** False for a gift card: Shopify applies no discount to gift cards. */
  discountable?: boolean;
}

export interface PricedShippingInput {
  price: string;
  taxLines?: DraftTaxLine[];
}

export type DraftDiscountCode =
  | { code: string; type: 'fixed_amount'; amount: string }
  | { code: string; type: 'percentage'; percentage: number }
  | { code: string; type: 'free_shipping' };

export interface PricingInput {
  currency: string;
  taxesIncluded: boolean;
  computeTaxes: boolean;
  lines: PricedLineInput[];
  shippingLines: PricedShippingInput[];
  discountCode?: DraftDiscountCode;
  orderTaxLines?: DraftTaxLine[];
  /** UK VAT on shipping, charged when the checkout computes taxes. */
  shippingVatRate?: string;
}

export interface PricingResult {
  lines: { allocations: AllocationRecord[]; taxLines: TaxLineRecord[] }[];
  shippingLines: { allocations: AllocationRecord[]; taxLines: TaxLineRecord[] }[];
  applications: DiscountApplicationRecord[];
  taxLines: TaxLineRecord[];
  totals: Omit<OrderTotals, 'outstanding'>;
}

export function priceOrder(input: PricingInput): PricingResult {
  const money = (value: Parameters<typeof formatMoney>[0]) => formatMoney(value, input.currency);
  const applications: DiscountApplicationRecord[] = [];
  const lines = input.lines.map(() => ({ allocations: [] as AllocationRecord[], taxLines: [] as TaxLineRecord[] }));
  const shippingLines = input.shippingLines.map(() => ({ allocations: [] as AllocationRecord[], taxLines: [] as TaxLineRecord[] }));
  const gross = input.lines.map((line) => dec(line.unitPrice).times(line.quantity));

  input.lines.forEach((line, index) => {
    if (!line.automaticDiscount || line.discountable === false) return;
    const application: DiscountApplicationRecord = {
      index: applications.length,
      typename: 'AutomaticDiscountApplication',
      code: null,
      title: line.automaticDiscount.title,
      allocationMethod: 'EACH',
      targetSelection: 'ENTITLED',
      targetType: 'LINE_ITEM',
      value: { type: 'percentage', percentage: line.automaticDiscount.percentage },
    };
    applications.push(application);
    const amount = roundMoney(gross[index]!.times(line.automaticDiscount.percentage).dividedBy(100), input.currency);
    lines[index]!.allocations.push({ applicationIndex: application.index, amount: money(amount) });
  });
  const netOfLineDiscounts = () => gross.map((value, index) => value.minus(sum(lines[index]!.allocations.map((a) => a.amount))));

  const code = input.discountCode;
  if (code && code.type !== 'free_shipping') {
    // Spread over the lines it may lower only, so no line ever gets more than it costs.
    const net = netOfLineDiscounts().map((value, index) => (input.lines[index]!.discountable === false ? dec(0) : value));
    const base = sum(net);
    const wanted = code.type === 'fixed_amount' ? dec(code.amount) : base.times(code.percentage).dividedBy(100);
    const total = roundMoney(Decimal.min(wanted, base), input.currency);
    const application: DiscountApplicationRecord = {
      index: applications.length,
      typename: 'DiscountCodeApplication',
      code: code.code,
      title: code.code,
      allocationMethod: 'ACROSS',
      targetSelection: 'ALL',
      targetType: 'LINE_ITEM',
      value:
        code.type === 'fixed_amount'
          ? { type: 'fixed_amount', amount: money(code.amount) }
          : { type: 'percentage', percentage: code.percentage },
    };
    applications.push(application);
    allocate(total, net, input.currency).forEach((amount, index) => {
      if (!amount.isZero()) lines[index]!.allocations.push({ applicationIndex: application.index, amount: money(amount) });
    });
  } else if (code?.type === 'free_shipping') {
    const application: DiscountApplicationRecord = {
      index: applications.length,
      typename: 'DiscountCodeApplication',
      code: code.code,
      title: code.code,
      allocationMethod: 'EACH',
      targetSelection: 'ALL',
      targetType: 'SHIPPING_LINE',
      value: { type: 'percentage', percentage: 100 },
    };
    applications.push(application);
    input.shippingLines.forEach((line, index) => {
      if (!dec(line.price).isZero())
        shippingLines[index]!.allocations.push({ applicationIndex: application.index, amount: money(line.price) });
    });
  }

  const net = netOfLineDiscounts();
  input.lines.forEach((line, index) => {
    lines[index]!.taxLines = taxLinesFor(net[index]!, line.taxable, line.taxLines, input.computeTaxes ? line.vatRate : null, input);
  });
  const shippingNet = input.shippingLines.map((line, index) =>
    dec(line.price).minus(sum(shippingLines[index]!.allocations.map((a) => a.amount))),
  );
  input.shippingLines.forEach((line, index) => {
    const rate = input.computeTaxes ? (input.shippingVatRate ?? null) : null;
    shippingLines[index]!.taxLines = taxLinesFor(shippingNet[index]!, true, line.taxLines, rate, input);
  });

  const taxLines =
    input.orderTaxLines?.length && ![...lines, ...shippingLines].some((line) => line.taxLines.length)
      ? input.orderTaxLines.map((line) => toTaxLine(sum(net).plus(sum(shippingNet)), line, input))
      : mergeTaxLines(
          [...lines, ...shippingLines].flatMap((line) => line.taxLines),
          input.currency,
        );
  const subtotal = sum(net);
  const shipping = sum(shippingNet);
  const tax = sum(taxLines.map((line) => line.amount));
  const discounts = sum([...lines, ...shippingLines].flatMap((line) => line.allocations.map((a) => a.amount)));
  return {
    lines,
    shippingLines,
    applications,
    taxLines,
    totals: {
      lineItems: money(sum(gross)),
      subtotal: money(subtotal),
      discounts: money(discounts),
      shipping: money(shipping),
      tax: money(tax),
      total: money(input.taxesIncluded ? subtotal.plus(shipping) : subtotal.plus(shipping).plus(tax)),
    },
  };
}

function taxLinesFor(
  net: Decimal,
  taxable: boolean,
  given: DraftTaxLine[] | undefined,
  computedRate: string | null,
  input: PricingInput,
): TaxLineRecord[] {
  if (given?.length) return given.map((line) => toTaxLine(net, line, input));
  if (!taxable || computedRate === null || dec(computedRate).isZero()) return [];
  return [toTaxLine(net, { title: 'GB VAT', rate: computedRate }, input)];
}

/** The tax in an amount at a rate: contained in it when prices include tax, on top otherwise. */
function toTaxLine(net: Decimal, line: DraftTaxLine, input: PricingInput): TaxLineRecord {
  const rate = dec(line.rate);
  const amount =
    line.amount !== undefined ? dec(line.amount) : input.taxesIncluded ? net.times(rate).dividedBy(rate.plus(1)) : net.times(rate);
  return {
    title: line.title,
    rate: rate.toFixed(),
    amount: formatMoney(amount, input.currency),
    channelLiable: line.channelLiable ?? false,
  };
}

function mergeTaxLines(lines: TaxLineRecord[], currency: string): TaxLineRecord[] {
  const merged = new Map<string, TaxLineRecord>();
  for (const line of lines) {
    const key = `${line.title}|${line.rate}`;
    const existing = merged.get(key);
    merged.set(key, existing ? { ...existing, amount: formatMoney(dec(existing.amount).plus(line.amount), currency) } : { ...line });
  }
  return [...merged.values()];
}
