/**
 * Pure construction of the BC sales order lines: item lines with variant and location,
 * discounts exactly as Shopify allocated them, gift-card redemptions spread as a discount
 * (line-discount policy), gift cards sold on the liability account, shipping on a G/L
 * account or item charge, and prices with or without VAT. Every line remembers which
 * Shopify line it came from, for the tax comparison and later updates.
 */
import type { OrderMappings } from '../../config/orders-schema.ts';
import type { ChannelOrder, ChannelOrderLine, TaxLine } from '../../core/domain/channel-order.ts';
import type { SalesOrderLineDraft } from '../../core/domain/erp.ts';
import { allocate, dec, formatMoney, roundMoney, sum, type Decimal } from '../../core/money.ts';
import { activeLines, describeLine, orderedQuantity } from './validate.ts';

export interface ResolvedItem {
  itemNumber: string;
  itemVariantId?: string;
}

export interface LineContext {
  mappings: Pick<OrderMappings, 'shipping' | 'giftCards' | 'tips'>;
  /** Whether the BC order carries VAT-inclusive prices. */
  pricesIncludeTax: boolean;
  /** Per Shopify line item id. */
  items: ReadonlyMap<string, ResolvedItem>;
  /** BC location id for a Shopify line item, from its fulfilment order's location. */
  locationIdFor(lineItemId: string): string | undefined;
  /** Gift-card money to spread over the lines as a discount (line-discount policy), else 0. */
  giftCardDiscount: Decimal;
  /**
   * VAT Shopify collected for another tax authority (EU VAT under IOSS): lines go to BC net
   * of it (the order must then be priced without VAT) and it goes to this account instead.
   */
  collectedVat?: { accountNumber: string; taxCode?: string; description: string };
}

export interface PlannedLine {
  draft: SalesOrderLineDraft;
  /** The Shopify line item id, or `shipping:<n>`. */
  source: string;
  /** What Shopify charged for this line after every discount, VAT included. */
  expectedGross: Decimal;
  /** The VAT in that amount by Shopify's rates. */
  expectedTax: Decimal;
}

interface Chargeable {
  source: string;
  gross: Decimal;
  tax: Decimal;
  build(discountOnTop: Decimal, gross: Decimal, tax: Decimal): PlannedLine;
}

export function planSalesOrderLines(order: ChannelOrder, context: LineContext): PlannedLine[] {
  const currency = order.currency;
  const chargeables: Chargeable[] = [];
  for (const { line } of activeLines(order))
    chargeables.push(line.isGiftCard ? giftCardSale(order, line, context) : itemLine(order, line, context));
  order.shippingLines.forEach((shipping, index) => {
    const gross = grossOf(order, dec(shipping.discountedPrice), shipping.taxLines);
    if (gross.isZero()) return;
    chargeables.push(shippingLine(order, index, gross, taxOf(shipping.taxLines), context));
  });
  const tip = dec(order.totals.tip ?? '0');
  if (tip.greaterThan(0)) chargeables.push(tipLine(order, tip, context));
  // Gift-card redemptions lower every payable line in proportion; gift cards sold and tips are not discounted.
  const discountable = chargeables.filter((item) => !item.source.startsWith('gift-card-sale:') && item.source !== 'tip');
  const shares = allocate(
    context.giftCardDiscount,
    discountable.map((item) => item.gross),
    currency,
  );
  const planned = chargeables.map((item) => {
    const index = discountable.indexOf(item);
    const share = index >= 0 ? shares[index]! : dec(0);
    const gross = item.gross.minus(share);
    const tax = item.gross.isZero() ? dec(0) : item.tax.times(gross).dividedBy(item.gross);
    return item.build(share, gross, tax);
  });
  return context.collectedVat ? moveCollectedVat(planned, context.collectedVat, currency) : planned;
}

/** The collected VAT leaves each line (BC charges none on it) and becomes one line of its own. */
function moveCollectedVat(planned: PlannedLine[], account: NonNullable<LineContext['collectedVat']>, currency: string): PlannedLine[] {
  const collected = roundMoney(sum(planned.map((line) => line.expectedTax)), currency);
  if (collected.isZero()) return planned;
  const net = planned.map((line) => ({ ...line, expectedGross: line.expectedGross.minus(line.expectedTax), expectedTax: dec(0) }));
  return [
    ...net,
    {
      source: 'collected-vat',
      expectedGross: collected,
      expectedTax: dec(0),
      draft: {
        lineType: 'Account',
        lineObjectNumber: account.accountNumber,
        description: account.description.slice(0, 100),
        quantity: '1',
        unitPrice: collected.toFixed(2),
        ...(account.taxCode ? { taxCode: account.taxCode } : {}),
      },
    },
  ];
}

function taxOf(taxLines: TaxLine[]): Decimal {
  return sum(taxLines.map((tax) => tax.amount));
}

function rateOf(taxLines: TaxLine[]): Decimal {
  return sum(taxLines.map((tax) => tax.rate));
}

/** The line's amount with VAT, whatever way the shop shows prices. */
function grossOf(order: ChannelOrder, net: Decimal, taxLines: TaxLine[]): Decimal {
  return order.taxesIncluded ? net : net.plus(taxOf(taxLines));
}

/** A VAT-inclusive amount as BC needs it: unchanged, or without VAT for an excl.-VAT order. */
function priceFor(context: LineContext, order: ChannelOrder, amount: Decimal, rate: Decimal): Decimal {
  if (context.pricesIncludeTax === order.taxesIncluded) return amount;
  return context.pricesIncludeTax ? amount.times(rate.plus(1)) : amount.dividedBy(rate.plus(1));
}

function itemLine(order: ChannelOrder, line: ChannelOrderLine, context: LineContext): Chargeable {
  const item = context.items.get(line.id)!;
  const quantity = orderedQuantity(line);
  // A line reduced by an edit keeps the discount of the units that remain.
  const discount = quantity === line.quantity ? dec(line.totalDiscount) : dec(line.totalDiscount).times(quantity).dividedBy(line.quantity);
  const listNet = dec(line.unitPrice).times(quantity).minus(discount);
  const shopifyTax = taxOf(line.taxLines).times(quantity).dividedBy(line.quantity);
  const gross = order.taxesIncluded ? listNet : listNet.plus(shopifyTax);
  const rate = rateOf(line.taxLines);
  const locationId = context.locationIdFor(line.id);
  return {
    source: line.id,
    gross,
    tax: shopifyTax,
    build: (extra, finalGross, finalTax) => {
      const lineDiscount = discount.plus(order.taxesIncluded ? extra : extra.dividedBy(rate.plus(1)));
      return {
        source: line.id,
        expectedGross: finalGross,
        expectedTax: finalTax,
        draft: {
          lineType: 'Item',
          lineObjectNumber: item.itemNumber,
          ...(item.itemVariantId ? { itemVariantId: item.itemVariantId } : {}),
          ...(locationId ? { locationId } : {}),
          description: describeLine(line).slice(0, 100),
          quantity: String(quantity),
          unitPrice: unitPrice(priceFor(context, order, dec(line.unitPrice), rate)),
          ...(lineDiscount.isZero() ? {} : { discountAmount: formatMoney(priceFor(context, order, lineDiscount, rate), order.currency) }),
        },
      };
    },
  };
}

function giftCardSale(order: ChannelOrder, line: ChannelOrderLine, context: LineContext): Chargeable {
  const gross = dec(line.unitPrice).times(orderedQuantity(line)).minus(dec(line.totalDiscount));
  const { liabilityAccountNumber, taxCode } = context.mappings.giftCards;
  return {
    source: `gift-card-sale:${line.id}`,
    gross,
    tax: dec(0),
    build: () => ({
      source: line.id,
      expectedGross: gross,
      expectedTax: dec(0),
      draft: {
        lineType: 'Account',
        lineObjectNumber: liabilityAccountNumber!,
        description: `Gift card sold: ${describeLine(line)}`.slice(0, 100),
        quantity: String(orderedQuantity(line)),
        unitPrice: unitPrice(dec(line.unitPrice)),
        ...(taxCode ? { taxCode } : {}),
        ...(dec(line.totalDiscount).isZero() ? {} : { discountAmount: formatMoney(line.totalDiscount, order.currency) }),
      },
    }),
  };
}

/** A tip: one line on the configured account, no VAT, so BC's total is what the buyer paid. */
function tipLine(order: ChannelOrder, tip: Decimal, context: LineContext): Chargeable {
  const { accountNumber, taxCode, description } = context.mappings.tips;
  const build = (): PlannedLine => ({
    source: 'tip',
    expectedGross: tip,
    expectedTax: dec(0),
    draft: {
      lineType: 'Account',
      lineObjectNumber: accountNumber!,
      description,
      quantity: '1',
      unitPrice: formatMoney(tip, order.currency),
      ...(taxCode ? { taxCode } : {}),
    },
  });
  return { source: 'tip', gross: tip, tax: dec(0), build };
}

function shippingLine(order: ChannelOrder, index: number, gross: Decimal, tax: Decimal, context: LineContext): Chargeable {
  const shipping = order.shippingLines[index]!;
  const { accountNumber, description } = context.mappings.shipping;
  const rate = rateOf(shipping.taxLines);
  const listPrice = order.taxesIncluded ? dec(shipping.discountedPrice) : dec(shipping.discountedPrice).plus(taxOf(shipping.taxLines));
  return {
    source: `shipping:${index}`,
    gross,
    tax,
    build: (extra, finalGross, finalTax) => ({
      source: `shipping:${index}`,
      expectedGross: finalGross,
      expectedTax: finalTax,
      draft: {
        lineType: 'Account',
        lineObjectNumber: accountNumber!,
        description: `${description}: ${shipping.title}`.slice(0, 100),
        quantity: '1',
        unitPrice: unitPrice(priceFor(context, order, context.pricesIncludeTax ? listPrice : dec(shipping.discountedPrice), rate)),
        ...(extra.isZero()
          ? {}
          : { discountAmount: formatMoney(context.pricesIncludeTax ? extra : extra.dividedBy(rate.plus(1)), order.currency) }),
      },
    }),
  };
}

/** BC keeps unit prices to five decimals; an excl.-VAT conversion needs them to land on the penny. */
function unitPrice(value: Decimal): string {
  const fixed = value.toDecimalPlaces(5);
  return fixed.decimalPlaces() <= 2 ? fixed.toFixed(2) : fixed.toString();
}
