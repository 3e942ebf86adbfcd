/**
 * Stock on the floor: on hand, allocated to orders, quarantined. Every change writes a
 * stock-flow record (Mintsoft's movement log) with a reason; only allocations touch
 * `allocated` and write no flow the hub reads.
 */
import type { EmulatorDeps } from './deps.ts';
import { MintsoftHttpError } from './deps.ts';
import type { ProductRecord, StockFlowRecord, StockRecord } from './state.ts';

export const available = (stock: StockRecord) => stock.onHand - stock.allocated;

export function recordFlow(
  deps: EmulatorDeps,
  product: ProductRecord,
  entry: { quantity: number; flow: StockFlowRecord['flow']; reason: string; orderId?: number | null },
): StockFlowRecord {
  const stock = deps.state.stockOf(product.id);
  const record: StockFlowRecord = {
    id: deps.state.nextId('flow'),
    productId: product.id,
    sku: product.sku,
    quantity: entry.quantity,
    flow: entry.flow,
    reason: entry.reason,
    orderId: entry.orderId ?? null,
    stockLevel: available(stock),
    onHand: stock.onHand,
    lastUpdated: deps.state.stamp(),
  };
  deps.state.flows.push(record);
  return record;
}

/**
 * Changes on-hand stock by `delta` with a reason, as a warehouse user booking a write-off,
 * damage, found stock or count correction would. Write-offs go out as `SCRAP`.
 */
export function adjustStock(
  deps: EmulatorDeps,
  product: ProductRecord,
  delta: number,
  reason: string,
  options: { orderId?: number | null; scrap?: boolean } = {},
): StockFlowRecord {
  if (!Number.isInteger(delta) || delta === 0) throw new MintsoftHttpError(400, 'quantity must be a whole number other than zero');
  const stock = deps.state.stockOf(product.id);
  if (stock.onHand + delta < 0) throw new MintsoftHttpError(400, `only ${stock.onHand} of ${product.sku} on hand`);
  stock.onHand += delta;
  stock.lastUpdated = deps.state.stamp();
  const flow = delta > 0 ? 'IN' : options.scrap ? 'SCRAP' : 'OUT';
  return recordFlow(deps, product, { quantity: Math.abs(delta), flow, reason, orderId: options.orderId });
}

export function allocate(deps: EmulatorDeps, productId: number, quantity: number): void {
  const stock = deps.state.stockOf(productId);
  stock.allocated += quantity;
  stock.lastUpdated = deps.state.stamp();
}

export function release(deps: EmulatorDeps, productId: number, quantity: number): void {
  const stock = deps.state.stockOf(productId);
  stock.allocated = Math.max(0, stock.allocated - quantity);
  stock.lastUpdated = deps.state.stamp();
}

export function quarantine(deps: EmulatorDeps, productId: number, quantity: number): void {
  const stock = deps.state.stockOf(productId);
  stock.quarantine += quantity;
  stock.lastUpdated = deps.state.stamp();
}

export function productOrThrow(deps: EmulatorDeps, sku: string): ProductRecord {
  const product = deps.state.productBySku(sku);
  if (!product) throw new MintsoftHttpError(404, `Product with SKU '${sku}' not found`);
  return product;
}
