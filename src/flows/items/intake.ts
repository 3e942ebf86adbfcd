/**
 * Where items enter the flow: the poll reads BC items changed since its cursor (less an
 * overlap) and hands each physical item to `takeInItem`. An item is sent again only when
 * something the warehouse sees changed; a record is reopened for that, never duplicated.
 */
import { getCursor, receiveRecord, setCursor, transitionRecord } from '../../ledger/index.ts';
import { ITEMS_FLOW, itemsJobs, type ItemJob, type ItemsFlowDeps } from './deps.ts';
import { isWarehouseItem, summariseItem } from './map.ts';
import type { ErpWarehouseItem } from './ports.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export const ITEMS_CURSOR = 'bc.items.lastModifiedDateTime';

export type ItemIntake = 'new' | 'changed' | 'requeued' | 'unchanged' | 'not-a-warehouse-item';

export function takeInItem(
  deps: Pick<ItemsFlowDeps, 'db' | 'queue' | 'config'>,
  item: ErpWarehouseItem,
  actor: string,
): Promise<ItemIntake> {
  return inIntakeTransaction(deps, async (tx) => {
    if (!isWarehouseItem(item, tx.config)) return 'not-a-warehouse-item';
    const summary = summariseItem(item);
    const { record, created, payloadChanged } = await receiveRecord(tx.db, {
      flow: ITEMS_FLOW,
      sourceSystem: 'bc',
      sourceId: summary.sku.toUpperCase(),
      sourceRef: summary.sku,
      payload: summary,
      actor,
    });
    let outcome: ItemIntake = created ? 'new' : payloadChanged ? 'changed' : 'requeued';
    if ((record.state === 'posted' || record.state === 'skipped') && !payloadChanged) return 'unchanged';
    if (record.state === 'posted' || record.state === 'skipped') {
      await transitionRecord(tx.db, record.id, { to: 'received', actor, reason: 'item_changed_in_bc' });
      outcome = 'changed';
    }
    await tx.queue.enqueue<ItemJob>(itemsJobs.sync, { recordId: record.id }, { key: String(record.id) });
    return outcome;
  });
}

/** The poll: every physical BC item changed since the cursor. The first poll reads them all. */
export async function pollItems(deps: ItemsFlowDeps): Promise<{ seen: number; queued: number }> {
  const stored = await getCursor(deps.db, ITEMS_CURSOR);
  const cursorMs = stored ? Date.parse(stored) : 0;
  const since = new Date(Math.max(0, cursorMs - deps.config.pollOverlapMinutes * 60_000)).toISOString();
  let highWater = cursorMs;
  let seen = 0;
  let queued = 0;
  for await (const item of deps.erp.listItemsChangedSince(since)) {
    seen += 1;
    const outcome = await takeInItem(deps, item, 'items-poll');
    if (outcome === 'new' || outcome === 'changed' || outcome === 'requeued') queued += 1;
    const modified = Date.parse(item.lastModifiedDateTime);
    if (Number.isFinite(modified)) highWater = Math.max(highWater, modified);
  }
  if (highWater > 0) await setCursor(deps.db, ITEMS_CURSOR, new Date(highWater).toISOString());
  return { seen, queued };
}
