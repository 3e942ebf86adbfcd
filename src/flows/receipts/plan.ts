/**
 * Pure planning for inbound goods: which purchase lines a warehouse ASN announces, and what
 * BC receives once the warehouse books goods in. BC receives what arrived up to what was
 * ordered; more, less or other goods are explained as variances, never forced into BC.
 */
import type { ErpPurchaseOrder, ErpPurchaseOrderLine } from '../../core/domain/erp.ts';
import type { WarehouseAsn, WarehouseAsnDraft } from '../../core/domain/warehouse.ts';
import type { Issue } from '../../core/issues.ts';
import { dec } from '../../core/money.ts';
import type { AsnSnapshot } from './deps.ts';

const outstanding = (line: ErpPurchaseOrderLine) => dec(line.quantity).minus(dec(line.receivedQuantity));

export function planAsn(
  order: ErpPurchaseOrder,
  context: { locationCodes: ReadonlyMap<string, string>; warehouseLocation: string; today: string },
): { draft: WarehouseAsnDraft | null; snapshot: AsnSnapshot; issues: Issue[] } {
  const issues: Issue[] = [];
  const lines: WarehouseAsnDraft['lines'] = [];
  const snapshot: AsnSnapshot = { lines: [] };
  for (const line of order.lines ?? []) {
    if (line.lineType !== 'Item') continue;
    const location = line.locationId ? context.locationCodes.get(line.locationId) : undefined;
    if (location?.toUpperCase() !== context.warehouseLocation.toUpperCase()) continue;
    const open = outstanding(line);
    if (open.lessThanOrEqualTo(0)) continue;
    if (line.itemVariantId) {
      issues.push({
        code: 'purchase_order_invalid',
        path: `lines[${line.sequence}]`,
        message: `line ${line.sequence} (${line.lineObjectNumber}) is an item variant; the warehouse knows items by SKU only`,
      });
      continue;
    }
    if (!open.isInteger()) {
      issues.push({
        code: 'purchase_order_invalid',
        path: `lines[${line.sequence}].quantity`,
        message: `line ${line.sequence} (${line.lineObjectNumber}) has ${open.toFixed()} to receive; the warehouse counts whole units`,
      });
      continue;
    }
    lines.push({ lineRef: line.id, sku: line.lineObjectNumber, quantity: open.toNumber() });
    snapshot.lines.push({
      lineId: line.id,
      sku: line.lineObjectNumber,
      expected: open.toNumber(),
      receivedBefore: dec(line.receivedQuantity).toNumber(),
    });
  }
  if (issues.length > 0 || lines.length === 0) return { draft: null, snapshot, issues };
  const dates = (order.lines ?? [])
    .map((line) => line.expectedReceiptDate)
    .filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && date > '0001-01-01')
    .sort();
  return {
    draft: {
      reference: order.number,
      supplier: order.vendorName || order.vendorNumber,
      expectedDate: dates[0] ?? context.today,
      comments: `Purchase order ${order.number}`,
      lines,
    },
    snapshot,
    issues,
  };
}

export interface Variance {
  sku: string;
  expected: number;
  received: number;
}

export interface ReceiptPlan {
  receive: { lineId: string; quantity: string }[];
  over: Variance[];
  under: Variance[];
  unexpected: { sku: string; received: number }[];
}

/**
 * What BC must receive now so that each purchase line shows what the warehouse booked in
 * (capped at what the ASN expected): the target is the line's receipts before the ASN plus
 * the accepted count, and only the difference to BC's current figure is received — so
 * reading the same booking again receives nothing twice.
 */
export function planReceipt(asn: WarehouseAsn, order: ErpPurchaseOrder, snapshot: AsnSnapshot): ReceiptPlan {
  const plan: ReceiptPlan = { receive: [], over: [], under: [], unexpected: [] };
  const closed = asn.status === 'received' || asn.status === 'cancelled';
  const used = new Set<string>();
  for (const line of asn.lines) {
    const expectedLine =
      snapshot.lines.find((candidate) => candidate.lineId === line.lineRef && !used.has(candidate.lineId)) ??
      snapshot.lines.find((candidate) => candidate.sku.toUpperCase() === line.sku.toUpperCase() && !used.has(candidate.lineId));
    if (!expectedLine) {
      if (line.received > 0) plan.unexpected.push({ sku: line.sku, received: line.received });
      continue;
    }
    used.add(expectedLine.lineId);
    const poLine = (order.lines ?? []).find((candidate) => candidate.id === expectedLine.lineId);
    if (!poLine) continue;
    const accepted = Math.min(line.received, expectedLine.expected);
    const delta = dec(expectedLine.receivedBefore + accepted).minus(dec(poLine.receivedQuantity));
    const room = outstanding(poLine);
    const receive = delta.greaterThan(room) ? room : delta;
    if (receive.greaterThan(0)) plan.receive.push({ lineId: poLine.id, quantity: receive.toFixed() });
    if (line.received > expectedLine.expected) plan.over.push({ sku: line.sku, expected: expectedLine.expected, received: line.received });
    else if (closed && line.received < expectedLine.expected)
      plan.under.push({ sku: line.sku, expected: expectedLine.expected, received: line.received });
  }
  return plan;
}

/** Units booked in over the whole ASN: a booking event that changes nothing has the same total. */
export function totalReceived(asn: Pick<WarehouseAsn, 'lines'>): number {
  return asn.lines.reduce((sum, line) => sum + line.received, 0);
}
