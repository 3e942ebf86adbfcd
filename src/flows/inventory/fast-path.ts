/**
 * The fast path between full syncs: which items' available-to-sell may have changed since
 * the last look, then only their pairs read, computed and pushed. BC tells it two ways:
 * new item ledger entries (shipments, receipts, journals such as the warehouse's write-offs
 * the hub books, credit memos for restocks) and a changed outstanding sales-order quantity
 * (orders from other channels, changed or cancelled orders). BC webhooks and the hub's own
 * bookings wake it at once; its poll is the backup. Events that arrive together are pushed
 * together (the job waits `coalesceMs` and runs once for all of them).
 */
import { dec } from '../../core/money.ts';
import { getCursor, setCursor } from '../../ledger/index.ts';
import type { InventoryFlowDeps } from './deps.ts';
import { pushRun, type PushSummary } from './push.ts';
import { planItemsNow, prepareContext, recomputeEntries } from './sync-context.ts';
import { settleUnfinishedPushes } from './full-sync.ts';

export const ledgerCursor = 'inventory.fast-path.item-ledger';
export const demandCursor = 'inventory.fast-path.sales-demand';

export interface FastPathResult {
  items: string[];
  changes: number;
  push: PushSummary | null;
}

export async function runFastPath(deps: InventoryFlowDeps): Promise<FastPathResult> {
  // The cursors move only once the push is done: a failed run looks at the same events again.
  const ledger = await itemsWithNewLedgerEntries(deps);
  const demand = await itemsWithChangedDemand(deps);
  const items = new Set<string>([...ledger.items, ...demand.items]);
  const moveCursors = async () => {
    await ledger.commit();
    await demand.commit();
  };
  if (items.size === 0) {
    await moveCursors();
    return { items: [], changes: 0, push: null };
  }
  const ctx = await prepareContext(deps);
  await settleUnfinishedPushes(deps, ctx);
  const entries = await planItemsNow(deps, ctx, [...items]);
  const run = `fast-${new Date(deps.clock.now()).toISOString()}`;
  const push = entries.length > 0 ? await pushRun(deps, { id: run, kind: 'fast' }, entries, recomputeEntries(deps, ctx)) : null;
  await moveCursors();
  deps.logger.info({ run, items: items.size, changes: entries.length }, 'stock fast path');
  return { items: [...items], changes: entries.length, push };
}

/** Items of item ledger entries after the last one seen; the first look only notes where the ledger ends. */
interface Found {
  items: string[];
  commit(): Promise<void>;
}

async function itemsWithNewLedgerEntries(deps: InventoryFlowDeps): Promise<Found> {
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
async function itemsWithChangedDemand(deps: InventoryFlowDeps): Promise<Found> {
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
