/**
 * What the warehouse flows share: how a record is held as an exception, how a job that gave
 * up leaves its trace, and the two ledger reads they need beyond `findRecord` — the records
 * of a flow that belong to one order (by their human reference) or to one trail.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import { stoppedWorkException } from './exception-catalogue.ts';
import { sql } from 'kysely';
import { isConnectorError } from '../../core/errors.ts';
import type { RetryDecision, RetryPolicy } from '../../core/retry.ts';
import {
  appendAudit,
  getRecord,
  syncRecordExceptions,
  transitionRecord,
  type ExceptionInput,
  type LedgerRecord,
} from '../../ledger/index.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import { inTransaction, type Executor } from '../../store/open-store.ts';

export interface RetryConfig {
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export function retryPolicyOf(retry: RetryConfig): RetryPolicy {
  return { maxAttempts: retry.maxAttempts, baseDelayMs: retry.baseDelaySeconds * 1000, maxDelayMs: retry.maxDelaySeconds * 1000 };
}

/** Puts the record in `exception` and makes its open exceptions exactly these. */
export async function holdRecord(
  db: Executor,
  record: LedgerRecord,
  exceptions: ExceptionInput[],
  actor: string,
  /** `postedSnapshot: null` forgets what an attempt planned, when nothing of it reached the other system. */
  patch: { postedSnapshot?: null } = {},
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const reason = record.state === 'exception' ? 'still_failing' : exceptions.map((exception) => exception.code).join(',');
    await transitionRecord(trx, record.id, { to: 'exception', actor, reason, countAttempt: true, ...patch });
    await syncRecordExceptions(trx, record.id, exceptions, actor);
  });
}

/** The error as evidence an operator can read (connector errors carry the redacted upstream answer). */
export function evidenceOf(error: unknown, decision?: RetryDecision): Record<string, unknown> {
  return {
    ...(decision ? { reason: decision.reason } : {}),
    error: isConnectorError(error) ? error.toJSON() : { message: error instanceof Error ? error.message : String(error) },
  };
}

/**
 * A job that gave up on a record: the record becomes an exception naming the system that
 * refused (not retryable) or could not be reached (retries exhausted). Work never vanishes.
 */
export async function giveUpOnRecord(
  db: Executor,
  recordId: number,
  error: unknown,
  decision: RetryDecision,
  options: {
    actor: string;
    refused(message: string, evidence: unknown): ExceptionInput;
    unreachable(message: string, evidence: unknown): ExceptionInput;
    what: (record: LedgerRecord) => string;
  },
): Promise<void> {
  const record = await getRecord(db, recordId);
  if (!record || record.state === 'posted' || record.state === 'skipped') return;
  const evidence = evidenceOf(error, decision);
  const what = options.what(record);
  const exception = stoppedWorkException(record.flow, decision, what, evidence, () =>
    isConnectorError(error) && !error.retryable
      ? options.refused(
          `${what}: ${error.system === 'warehouse' ? 'the warehouse' : error.system === 'bc' ? 'Business Central' : error.system} refused it: ${error.message}`,
          evidence,
        )
      : options.unreachable(`${what} could not be completed: ${decision.reason}.`, evidence),
  );
  await holdRecord(db, record, [exception], options.actor);
}

/** Records of a flow whose human reference is `sourceRef` (e.g. every shipment of one warehouse order), oldest first. */
export async function listRecordsByRef(db: Executor, flow: string, sourceRef: string): Promise<LedgerRecord[]> {
  const rows = await db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(db))
    .where('flow', '=', flow)
    .where('source_ref', '=', sourceRef)
    .orderBy('id')
    .execute();
  return rows.map(mapRecordRow);
}

/** Records of a flow in one trail (link group), oldest first. */
export async function listRecordsInTrail(db: Executor, linkGroup: string, flow: string): Promise<LedgerRecord[]> {
  const rows = await db
    .selectFrom('lb_record')
    .selectAll()
    .where('link_group', '=', linkGroup)
    .where('flow', '=', flow)
    .orderBy('id')
    .execute();
  return rows.map(mapRecordRow);
}

/**
 * Adds facts to a finished record's target ids without moving its state (a transition to
 * `posted` would close its open exceptions): e.g. the warehouse's status of each order part.
 * Audited like any change.
 */
export async function noteOnRecord(
  db: Executor,
  recordId: number,
  targetIds: Record<string, string>,
  entry: { actor: string; action: string; detail?: Record<string, unknown> },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('lb_record')
      .set({
        target_ids: sql`target_ids || ${JSON.stringify(targetIds)}::jsonb`,
        updated_at: sql<Date>`now()`,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', recordId)
      .execute();
    await appendAudit(trx, {
      actor: entry.actor,
      entity: 'record',
      entityId: recordId,
      action: entry.action,
      detail: { ...entry.detail, targetIds },
    });
  });
}
