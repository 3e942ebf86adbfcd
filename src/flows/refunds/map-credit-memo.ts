/**
 * Pure mapping of a Shopify refund to a BC sales credit memo: returned units as item lines
 * at the return location, money-only refunds and order adjustments on G/L accounts, refunded
 * shipping on the shipping account. Units cancelled before BC invoiced the order are left
 * out: the order's own update takes them off the invoice.
 */
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ChannelRefund, ChannelRefundLine } from '../../core/domain/channel-refund.ts';
import type { SalesCreditMemoDraft, SalesOrderLineDraft } from '../../core/domain/erp.ts';
import type { Issue } from '../../core/issues.ts';
import { dec, formatMoney, sum } from '../../core/money.ts';
import type { ResolvedItem } from '../orders/lines.ts';

export interface CreditMemoContext {
  reference: string;
  customerNumber: string;
  pricesIncludeTax: boolean;
  /** BC's currency code when the refund's currency is not the company's (shared/currency.ts). */
  currencyCode?: string;
  /** The order's posted invoice the memo applies to, when there is one. */
  invoiceId: string | undefined;
  items: ReadonlyMap<string, ResolvedItem>;
  locationIdFor(line: ChannelRefundLine): string | undefined;
  accounts: { refund?: string; adjustment?: string; shipping?: string; giftCardLiability?: string; giftCardTaxCode?: string };
}

export interface PlannedCreditMemo {
  draft: SalesCreditMemoDraft;
  /** What the memo should total (VAT included): the money Shopify refunded for these lines. */
  expectedTotal: string;
  /** Lines left out because the order change handles them. */
  leftOut: string[];
}

export type CreditMemoPlan = { ok: true; plan: PlannedCreditMemo } | { ok: false; issues: Issue[] } | { ok: 'nothing'; reason: string };

function unitPrice(total: string, quantity: number): string {
  const value = dec(total).dividedBy(quantity).toDecimalPlaces(5);
  return value.decimalPlaces() <= 2 ? value.toFixed(2) : value.toString();
}

/** A refunded amount as the memo needs it: with VAT when the memo's prices include it. */
function amountFor(context: CreditMemoContext, order: ChannelOrder, subtotal: string, tax: string): string {
  if (order.taxesIncluded === context.pricesIncludeTax) return subtotal;
  return context.pricesIncludeTax ? dec(subtotal).plus(tax).toString() : dec(subtotal).minus(tax).toString();
}

export function planCreditMemo(refund: ChannelRefund, order: ChannelOrder, context: CreditMemoContext): CreditMemoPlan {
  const issues: Issue[] = [];
  const lines: SalesOrderLineDraft[] = [];
  const expected: string[] = [];
  const leftOut: string[] = [];
  const invoiced = context.invoiceId !== undefined;
  refund.lines.forEach((line, index) => {
    const orderLine = order.lines.find((candidate) => candidate.id === line.lineItemId);
    const title = orderLine?.title ?? line.sku ?? 'item';
    const gross = order.taxesIncluded ? line.subtotal : dec(line.subtotal).plus(line.tax).toString();
    if (line.restockType === 'CANCEL' && !invoiced) {
      leftOut.push(`${line.quantity} × ${title} (cancelled before invoicing)`);
      return;
    }
    expected.push(gross);
    const amount = amountFor(context, order, line.subtotal, line.tax);
    if (orderLine?.isGiftCard) {
      // A gift card refunded takes back the liability its sale booked, not refund revenue.
      if (!context.accounts.giftCardLiability)
        return issues.push({
          code: 'account_not_configured',
          path: 'flows.orders.giftCards.liabilityAccountNumber',
          message: `line ${index + 1} (${title}) refunds a gift card, but no gift-card liability account is configured`,
        });
      lines.push({
        lineType: 'Account',
        lineObjectNumber: context.accounts.giftCardLiability,
        description: `Gift card refunded: ${line.quantity} × ${title}`.slice(0, 100),
        quantity: '1',
        unitPrice: unitPrice(amount, 1),
        ...(context.accounts.giftCardTaxCode ? { taxCode: context.accounts.giftCardTaxCode } : {}),
      });
      return;
    }
    if (line.restockType === 'NO_RESTOCK') {
      if (!context.accounts.refund)
        return issues.push({
          code: 'account_not_configured',
          path: 'flows.refunds.refundAccountNumber',
          message: `line ${index + 1} (${title}) was refunded without a return, but no refund G/L account is configured`,
        });
      lines.push({
        lineType: 'Account',
        lineObjectNumber: context.accounts.refund,
        description: `Refund without return: ${line.quantity} × ${title}`.slice(0, 100),
        quantity: '1',
        unitPrice: unitPrice(amount, 1),
      });
      return;
    }
    const item = context.items.get(line.lineItemId);
    if (!item)
      return issues.push({
        code: 'refund_item_unknown',
        path: `lines[${index + 1}].sku`,
        message: `returned line ${index + 1} (${title}, SKU ${line.sku ?? 'none'}) matches no Business Central item`,
      });
    const locationId = context.locationIdFor(line);
    if (!locationId)
      return issues.push({
        code: 'refund_location_unmapped',
        path: `lines[${index + 1}].location`,
        message: `returned line ${index + 1} (${title}) was restocked at a Shopify location with no Business Central location`,
      });
    lines.push({
      lineType: 'Item',
      lineObjectNumber: item.itemNumber,
      ...(item.itemVariantId ? { itemVariantId: item.itemVariantId } : {}),
      locationId,
      description: `Returned: ${title}`.slice(0, 100),
      quantity: String(line.quantity),
      unitPrice: unitPrice(amount, line.quantity),
    });
  });
  for (const shipping of refund.shippingLines) {
    if (dec(shipping.subtotal).isZero()) continue;
    if (!context.accounts.shipping) {
      issues.push({
        code: 'account_not_configured',
        path: 'flows.orders.shipping.accountNumber',
        message: 'shipping was refunded but no shipping G/L account is configured',
      });
      continue;
    }
    expected.push(order.taxesIncluded ? shipping.subtotal : dec(shipping.subtotal).plus(shipping.tax).toString());
    lines.push({
      lineType: 'Account',
      lineObjectNumber: context.accounts.shipping,
      description: 'Shipping refunded',
      quantity: '1',
      unitPrice: unitPrice(amountFor(context, order, shipping.subtotal, shipping.tax), 1),
    });
  }
  for (const adjustment of refund.adjustments) {
    if (dec(adjustment.amount).isZero()) continue;
    const account = context.accounts.adjustment ?? context.accounts.refund;
    if (!account) {
      issues.push({
        code: 'account_not_configured',
        path: 'flows.refunds.adjustmentAccountNumber',
        message: 'the refund has an order adjustment but no adjustment G/L account is configured',
      });
      continue;
    }
    expected.push(order.taxesIncluded ? adjustment.amount : dec(adjustment.amount).plus(adjustment.tax).toString());
    lines.push({
      lineType: 'Account',
      lineObjectNumber: account,
      description: `Refund adjustment${adjustment.reason ? ` (${adjustment.reason.toLowerCase().replace(/_/g, ' ')})` : ''}`,
      quantity: '1',
      unitPrice: unitPrice(amountFor(context, order, adjustment.amount, adjustment.tax), 1),
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  if (lines.length === 0)
    return {
      ok: 'nothing',
      reason:
        leftOut.length > 0
          ? `everything refunded was cancelled before invoicing: ${leftOut.join(', ')}`
          : 'the refund moves no goods and no money',
    };
  return {
    ok: true,
    plan: {
      draft: {
        externalDocumentNumber: context.reference,
        customerNumber: context.customerNumber,
        creditMemoDate: (refund.processedAt ?? refund.createdAt ?? '').slice(0, 10),
        ...(context.currencyCode ? { currencyCode: context.currencyCode } : {}),
        pricesIncludeTax: context.pricesIncludeTax,
        ...(context.invoiceId ? { invoiceId: context.invoiceId } : {}),
        lines,
      },
      expectedTotal: formatMoney(sum(expected), refund.currency),
      leftOut,
    },
  };
}
