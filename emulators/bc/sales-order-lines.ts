/**
 * Sales document lines: what BC fills in from the item or G/L account, and the amounts it
 * computes for the whole document whenever a line or the header changes. Order lines also
 * carry what to ship and invoice next and what already was.
 */
import { Decimal, dec, roundMoney } from '../shared/money.ts';
import { BcHttpError, dialog, recordMissing } from './http-error.ts';
import { resolveRef, upperCodes, type EntityContext } from './entities.ts';
import type { Row } from './store.ts';
import { salesKinds, type SalesDocumentKind } from './sales-kinds.ts';
import { computeDocumentTax } from './tax.ts';

/** Fields BC derives from the line's item or account; re-derived when that changes. */
export const derivedLineFields = ['description', 'unitPrice', 'unitOfMeasureCode', 'unitOfMeasureId', 'taxCode', 'itemId', 'accountId'];

const unitPricePlaces = 5;

function priceInBasis(price: string, priceIncludesTax: boolean, headerIncludesTax: boolean, vatPercent: string): string {
  if (priceIncludesTax === headerIncludesTax) return price;
  const factor = dec(vatPercent).dividedBy(100).plus(1);
  const converted = headerIncludesTax ? dec(price).times(factor) : dec(price).dividedBy(factor);
  return converted.toDecimalPlaces(unitPricePlaces, Decimal.ROUND_HALF_UP).toFixed();
}

export function vatPercentFor(ctx: EntityContext, busGroup: string, taxCode: string): string {
  const percent = ctx.vat[busGroup]?.[taxCode];
  if (percent === undefined) {
    throw recordMissing('VAT Posting Setup', `VAT Bus. Posting Group='${busGroup}',VAT Prod. Posting Group='${taxCode}'`);
  }
  return percent;
}

/** Completes one line of `header` in place; throws the error BC would give. */
export function prepareLine(
  ctx: EntityContext,
  kind: SalesDocumentKind,
  header: Record<string, unknown>,
  line: Record<string, unknown>,
): void {
  upperCodes(line, ['lineObjectNumber', 'unitOfMeasureCode', 'taxCode']);
  const busGroup = String(header._vatBusGroup ?? 'DOMESTIC');
  const hasObject = Boolean(line.itemId || line.accountId || line.lineObjectNumber);
  const lineType = (line.lineType as string | undefined) ?? (hasObject ? (line.accountId ? 'Account' : 'Item') : 'Comment');
  line.lineType = lineType;
  if (lineType === 'Item') {
    const item = resolveRef(ctx, 'items', 'Item', { id: line.itemId, code: line.lineObjectNumber, codeField: 'number' });
    if (!item)
      throw new BcHttpError(
        400,
        'Application_FieldValidationException',
        'No. must have a value in Sales Line. It cannot be zero or empty.',
      );
    if (item.blocked === true) {
      throw new BcHttpError(
        400,
        'Application_FieldValidationException',
        `Blocked must be equal to 'No'  in Item: No.=${String(item.number)}. Current value is 'Yes'.`,
      );
    }
    const variant = resolveRef(ctx, 'itemVariants', 'Item Variant', { id: line.itemVariantId });
    if (variant && variant.itemId !== item.id)
      throw dialog(`The variant ${String(variant.code)} does not belong to item ${String(item.number)}.`);
    line.itemId = item.id;
    line.lineObjectNumber = item.number;
    line.description ??= item.displayName;
    line.unitOfMeasureCode ??= item.baseUnitOfMeasureCode;
    line.unitOfMeasureId ??= item.baseUnitOfMeasureId;
    line.taxCode ??= item.taxGroupCode;
    const vat = vatPercentFor(ctx, busGroup, String(line.taxCode));
    line.unitPrice ??= priceInBasis(String(item.unitPrice ?? '0'), item.priceIncludesTax === true, header.pricesIncludeTax === true, vat);
  } else if (lineType === 'Account') {
    const account = resolveRef(ctx, 'accounts', 'G/L Account', { id: line.accountId, code: line.lineObjectNumber, codeField: 'number' });
    if (!account)
      throw new BcHttpError(
        400,
        'Application_FieldValidationException',
        'No. must have a value in Sales Line. It cannot be zero or empty.',
      );
    if (account.blocked === true || account.accountType !== 'Posting' || account.directPosting !== true) {
      throw dialog(
        `G/L Account ${String(account.number)} cannot be used on a sales line: it must be an unblocked posting account with Direct Posting.`,
      );
    }
    line.accountId = account.id;
    line.lineObjectNumber = account.number;
    line.description ??= account.displayName;
    line.taxCode ??= account._vatProdGroup ?? 'STANDARD';
    line.unitPrice ??= '0';
  } else if (lineType === 'Comment') {
    line.lineObjectNumber ??= '';
    line.quantity = '0';
    line.unitPrice = '0';
  } else {
    throw dialog(`Line type '${lineType}' is not supported by the LedgerBridge BC emulator.`);
  }
  resolveRef(ctx, 'locations', 'Location', { id: line.locationId });
  line.quantity ??= '0';
  line.taxPercent = lineType === 'Comment' ? '0' : vatPercentFor(ctx, busGroup, String(line.taxCode));
  const gross = roundMoney(dec(String(line.quantity)).times(dec(String(line.unitPrice))), String(header.currencyCode));
  if (line.discountPercent !== undefined && line.discountAmount === undefined) {
    line.discountAmount = roundMoney(gross.times(dec(String(line.discountPercent))).dividedBy(100), String(header.currencyCode)).toFixed();
  }
  line.discountAmount ??= '0';
  if (dec(String(line.discountAmount)).abs().greaterThan(gross.abs()))
    throw dialog(`Line Discount Amount must not exceed the line amount ${gross.toFixed()}.`);
  line.discountPercent = gross.isZero() ? '0' : dec(String(line.discountAmount)).dividedBy(gross).times(100).toDecimalPlaces(5).toFixed();
  line.shipmentDate ??= header[kind.dateField];
  line.discountAppliedBeforeTax = false;
  if (kind.tracksShipping) prepareQuantitiesToPost(line);
}

/**
 * BC's InitQtyToShip / InitQtyToInvoice: ship what is outstanding, invoice what is shipped
 * and not yet invoiced plus what ships next. Explicit values are checked against what is left.
 * The checks are sign-aware as in the Sales Line table's Quantity, Qty. to Ship (CanShipQty)
 * and Qty. to Invoice validations: a negative quantity is allowed on an order (nothing shipped
 * yet); what is refused is a quantity of the opposite sign to, or smaller than, what has shipped.
 */
function prepareQuantitiesToPost(line: Record<string, unknown>): void {
  const quantity = dec(String(line.quantity));
  const shipped = dec(String(line.shippedQuantity ?? '0'));
  const invoiced = dec(String(line.invoicedQuantity ?? '0'));
  if (quantity.times(shipped).lessThan(0) || quantity.abs().lessThan(shipped.abs()))
    throw dialog(`Quantity must not be less than ${shipped.toFixed()} units already shipped.`);
  line.shippedQuantity = shipped.toFixed();
  line.invoicedQuantity = invoiced.toFixed();
  if (line.lineType === 'Comment') {
    Object.assign(line, { shipQuantity: '0', invoiceQuantity: '0' });
    return;
  }
  const outstanding = quantity.minus(shipped);
  line.shipQuantity ??= outstanding.toFixed();
  const toShip = dec(String(line.shipQuantity));
  if (oppositeSigns(toShip, quantity) || toShip.abs().greaterThan(outstanding.abs())) {
    throw dialog(`You cannot ship more than ${outstanding.toFixed()} units.`);
  }
  line.invoiceQuantity ??= shipped.plus(toShip).minus(invoiced).toFixed();
  const toInvoice = dec(String(line.invoiceQuantity));
  if (oppositeSigns(toInvoice, quantity) || toInvoice.abs().greaterThan(quantity.minus(invoiced).abs())) {
    throw dialog(`You cannot invoice more than ${quantity.minus(invoiced).toFixed()} units.`);
  }
}

// lessThan, not isNegative: decimal.js counts -0 as negative.
const oppositeSigns = (a: Decimal, b: Decimal) => a.times(b).lessThan(0);

/** Recomputes every line's amounts and the header totals, in line order. */
export function recalculate(
  header: Record<string, unknown>,
  lines: Record<string, unknown>[],
  kind: SalesDocumentKind = salesKinds.order,
): void {
  const ordered = [...lines].sort((a, b) => Number(a.sequence) - Number(b.sequence));
  const currency = String(header.currencyCode);
  const results = computeDocumentTax(
    ordered.map((line) => ({
      quantity: String(line.quantity),
      unitPrice: String(line.unitPrice),
      discountAmount: String(line.discountAmount),
      taxCode: String(line.taxCode ?? ''),
      vatPercent: String(line.taxPercent ?? '0'),
    })),
    header.pricesIncludeTax === true,
    currency,
  );
  let excl = new Decimal(0);
  let tax = new Decimal(0);
  ordered.forEach((line, index) => {
    const result = results[index]!;
    Object.assign(line, {
      amountExcludingTax: result.amountExcludingTax,
      totalTaxAmount: result.totalTaxAmount,
      amountIncludingTax: result.amountIncludingTax,
      netAmount: result.amountExcludingTax,
      netTaxAmount: result.totalTaxAmount,
      netAmountIncludingTax: result.amountIncludingTax,
      invoiceDiscountAllocation: '0',
    });
    excl = excl.plus(result.amountExcludingTax);
    tax = tax.plus(result.totalTaxAmount);
  });
  header.totalAmountExcludingTax = excl.toFixed();
  header.totalTaxAmount = tax.toFixed();
  header.totalAmountIncludingTax = excl.plus(tax).toFixed();
  if (!kind.tracksShipping) return;
  const shippable = ordered.filter((line) => line.lineType !== 'Comment');
  header.fullyShipped =
    shippable.length > 0 && shippable.every((line) => dec(String(line.shippedQuantity)).greaterThanOrEqualTo(dec(String(line.quantity))));
}

export function nextSequence(lines: Row[] | Record<string, unknown>[]): number {
  return lines.reduce((max, line) => Math.max(max, Number(line.sequence ?? 0)), 0) + 10_000;
}
