/**
 * The records a batch step works on (a journal batch is written and posted whole): those new
 * or in doubt in its flow, then those held by an exception whose fix happens elsewhere, so
 * they are tried again with the rest.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import { listExceptions, type LedgerRecord, type RecordState } from '../../ledger/index.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import type { Executor } from '../../store/open-store.ts';

export async function listRecordsToWorkOn(
  db: Executor,
  flow: string,
  options: { states: RecordState[]; limit?: number },
): Promise<LedgerRecord[]> {
  const waiting = await db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(db))
    .where('flow', '=', flow)
    .where('state', 'in', options.states)
    .orderBy('id')
    .limit(options.limit ?? 1000)
    .execute();
  const retryable = [
    ...new Set(
      (await listExceptions(db, { flow, autoRetry: true, limit: 1000 }))
        .map((exception) => exception.recordId)
        .filter((id): id is number => id !== null),
    ),
  ];
  const held = retryable.length
    ? await db.selectFrom('lb_record').selectAll().where('id', 'in', retryable).where('state', '=', 'exception').orderBy('id').execute()
    : [];
  return [...waiting, ...held].map(mapRecordRow);
}
