/**
 * Pure planning of the three steps of a shipment: which BC order lines ship and how many,
 * whether (and what) to invoice, and which Shopify fulfilment-order lines to fulfil. Plus
 * the checks that settle doubt after a crash: did BC or Shopify already take this shipment?
 */
import { erpTrackingNumberMaxLength } from '../../core/domain/erp.ts';
import type { FulfillmentRequest, FulfillmentTracking } from '../../core/domain/channel-fulfillment.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import type { ErpSalesOrderLine, ErpSalesShipment, SalesOrderLinePatch } from '../../core/domain/erp.ts';
import type { WarehouseShipment, WarehouseShipmentLine } from '../../core/domain/warehouse.ts';
import type { Issue } from '../../core/issues.ts';
import { dec } from '../../core/money.ts';

const sameSku = (a: string | null | undefined, b: string) => (a ?? '').trim().toUpperCase() === b.trim().toUpperCase();
const outstanding = (line: ErpSalesOrderLine) => dec(line.quantity).minus(dec(line.shippedQuantity ?? '0'));

export interface BcShipmentPlan {
  lines: { lineId: string; quantity: string }[];
  issues: Issue[];
}

/**
 * The BC lines a warehouse shipment ships: each SKU's units spread over the order's open
 * lines of that item, in line order. Lines the warehouse never ships (shipping charges, other
 * non-item lines, non-stock items) go with the first shipment, so the order can be invoiced.
 */
export function planBcShipment(
  shipped: readonly WarehouseShipmentLine[],
  lines: readonly ErpSalesOrderLine[],
  options: { nonStockItems: ReadonlySet<string>; firstShipment: boolean },
): BcShipmentPlan {
  const issues: Issue[] = [];
  const planned = new Map<string, ReturnType<typeof dec>>();
  const itemLines = lines.filter((line) => line.lineType === 'Item' && !options.nonStockItems.has(line.lineObjectNumber.toUpperCase()));
  for (const { sku, quantity } of shipped) {
    let left = dec(quantity);
    for (const line of itemLines.filter((candidate) => sameSku(candidate.lineObjectNumber, sku))) {
      const free = outstanding(line).minus(planned.get(line.id) ?? 0);
      if (left.isZero() || free.lessThanOrEqualTo(0)) continue;
      const take = free.lessThan(left) ? free : left;
      planned.set(line.id, (planned.get(line.id) ?? dec(0)).plus(take));
      left = left.minus(take);
    }
    if (!left.isZero()) {
      const known = itemLines.some((line) => sameSku(line.lineObjectNumber, sku));
      issues.push({
        code: 'shipment_mismatch',
        path: `lines.${sku}`,
        message: known
          ? `${quantity} × ${sku} shipped, but the BC order has only ${dec(quantity).minus(left).toFixed()} of it open`
          : `${quantity} × ${sku} shipped, but the BC order has no line for ${sku}`,
      });
    }
  }
  if (options.firstShipment) {
    for (const line of lines) {
      const alongside =
        line.lineType !== 'Comment' && (line.lineType !== 'Item' || options.nonStockItems.has(line.lineObjectNumber.toUpperCase()));
      if (alongside && outstanding(line).greaterThan(0)) planned.set(line.id, outstanding(line));
    }
  }
  return { lines: [...planned].map(([lineId, quantity]) => ({ lineId, quantity: quantity.toFixed() })), issues };
}

/** Every line that counts has shipped completely. */
export function isFullyShipped(lines: readonly ErpSalesOrderLine[]): boolean {
  return lines.filter((line) => line.lineType !== 'Comment').every((line) => outstanding(line).lessThanOrEqualTo(0));
}

/** Shipped but not yet invoiced, on any line. */
export function hasUninvoiced(lines: readonly ErpSalesOrderLine[]): boolean {
  return lines.some(
    (line) => line.lineType !== 'Comment' && dec(line.shippedQuantity ?? '0').greaterThan(dec(line.invoicedQuantity ?? '0')),
  );
}

/** The line changes that make the next posting invoice exactly what has shipped, and ship nothing. */
export function invoiceLinePatches(lines: readonly ErpSalesOrderLine[]): { lineId: string; etag: string; patch: SalesOrderLinePatch }[] {
  const patches: { lineId: string; etag: string; patch: SalesOrderLinePatch }[] = [];
  for (const line of lines.filter((candidate) => candidate.lineType !== 'Comment')) {
    const invoice = dec(line.shippedQuantity ?? '0').minus(dec(line.invoicedQuantity ?? '0'));
    const patch: SalesOrderLinePatch = {};
    if (!dec(line.shipQuantity ?? '0').isZero()) patch.shipQuantity = '0';
    if (!dec(line.invoiceQuantity ?? '0').equals(invoice)) patch.invoiceQuantity = invoice.toFixed();
    if (Object.keys(patch).length > 0) patches.push({ lineId: line.id, etag: line.etag ?? '*', patch });
  }
  return patches;
}

/** A posted BC shipment carries exactly this warehouse shipment's units (item lines by SKU). */
export function bcShipmentMatches(bcShipment: ErpSalesShipment, shipped: readonly WarehouseShipmentLine[]): boolean {
  const lines = bcShipment.lines ?? [];
  return shipped.every(({ sku, quantity }) => {
    const total = lines.filter((line) => sameSku(line.lineObjectNumber, sku)).reduce((sum, line) => sum.plus(dec(line.quantity)), dec(0));
    return total.equals(quantity);
  });
}

/** Units per SKU (upper case) over shipments: what the hub already booked in a system. */
export function unitsBySku(shipments: readonly { lines: readonly WarehouseShipmentLine[] }[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const shipment of shipments)
    for (const line of shipment.lines) totals.set(line.sku.toUpperCase(), (totals.get(line.sku.toUpperCase()) ?? 0) + line.quantity);
  return totals;
}

/** True when `done` already covers what the hub booked before plus this shipment, for each of its SKUs. */
export function alreadyCovered(
  done: ReadonlyMap<string, number>,
  before: ReadonlyMap<string, number>,
  shipped: readonly WarehouseShipmentLine[],
): boolean {
  const wanted = unitsBySku([{ lines: shipped }]);
  return [...wanted].every(([sku, quantity]) => (done.get(sku) ?? 0) >= (before.get(sku) ?? 0) + quantity);
}

export interface FulfilmentPlan {
  requests: FulfillmentRequest[];
  issues: Issue[];
}

const fulfillable = new Set(['OPEN', 'IN_PROGRESS']);

function skuOfLine(order: ChannelOrder, line: ChannelOrder['fulfillmentOrders'][number]['lines'][number]): string {
  return (line.sku ?? order.lines.find((candidate) => candidate.id === line.lineItemId)?.sku ?? '').trim().toUpperCase();
}

/**
 * The Shopify fulfilments for one warehouse shipment: its units spread over the open
 * fulfilment-order lines of each SKU, the warehouse's own location first. One request per
 * fulfilment order (Shopify fulfils one location at a time).
 */
export function planFulfilments(
  shipped: readonly WarehouseShipmentLine[],
  order: ChannelOrder,
  options: { warehouseLocationIds: ReadonlySet<string>; tracking: FulfillmentTracking; notifyCustomer: boolean },
): FulfilmentPlan {
  const issues: Issue[] = [];
  const candidates = order.fulfillmentOrders
    .filter((fo) => fulfillable.has(fo.status))
    .sort(
      (a, b) => Number(options.warehouseLocationIds.has(b.locationId ?? '')) - Number(options.warehouseLocationIds.has(a.locationId ?? '')),
    );
  const taken = new Map<string, Map<string, number>>();
  for (const { sku, quantity } of shipped) {
    let left = quantity;
    for (const fo of candidates) {
      for (const line of fo.lines.filter((candidate) => skuOfLine(order, candidate) === sku.toUpperCase())) {
        const lines = taken.get(fo.id) ?? new Map<string, number>();
        const free = line.remainingQuantity - (lines.get(line.id) ?? 0);
        if (left === 0 || free <= 0) continue;
        const take = Math.min(free, left);
        lines.set(line.id, (lines.get(line.id) ?? 0) + take);
        taken.set(fo.id, lines);
        left -= take;
      }
    }
    if (left > 0)
      issues.push({
        code: 'fulfilment_mismatch',
        path: `lines.${sku}`,
        message: `${quantity} × ${sku} shipped, but Shopify order ${order.name} has only ${quantity - left} of it left to fulfil`,
      });
  }
  const requests = [...taken].map(([fulfillmentOrderId, lines]) => ({
    fulfillmentOrderId,
    lines: [...lines].map(([fulfillmentOrderLineItemId, qty]) => ({ fulfillmentOrderLineItemId, quantity: qty })),
    tracking: options.tracking,
    notifyCustomer: options.notifyCustomer,
  }));
  return { requests, issues };
}

/** Units already fulfilled per SKU (upper case) in Shopify, over every fulfilment order. */
export function fulfilledBySku(order: ChannelOrder): Map<string, number> {
  const totals = new Map<string, number>();
  for (const fo of order.fulfillmentOrders) {
    for (const line of fo.lines) {
      const sku = skuOfLine(order, line);
      totals.set(sku, (totals.get(sku) ?? 0) + (line.totalQuantity - line.remainingQuantity));
    }
  }
  return totals;
}

/** The carrier's tracking as Shopify takes it. */
export function trackingOf(shipment: Pick<WarehouseShipment, 'carrier' | 'trackingNumbers' | 'trackingUrls'>): FulfillmentTracking {
  return { company: shipment.carrier, numbers: shipment.trackingNumbers, urls: shipment.trackingUrls };
}

/** BC's package tracking field (30 characters on BC 24): every number if they fit, else the first. */
export function bcTrackingNumber(numbers: readonly string[]): string | undefined {
  if (numbers.length === 0) return undefined;
  const all = numbers.join(',');
  return all.length <= erpTrackingNumberMaxLength ? all : numbers[0]!.slice(0, erpTrackingNumberMaxLength);
}
