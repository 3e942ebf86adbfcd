/**
 * Where stock movements enter the flow: polled (most WMSs send no stock callbacks) or, where
 * an adapter has them, by callback — the same movement id either way. Adjustments and counts
 * are queued to be booked; movements caused by orders, receipts and returns are recorded as
 * skipped, because BC books those itself.
 */
import type { StockMovement } from '../../core/domain/warehouse.ts';
import { getCursor, receiveRecord, setCursor, transitionRecord } from '../../ledger/index.ts';
import { STOCK_FLOW, stockJobs, type StockFlowDeps } from './deps.ts';
import { shouldBook } from './map.ts';
import { inIntakeTransaction } from '../shared/flow-deps.ts';

export const MOVEMENTS_CURSOR = 'warehouse.stock.movements';

export function takeInMovement(
  deps: Pick<StockFlowDeps, 'db' | 'queue' | 'config'>,
  movement: StockMovement,
  actor: string,
): Promise<'new' | 'known' | 'not-booked'> {
  return inIntakeTransaction(deps, async (tx) => {
    const sign = movement.delta > 0 ? '+' : '';
    const { record, created } = await receiveRecord(tx.db, {
      flow: STOCK_FLOW,
      sourceSystem: 'warehouse',
      sourceId: movement.id,
      sourceRef: `${movement.sku} ${sign}${movement.delta} ${movement.reason}`,
      payload: movement,
      actor,
    });
    if (!shouldBook(movement, tx.config)) {
      if (record.state === 'received')
        await transitionRecord(tx.db, record.id, {
          to: 'skipped',
          actor,
          reason: 'booked_by_bc_itself',
          detail: { source: movement.source },
        });
      return 'not-booked';
    }
    if (record.state === 'posted' || record.state === 'skipped') return 'known';
    await queueBooking(tx);
    return created ? 'new' : 'known';
  });
}

export async function queueBooking(deps: Pick<StockFlowDeps, 'queue'>): Promise<void> {
  await deps.queue.enqueue(stockJobs.book, {}, { key: 'journal' });
}

export async function pollMovements(deps: StockFlowDeps): Promise<{ seen: number; new: number }> {
  let cursor = (await getCursor(deps.db, MOVEMENTS_CURSOR)) ?? null;
  let seen = 0;
  let fresh = 0;
  for (let page = 0; page < 50; page += 1) {
    const result = await deps.warehouse.listStockMovementsSince(cursor);
    for (const movement of result.items) {
      seen += 1;
      if ((await takeInMovement(deps, movement, 'stock-poll')) === 'new') fresh += 1;
    }
    cursor = result.cursor;
    await setCursor(deps.db, MOVEMENTS_CURSOR, cursor);
    if (!result.hasMore) break;
  }
  return { seen, new: fresh };
}
