/**
 * The companion 1.3 queries behind available-to-sell: `salesDemand`, the outstanding
 * quantity of open sales-order item lines (ordered less shipped) per item, variant and
 * location, and `stockReservations`. Both follow the AL queries' filters and grouping.
 * Assumed, not confirmed against a real BC: the emulator makes no reservations itself (BC's
 * reservation logic is not emulated); rows put in `reservationEntriesTable` by a test or the
 * control API are what `stockReservations` sums. Quantities are in the base unit of measure
 * (the emulator's items have one unit).
 */
import { Decimal } from 'decimal.js';
import { lineStockKeys, type StoreContext } from './item-ledger.ts';
import type { Row } from './store.ts';

export function computeSalesDemand(ctx: StoreContext): Row[] {
  const groups = new Map<string, Row>();
  for (const line of ctx.store.rows(ctx.company, 'salesOrderLines').sort((a, b) => a._seq - b._seq)) {
    if (line.lineType !== 'Item') continue;
    const outstanding = new Decimal(String(line.quantity ?? '0')).minus(new Decimal(String(line.shippedQuantity ?? '0')));
    if (outstanding.isZero()) continue;
    const item = typeof line.itemId === 'string' ? ctx.store.get(ctx.company, 'items', line.itemId) : undefined;
    const itemNumber = String(item?.number ?? line.lineObjectNumber ?? '');
    const { locationCode, variantCode } = lineStockKeys(ctx, line);
    const key = `${itemNumber}|${variantCode}|${locationCode}`;
    let group = groups.get(key);
    if (!group) {
      group = { id: key, _seq: line._seq, _version: 1, itemNumber, variantCode, locationCode, outstandingQuantity: '0' };
      groups.set(key, group);
    }
    group.outstandingQuantity = new Decimal(String(group.outstandingQuantity)).plus(outstanding).toFixed();
  }
  return [...groups.values()];
}

/** Reservation entries (demand side: negative), kept only when a test or the control API adds them. */
export const reservationEntriesTable = 'lb.reservationEntries';

export function computeStockReservations(ctx: StoreContext): Row[] {
  const groups = new Map<string, Row>();
  for (const entry of ctx.store.rows(ctx.company, reservationEntriesTable)) {
    const key = `${String(entry.itemNumber)}|${String(entry.variantCode ?? '')}|${String(entry.locationCode ?? '')}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        id: key,
        _seq: entry._seq,
        _version: 1,
        itemNumber: entry.itemNumber,
        variantCode: entry.variantCode ?? '',
        locationCode: entry.locationCode ?? '',
        reservedQuantity: '0',
      };
      groups.set(key, group);
    }
    group.reservedQuantity = new Decimal(String(group.reservedQuantity)).plus(new Decimal(String(entry.quantity))).toFixed();
  }
  return [...groups.values()];
}
