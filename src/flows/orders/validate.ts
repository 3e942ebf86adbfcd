/**
 * Pure checks that decide whether an order can become a BC sales order. They return issues
 * rather than throwing, so every problem of an order is reported in one go.
 */
import type { ChannelOrder, ChannelOrderLine } from '../../core/domain/channel-order.ts';
import type { Issue } from '../../core/issues.ts';

/**
 * The units the BC sales order carries for a line: what is left after edits and
 * cancellations. Units refunded otherwise (a return, a refund without restock) stay on the
 * order; the refunds flow credits them with a memo, so counting them out here would take
 * them off twice.
 */
export function orderedQuantity(line: ChannelOrderLine): number {
  return line.currentQuantity + (line.creditedQuantity ?? 0);
}

/** Lines that still exist on the order (edits can remove lines or reduce them to zero). */
export function activeLines(order: ChannelOrder): { line: ChannelOrderLine; index: number }[] {
  return order.lines.map((line, index) => ({ line, index })).filter(({ line }) => orderedQuantity(line) > 0);
}

export function describeLine(line: ChannelOrderLine): string {
  return line.variantTitle ? `${line.title} – ${line.variantTitle}` : line.title;
}

/** Every line that needs an item must have one, and not a blocked one; gift cards sold are not items. */
export function validateOrderItems(order: ChannelOrder, items: ReadonlyMap<string, { blocked: boolean } | undefined>): Issue[] {
  const issues: Issue[] = [];
  for (const { line, index } of activeLines(order)) {
    if (line.isGiftCard) continue;
    const sku = line.sku?.trim();
    const path = `lines[${index + 1}].sku`;
    const match = items.get(line.id);
    if (match?.blocked) {
      issues.push({
        code: 'unknown_sku',
        path,
        message: `line ${index + 1} (${describeLine(line)}) has SKU ${sku}, whose item is blocked in Business Central`,
      });
    } else if (match) {
      continue;
    } else if (!sku && !line.barcode) {
      issues.push({ code: 'missing_sku', path, message: `line ${index + 1} (${describeLine(line)}) has no SKU` });
    } else {
      issues.push({
        code: 'unknown_sku',
        path,
        message: `line ${index + 1} (${describeLine(line)}) has SKU ${sku ?? '(none)'}${line.barcode ? ` and barcode ${line.barcode}` : ''}, which Business Central does not know`,
      });
    }
  }
  return issues;
}
