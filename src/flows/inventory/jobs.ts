/** The inventory flow's jobs: the scheduled full sync and the fast path (its poll, and woken by events). */
import type { JobQueue } from '../../queue/job-queue.ts';
import { evidenceOf } from '../shared/warehouse-records.ts';
import { raiseException } from '../../ledger/index.ts';
import { INVENTORY_FLOW, inventoryJobs, type FullSyncJob, type InventoryFlowDeps } from './deps.ts';
import { inventoryException } from './exceptions.ts';
import { runFastPath } from './fast-path.ts';
import { runFullSync } from './full-sync.ts';

export function defineInventoryJobs(queue: JobQueue, deps: InventoryFlowDeps): void {
  const giveUp = (what: string) => async (_data: unknown, error: unknown, decision: { reason: string }) => {
    await raiseException(deps.db, {
      ...inventoryException('retries_exhausted', `The ${what} could not finish: ${decision.reason}.`, evidenceOf(error)),
      fingerprint: `${INVENTORY_FLOW}:${what}`,
    });
  };
  queue.define<FullSyncJob>({
    name: inventoryJobs.fullSync,
    retry: deps.retry,
    // One full sync at a time; the fast path waits behind it rather than racing it.
    keyOf: () => 'inventory',
    handler: async (data) => void (await runFullSync(deps, data ?? {})),
    onGiveUp: giveUp('stock sync'),
  });
  queue.schedule(inventoryJobs.fullSync, deps.config.fullSyncCron);
  if (!deps.config.fastPath.enabled) return;
  queue.define({
    name: inventoryJobs.fastPath,
    retry: deps.retry,
    keyOf: () => 'inventory-fast',
    handler: async () => {
      try {
        await runFastPath(deps);
      } finally {
        // The poll runs again in pollSeconds (a cron cannot say seconds); an event that comes
        // meanwhile rides on that run, so nothing waits longer than pollSeconds.
        await queue.enqueue(inventoryJobs.fastPath, {}, { key: 'inventory-fast', delayMs: deps.config.fastPath.pollSeconds * 1000 });
      }
    },
    onGiveUp: giveUp('stock fast path'),
  });
  // Every minute the schedule starts the poll again should it have stopped (a crash between runs).
  queue.schedule(inventoryJobs.fastPath, '* * * * *');
}

/** Wakes the fast path: events close together ride on one run. */
export function wakeFastPath(queue: Pick<JobQueue, 'enqueue'>, deps: Pick<InventoryFlowDeps, 'config'>): Promise<unknown> {
  if (!deps.config.enabled || !deps.config.fastPath.enabled) return Promise.resolve();
  return queue.enqueue(inventoryJobs.fastPath, {}, { key: 'inventory-fast', delayMs: deps.config.fastPath.coalesceMs });
}
