/**
 * Pure checks that decide whether an order can become a BC sales order. They return issues
 * rather than throwing, so every problem of an order is reported in one go.
 */
import type { ChannelOrder, ChannelOrderLine } from '../../core/domain/channel-order.js';
import type { ErpItem } from '../../core/domain/erp.js';
import type { Issue } from '../../core/issues.js';

/** Lines that still exist on the order (edits can remove lines or reduce them to zero). */
export function activeLines(order: ChannelOrder): { line: ChannelOrderLine; index: number }[] {
  return order.lines.map((line, index) => ({ line, index })).filter(({ line }) => line.currentQuantity > 0);
}

export function describeLine(line: ChannelOrderLine): string {
  return line.variantTitle ? `${line.title} – ${line.variantTitle}` : line.title;
}

/** The SKUs to look up in BC: each distinct, non-empty SKU of an active line. */
export function skusToResolve(order: ChannelOrder): string[] {
  return [...new Set(activeLines(order).map(({ line }) => line.sku?.trim()).filter((sku): sku is string => Boolean(sku)))];
}

export function validateOrderItems(order: ChannelOrder, items: ReadonlyMap<string, ErpItem | undefined>): Issue[] {
  const issues: Issue[] = [];
  for (const { line, index } of activeLines(order)) {
    const sku = line.sku?.trim();
    const path = `lineItems[${index}].sku`;
    if (!sku) {
      issues.push({ code: 'missing_sku', path, message: `line ${index + 1} (${describeLine(line)}) has no SKU` });
    } else if (!items.get(sku)) {
      issues.push({ code: 'unknown_sku', path, message: `line ${index + 1} (${describeLine(line)}) has SKU ${sku}, which Business Central does not know` });
    } else if (items.get(sku)?.blocked) {
      issues.push({ code: 'unknown_sku', path, message: `line ${index + 1} (${describeLine(line)}) has SKU ${sku}, which is blocked in Business Central` });
    }
  }
  return issues;
}
