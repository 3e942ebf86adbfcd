/**
 * The fast path between full syncs: which items' available-to-sell may have changed since
 * the last look, then only their pairs read, computed and pushed. BC tells it two ways:
 * new item ledger entries (shipments, receipts, journals such as the warehouse's write-offs
 * the hub books, credit memos for restocks) and a changed outstanding sales-order quantity
 * (orders from other channels, changed or cancelled orders). BC webhooks and the hub's own
 * bookings wake it at once; its poll is the backup. Events that arrive together are pushed
 * together (the job waits `coalesceMs` and runs once for all of them).
 */
import type { InventoryFlowDeps } from './deps.ts';
import { newRunId, pushRun, type PushSummary } from './push.ts';
import { planItemsNow, prepareContext, recomputeEntries } from './sync-context.ts';
import { settleUnfinishedPushes } from './full-sync.ts';
import { itemsWithChangedDemand, itemsWithNewLedgerEntries } from './fast-path-cursors.ts';

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
  const run = newRunId('fast', deps.clock.now());
  const push = entries.length > 0 ? await pushRun(deps, { id: run, kind: 'fast' }, entries, recomputeEntries(deps, ctx)) : null;
  await moveCursors();
  deps.logger.info({ run, items: items.size, changes: entries.length }, 'stock fast path');
  return { items: [...items], changes: entries.length, push };
}

/** Items of item ledger entries after the last one seen; the first look only notes where the ledger ends. */
