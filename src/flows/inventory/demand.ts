/**
 * Demand BC has not seen: Shopify took the units off when it accepted these orders, but no BC
 * sales order carries them yet, so BC's figure still counts them as free. Read from the
 * orders flow's ledger: records not yet posted are in flight; records held as exceptions
 * are held. Units are counted where Shopify will fulfil them (the open fulfilment orders'
 * remaining quantities); an order read before it had fulfilment orders counts at the first
 * mapped location. Cancelled orders count nothing: Shopify put their units back itself.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import type { ChannelOrder } from '../../core/domain/channel-order.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import type { Executor } from '../../store/open-store.ts';
import { pairKey } from './catalogue.ts';
import type { UnseenDemand } from './plan.ts';

const ORDERS_FLOW = 'orders';
const openStates = ['received', 'validated', 'waiting', 'posting', 'exception'] as const;

export interface DemandSource {
  db: Executor;
  /** Reads an order whose record has no payload yet (taken in, not yet read). */
  getOrder(id: string): Promise<ChannelOrder | undefined>;
}

/** Units per SKU and location; `skus` limits the count to those SKUs (upper case). */
export async function readUnseenDemand(
  source: DemandSource,
  locationCodeOf: ReadonlyMap<string, string>,
  skus?: ReadonlySet<string>,
): Promise<Map<string, UnseenDemand>> {
  const rows = await source.db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(source.db))
    .where('flow', '=', ORDERS_FLOW)
    .where('state', 'in', openStates)
    .execute();
  const fallback = locationCodeOf.values().next().value;
  const demand = new Map<string, UnseenDemand>();
  for (const record of rows.map(mapRecordRow)) {
    const order = (record.payload as ChannelOrder | null) ?? (await source.getOrder(record.sourceId));
    if (!order || order.cancelledAt) continue;
    const bucket = record.state === 'exception' ? 'held' : 'inFlight';
    for (const { sku, locationCode, units } of unitsOf(order, locationCodeOf, fallback)) {
      if (skus && !skus.has(sku)) continue;
      const key = pairKey(sku, locationCode);
      const entry = demand.get(key) ?? { inFlight: 0, held: 0 };
      entry[bucket] += units;
      demand.set(key, entry);
    }
  }
  return demand;
}

function* unitsOf(
  order: ChannelOrder,
  locationCodeOf: ReadonlyMap<string, string>,
  fallback: string | undefined,
): Generator<{ sku: string; locationCode: string; units: number }> {
  const open = order.fulfillmentOrders.filter((fo) => fo.status !== 'CLOSED' && fo.status !== 'CANCELLED');
  if (open.length > 0) {
    for (const fo of open) {
      const locationCode = fo.locationId ? locationCodeOf.get(fo.locationId) : undefined;
      if (!locationCode) continue;
      for (const line of fo.lines)
        if (line.sku?.trim() && line.remainingQuantity > 0)
          yield { sku: line.sku.trim().toUpperCase(), locationCode, units: line.remainingQuantity };
    }
    return;
  }
  if (order.fulfillmentOrders.length > 0 || !fallback) return;
  // Not read yet: its units count at the first location until the import reads it (seconds). An
  // order held as its webhook body (bodyOnly) may wait for days with its location unread: its
  // units count at every location, so that none shows them as free to sell.
  const locations = order.bodyOnly ? [...new Set(locationCodeOf.values())] : [fallback];
  for (const line of order.lines)
    if (line.sku?.trim() && !line.isGiftCard && line.currentQuantity > 0)
      for (const locationCode of locations) yield { sku: line.sku.trim().toUpperCase(), locationCode, units: line.currentQuantity };
}
