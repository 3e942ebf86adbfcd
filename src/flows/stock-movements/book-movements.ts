/**
 * The booking step: every pending movement becomes one adjustment line in the hub's item
 * journal batch, then the batch is posted (unless configured for review). Exactly once:
 * each record moves to `posting` with its document number before the lines are sent; the
 * connector adopts lines an earlier attempt left in the batch or already posted, so a
 * repeat after a crash or lost answer books nothing twice.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import type { ItemJournalLineDraft } from '../../core/domain/erp.ts';
import type { StockMovement } from '../../core/domain/warehouse.ts';
import { isConnectorError } from '../../core/errors.ts';
import { listExceptions, transitionRecord, type LedgerRecord } from '../../ledger/index.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import { holdRecord } from '../shared/warehouse-records.ts';
import { STOCK_FLOW, type StockFlowDeps } from './deps.ts';
import { stockException } from './exceptions.ts';
import { mapMovementToJournalLine } from './map.ts';

const ACTOR = 'stock-movements-flow';

export interface BookingResult {
  booked: number;
  held: number;
  posted: boolean;
}

/** Records waiting to be booked: new or in doubt, and held ones whose fix happens elsewhere. */
async function pendingRecords(deps: StockFlowDeps, limit: number): Promise<LedgerRecord[]> {
  const waiting = await deps.db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(deps.db))
    .where('flow', '=', STOCK_FLOW)
    .where('state', 'in', ['received', 'validated', 'posting'])
    .orderBy('id')
    .limit(limit)
    .execute();
  const retryable = new Set(
    (await listExceptions(deps.db, { flow: STOCK_FLOW, autoRetry: true, limit: 1000 }))
      .map((exception) => exception.recordId)
      .filter((id): id is number => id !== null),
  );
  const held =
    retryable.size > 0
      ? await deps.db
          .selectFrom('lb_record')
          .selectAll()
          .where('id', 'in', [...retryable])
          .where('state', '=', 'exception')
          .execute()
      : [];
  return [...waiting, ...held].map(mapRecordRow);
}

export async function bookMovements(deps: StockFlowDeps, limit = 500): Promise<BookingResult> {
  const result: BookingResult = { booked: 0, held: 0, posted: false };
  const ready: { record: LedgerRecord; line: ItemJournalLineDraft }[] = [];
  const known = new Map<string, boolean>();
  for (const record of await pendingRecords(deps, limit)) {
    const movement = record.payload as StockMovement;
    const { line, issues } = mapMovementToJournalLine(movement, {
      config: deps.config,
      locationCode: deps.locationCode,
      warehouseName: deps.warehouseName,
    });
    if (!line) {
      await holdRecord(
        deps.db,
        record,
        [
          stockException(
            'movement_invalid',
            `Stock movement ${movement.id} (${movement.sku}) cannot be booked: ${issues.map((issue) => issue.message).join('; ')}.`,
            { movement, issues },
          ),
        ],
        ACTOR,
      );
      result.held += 1;
      continue;
    }
    const sku = line.itemNumber.toUpperCase();
    if (!known.has(sku)) known.set(sku, (await deps.erp.findItemByNumber(line.itemNumber)) !== undefined);
    if (!known.get(sku)) {
      await holdRecord(
        deps.db,
        record,
        [
          stockException(
            'item_unknown_in_bc',
            `The warehouse ${movement.delta < 0 ? 'took' : 'added'} ${Math.abs(movement.delta)} × ${movement.sku} (${movement.wmsReason ?? movement.reason}), but ${movement.sku} is not an item in Business Central.`,
            { movement },
          ),
        ],
        ACTOR,
      );
      result.held += 1;
      continue;
    }
    const posting = await transitionRecord(deps.db, record.id, {
      to: 'posting',
      actor: ACTOR,
      reason: 'booking',
      externalRef: line.documentNumber,
      countAttempt: true,
    });
    ready.push({ record: posting, line });
  }
  if (ready.length === 0) return result;

  try {
    await deps.erp.createItemJournalLines(
      deps.config.journalBatch,
      ready.map((entry) => entry.line),
    );
  } catch (error) {
    if (isConnectorError(error) && !error.retryable) {
      for (const { record, line } of ready) {
        await holdRecord(
          deps.db,
          record,
          [
            stockException(
              'bc_rejected',
              `Business Central refused the adjustment ${line.documentNumber} (${line.itemNumber}): ${error.message}`,
              { line, error: error.toJSON() },
            ),
          ],
          ACTOR,
        );
      }
      return { ...result, held: result.held + ready.length };
    }
    throw error;
  }
  if (deps.config.postJournal) {
    try {
      // Lines of a batch posted by an earlier attempt are gone; an empty batch needs no posting.
      if ((await deps.erp.listItemJournalLines(deps.config.journalBatch)).length > 0)
        await deps.erp.postItemJournal(deps.config.journalBatch);
      result.posted = true;
    } catch (error) {
      if (!isConnectorError(error) || error.retryable) throw error;
      for (const { record, line } of ready) {
        await holdRecord(
          deps.db,
          record,
          [
            stockException(
              'journal_not_posted',
              `Adjustment ${line.documentNumber} is in item journal batch ${deps.config.journalBatch} but the batch did not post: ${error.message}`,
              { line, error: error.toJSON() },
            ),
          ],
          ACTOR,
        );
      }
      return { ...result, held: result.held + ready.length };
    }
  }
  for (const { record, line } of ready) {
    await transitionRecord(deps.db, record.id, {
      to: 'posted',
      actor: ACTOR,
      reason: result.posted ? 'adjustment_posted' : 'adjustment_in_journal',
      targetIds: {
        'bc.itemJournal.batch': deps.config.journalBatch,
        'bc.itemJournal.documentNumber': line.documentNumber,
        'bc.itemJournal.posted': String(result.posted),
      },
      detail: { entryType: line.entryType, quantity: line.quantity, item: line.itemNumber },
    });
    result.booked += 1;
  }
  deps.logger.info({ booked: result.booked, posted: result.posted }, 'warehouse stock movements booked in BC');
  if (result.booked > 0 && result.posted) await deps.onBooked?.([...new Set(ready.map(({ line }) => line.itemNumber))]);
  return result;
}
