/**
 * Where the fast path last looked at BC: the last item ledger entry number, and the
 * outstanding sales-order quantities as last read. Changes since then name the items to push.
 */
import { dec } from '../../core/money.ts';
import { getCursor, setCursor } from '../../ledger/index.ts';
import type { InventoryFlowDeps } from './deps.ts';

export const ledgerCursor = 'inventory.fast-path.item-ledger';
export const demandCursor = 'inventory.fast-path.sales-demand';

/**
 * Notes where BC is now, when the fast path has never looked: the full sync does this before
 * its reads, so a change made after them is the fast path's to push, even on the first day.
 */
export async function takeFastPathBaseline(deps: InventoryFlowDeps): Promise<void> {
  if ((await getCursor(deps.db, ledgerCursor)) === undefined) await (await itemsWithNewLedgerEntries(deps)).commit();
  if ((await getCursor(deps.db, demandCursor)) === undefined) await (await itemsWithChangedDemand(deps)).commit();
}

interface Found {
  items: string[];
  commit(): Promise<void>;
}

export async function itemsWithNewLedgerEntries(deps: InventoryFlowDeps): Promise<Found> {
  const seen = await getCursor(deps.db, ledgerCursor);
  if (seen === undefined) {
    const end = String(await deps.erp.latestItemLedgerEntryNumber());
    return { items: [], commit: () => setCursor(deps.db, ledgerCursor, end) };
  }
  let last = Number(seen);
  const items = new Set<string>();
  for await (const entry of deps.erp.listItemLedgerEntries({ afterEntryNumber: last })) {
    items.add(entry.itemNumber.toUpperCase());
    last = Math.max(last, entry.entryNumber);
  }
  return { items: [...items], commit: async () => void (String(last) !== seen && (await setCursor(deps.db, ledgerCursor, String(last)))) };
}

/** Items whose outstanding sales-order quantity differs from the last look (BC sends no event for a new order line). */
export async function itemsWithChangedDemand(deps: InventoryFlowDeps): Promise<Found> {
  const now = new Map<string, string>();
  for (const row of await deps.erp.readSalesDemand())
    now.set(`${row.itemNumber.toUpperCase()}|${row.variantCode}|${row.locationCode}`, dec(row.outstanding).toFixed());
  const saved = await getCursor(deps.db, demandCursor);
  const commit = () => setCursor(deps.db, demandCursor, JSON.stringify(Object.fromEntries(now)));
  if (saved === undefined) return { items: [], commit };
  const before = new Map(Object.entries(JSON.parse(saved) as Record<string, string>));
  const items = new Set<string>();
  for (const key of new Set([...before.keys(), ...now.keys()])) if (before.get(key) !== now.get(key)) items.add(key.split('|')[0]!);
  return { items: [...items], commit };
}
