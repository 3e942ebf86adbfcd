/**
 * Pure planning of the draft credit memo for an inspected return: each returned line is
 * credited at the price the customer paid (the invoice's, else the order's), restocked to a
 * location or written off to an account according to its condition grade. The memo is a
 * draft: finance reviews and posts it.
 */
import type { GradeAction, ReturnsFlowConfig } from '../../config/warehouse-schema.ts';
import type { ErpSalesDocumentLine, SalesCreditMemoDraft, SalesOrderLineDraft } from '../../core/domain/erp.ts';
import type { ReturnGrade, WarehouseReturn } from '../../core/domain/warehouse.ts';
import type { Issue } from '../../core/issues.ts';
import { dec, formatMoney } from '../../core/money.ts';

/** A price source line: an invoice line, or the order line as sent to the warehouse. */
export interface PricedLine {
  sku: string;
  quantity: string;
  unitPrice: string;
  discountAmount: string;
  taxCode?: string;
}

export interface CreditMemoContext {
  reference: string;
  customerNumber: string;
  currencyCode: string;
  /** Blank for the local currency, as BC keeps it. */
  localCurrency: string;
  pricesIncludeTax: boolean;
  invoiceId?: string;
  priced: readonly PricedLine[];
  /** Units per SKU (upper case) earlier returns of the order have credited already. */
  alreadyCredited: ReadonlyMap<string, number>;
  grades: ReturnsFlowConfig['grades'];
  writeOffAccountNumber?: string;
  /** BC location code → id. */
  locationId(code: string): string | undefined;
  defaultLocationCode: string;
}

export interface PlannedCreditMemo {
  draft: SalesCreditMemoDraft;
  restocked: number;
  writtenOff: number;
}

export function pricedFromInvoiceLines(lines: readonly ErpSalesDocumentLine[]): PricedLine[] {
  return lines
    .filter((line) => line.lineType === 'Item')
    .map((line) => ({
      sku: line.lineObjectNumber,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discountAmount: line.discountAmount,
      ...(line.taxCode ? { taxCode: line.taxCode } : {}),
    }));
}

export function gradeActionOf(grade: ReturnGrade, grades: ReturnsFlowConfig['grades']): GradeAction {
  return grades[grade];
}

export function planReturnCreditMemo(ret: WarehouseReturn, context: CreditMemoContext): { plan?: PlannedCreditMemo; issues: Issue[] } {
  const issues: Issue[] = [];
  const lines: SalesOrderLineDraft[] = [];
  let restocked = 0;
  let writtenOff = 0;
  const left = new Map<string, number>();
  for (const line of context.priced)
    left.set(line.sku.toUpperCase(), (left.get(line.sku.toUpperCase()) ?? 0) + dec(line.quantity).toNumber());
  for (const [sku, quantity] of context.alreadyCredited) left.set(sku, (left.get(sku) ?? 0) - quantity);
  ret.lines.forEach((line, index) => {
    const path = `lines[${index + 1}]`;
    if (line.quantity <= 0) return;
    const sku = line.sku.trim().toUpperCase();
    const source = context.priced.find((candidate) => candidate.sku.toUpperCase() === sku);
    if (!source || (left.get(sku) ?? 0) < line.quantity) {
      issues.push({
        code: 'return_line_not_on_order',
        path: `${path}.sku`,
        message: `${line.quantity} × ${line.sku} came back, but the order has ${source ? `only ${left.get(sku) ?? 0} of it left to credit` : 'no such line'}`,
      });
      return;
    }
    left.set(sku, (left.get(sku) ?? 0) - line.quantity);
    const action = gradeActionOf(line.grade, context.grades);
    if (action.action === 'hold') {
      issues.push({
        code: 'return_needs_decision',
        path: `${path}.grade`,
        message: `${line.quantity} × ${line.sku} is ${line.grade === 'ungraded' ? 'ungraded' : `grade ${line.grade}`}${line.reason ? ` (${line.reason})` : ''}, which the hub does not credit by itself`,
      });
      return;
    }
    const perUnitDiscount = dec(source.discountAmount).dividedBy(dec(source.quantity));
    const discount = formatMoney(perUnitDiscount.times(line.quantity), context.currencyCode || context.localCurrency);
    const priced = {
      quantity: String(line.quantity),
      unitPrice: source.unitPrice,
      ...(dec(discount).isZero() ? {} : { discountAmount: discount }),
    };
    if (action.action === 'restock') {
      const code = action.locationCode ?? context.defaultLocationCode;
      const locationId = context.locationId(code);
      if (!locationId) {
        issues.push({
          code: 'bc_rejected',
          path: `${path}.location`,
          message: `location ${code} for restocked returns does not exist in Business Central`,
        });
        return;
      }
      lines.push({
        lineType: 'Item',
        lineObjectNumber: source.sku,
        locationId,
        description: `Return ${ret.id}: ${line.sku}, grade ${line.grade}, back to stock`.slice(0, 100),
        ...priced,
      });
      restocked += line.quantity;
    } else {
      const account = action.accountNumber ?? context.writeOffAccountNumber;
      if (!account) {
        issues.push({
          code: 'account_not_configured',
          path: 'flows.returns.writeOffAccountNumber',
          message: `${line.quantity} × ${line.sku} (grade ${line.grade}) is written off, but no write-off account is configured`,
        });
        return;
      }
      lines.push({
        lineType: 'Account',
        lineObjectNumber: account,
        description: `Return ${ret.id}: ${line.sku}, grade ${line.grade}, written off`.slice(0, 100),
        ...(source.taxCode ? { taxCode: source.taxCode } : {}),
        ...priced,
      });
      writtenOff += line.quantity;
    }
  });
  if (issues.length > 0) return { issues };
  if (lines.length === 0)
    return { issues: [{ code: 'return_line_not_on_order', path: 'lines', message: `return ${ret.id} has no lines to credit` }] };
  const currency = context.currencyCode && context.currencyCode !== context.localCurrency ? { currencyCode: context.currencyCode } : {};
  return {
    plan: {
      draft: {
        externalDocumentNumber: context.reference,
        customerNumber: context.customerNumber,
        pricesIncludeTax: context.pricesIncludeTax,
        ...currency,
        ...(context.invoiceId ? { invoiceId: context.invoiceId } : {}),
        lines,
      },
      restocked,
      writtenOff,
    },
    issues,
  };
}
