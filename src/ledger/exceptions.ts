/**
 * Exceptions: record-level problems a person must act on, in business words, owned by a
 * team. The same problem seen again raises `occurrences` on the open exception instead of
 * adding a row. Open → resolved or ignored with a note; a record that later succeeds
 * resolves its own exceptions.
 */
import { sql } from 'kysely';
import { connectionOf, scopedConnectionOf } from '../store/connection-scope.ts';
import { inTransaction, type Executor } from '../store/open-store.ts';
import { appendAudit } from './audit.ts';
import { mapExceptionRow } from './map-rows.ts';
import { toStorable, toStorableText } from './storable.ts';
import type { ExceptionCategory, ExceptionOwner, ExceptionSeverity, ExceptionStatus, LedgerException } from './types.ts';

export interface ExceptionInput {
  recordId?: number | null;
  flow: string;
  code: string;
  category: ExceptionCategory;
  severity: ExceptionSeverity;
  owner: ExceptionOwner;
  message: string;
  action: string;
  evidence?: unknown;
  /** Retry the record by itself from time to time (the fix usually happens elsewhere). */
  autoRetry?: boolean;
  /** Defaults to flow + record + code; give one for exceptions without a record. */
  fingerprint?: string;
}

export function fingerprintOf(input: Pick<ExceptionInput, 'flow' | 'recordId' | 'code' | 'fingerprint'>): string {
  return input.fingerprint ?? `${input.flow}:${input.recordId ?? '-'}:${input.code}`;
}

/** Opens an exception, or counts one more occurrence of the same open one. */
export async function raiseException(db: Executor, input: ExceptionInput, actor = 'hub'): Promise<LedgerException> {
  const fingerprint = fingerprintOf(input);
  const connectionId = connectionOf(db);
  return inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('lb_exception')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('fingerprint', '=', fingerprint)
      .where('status', '=', 'open')
      .forUpdate()
      .executeTakeFirst();
    if (existing) {
      const updated = await trx
        .updateTable('lb_exception')
        .set({
          occurrences: sql<number>`occurrences + 1`,
          last_seen_at: sql<Date>`now()`,
          message: toStorableText(input.message),
          action: input.action,
          severity: input.severity,
          evidence: JSON.stringify(toStorable(input.evidence ?? {})),
        })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return mapExceptionRow(updated);
    }
    const created = await trx
      .insertInto('lb_exception')
      .values({
        connection_id: connectionId,
        record_id: input.recordId ?? null,
        flow: input.flow,
        code: input.code,
        category: input.category,
        severity: input.severity,
        owner: input.owner,
        status: 'open',
        message: toStorableText(input.message),
        action: input.action,
        evidence: JSON.stringify(toStorable(input.evidence ?? {})),
        fingerprint,
        auto_retry: input.autoRetry ?? false,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor,
      entity: 'exception',
      entityId: created.id,
      action: 'opened',
      toState: 'open',
      detail: { code: input.code, recordId: input.recordId ?? null, owner: input.owner },
    });
    return mapExceptionRow(created);
  });
}

export interface CloseInput {
  by: string;
  note: string;
}

async function closeException(
  db: Executor,
  id: number,
  status: Exclude<ExceptionStatus, 'open'>,
  close: CloseInput,
): Promise<LedgerException> {
  if (!close.note.trim()) throw new Error(`a note is required to mark exception ${id} as ${status}`);
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('lb_exception').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw new Error(`there is no exception ${id}`);
    if (current.status !== 'open') throw new Error(`exception ${id} is already ${current.status}`);
    const updated = await trx
      .updateTable('lb_exception')
      .set({ status, closed_at: sql<Date>`now()`, closed_by: toStorableText(close.by), close_note: toStorableText(close.note) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: close.by,
      entity: 'exception',
      entityId: id,
      action: status,
      fromState: 'open',
      toState: status,
      detail: { note: close.note },
    });
    return mapExceptionRow(updated);
  });
}

export function resolveException(db: Executor, id: number, close: CloseInput): Promise<LedgerException> {
  return closeException(db, id, 'resolved', close);
}

export function ignoreException(db: Executor, id: number, close: CloseInput): Promise<LedgerException> {
  return closeException(db, id, 'ignored', close);
}

/** Resolves every open exception of a record, or those whose code is not in `keepCodes`. */
export async function resolveOpenExceptionsForRecord(
  db: Executor,
  recordId: number,
  close: CloseInput,
  keepCodes: readonly string[] = [],
): Promise<number> {
  let query = db.selectFrom('lb_exception').select('id').where('record_id', '=', recordId).where('status', '=', 'open');
  if (keepCodes.length > 0) query = query.where('code', 'not in', keepCodes);
  const open = await query.execute();
  for (const { id } of open) await closeException(db, id, 'resolved', close);
  return open.length;
}

/**
 * Makes a record's open exceptions match what its latest attempt found: the current ones
 * are opened (or counted again), the ones that no longer apply are resolved.
 */
export async function syncRecordExceptions(
  db: Executor,
  recordId: number,
  current: ExceptionInput[],
  actor = 'hub',
): Promise<LedgerException[]> {
  return inTransaction(db, async (trx) => {
    await resolveOpenExceptionsForRecord(
      trx,
      recordId,
      { by: actor, note: 'no longer applies: the latest attempt did not find this problem' },
      current.map((input) => input.code),
    );
    const raised: LedgerException[] = [];
    for (const input of current) raised.push(await raiseException(trx, { ...input, recordId }, actor));
    return raised;
  });
}

export async function getException(db: Executor, id: number): Promise<LedgerException | undefined> {
  const row = await db.selectFrom('lb_exception').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? mapExceptionRow(row) : undefined;
}

export interface ExceptionFilter {
  /** One connection's exceptions; when not given, a connection's handle lists its own, the operator's every connection's. */
  connection?: string;
  status?: ExceptionStatus | 'all';
  owner?: ExceptionOwner;
  flow?: string;
  recordId?: number;
  autoRetry?: boolean;
  /** Only these severities (e.g. the "for review" ones). */
  severities?: readonly ExceptionSeverity[];
  /**
   * Only exceptions due for another automatic try: not seen again for half as long as they have
   * been open, at most this many minutes (a backoff that asks less of the other systems the
   * longer a fix takes).
   */
  dueWithBackoffMinutes?: number;
  limit?: number;
}

export async function listExceptions(db: Executor, filter: ExceptionFilter = {}): Promise<LedgerException[]> {
  let query = db
    .selectFrom('lb_exception')
    .selectAll()
    .orderBy('last_seen_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200);
  const status = filter.status ?? 'open';
  if (status !== 'all') query = query.where('status', '=', status);
  const connection = filter.connection ?? scopedConnectionOf(db);
  if (connection) query = query.where('connection_id', '=', connection);
  if (filter.owner) query = query.where('owner', '=', filter.owner);
  if (filter.flow) query = query.where('flow', '=', filter.flow);
  if (filter.recordId !== undefined) query = query.where('record_id', '=', filter.recordId);
  if (filter.autoRetry !== undefined) query = query.where('auto_retry', '=', filter.autoRetry);
  if (filter.severities) query = query.where('severity', 'in', [...filter.severities]);
  if (filter.dueWithBackoffMinutes !== undefined)
    query = query.where(
      sql<boolean>`last_seen_at <= now() - least(make_interval(mins => ${filter.dueWithBackoffMinutes}), (last_seen_at - first_seen_at) / 2)`,
    );
  return (await query.execute()).map(mapExceptionRow);
}

export interface OpenExceptionCount {
  owner: ExceptionOwner;
  severity: ExceptionSeverity;
  flow: string;
  count: number;
}

/** Open exceptions by team, severity and flow: one connection's when `connection` is given, else every connection's. */
export async function countOpenExceptions(db: Executor, connection?: string): Promise<OpenExceptionCount[]> {
  let query = db
    .selectFrom('lb_exception')
    .select((eb) => ['owner', 'severity', 'flow', eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'open')
    .groupBy(['owner', 'severity', 'flow'])
    .orderBy('owner');
  if (connection !== undefined) query = query.where('connection_id', '=', connection);
  const rows = await query.execute();
  return rows.map((row) => ({
    owner: row.owner as ExceptionOwner,
    severity: row.severity as ExceptionSeverity,
    flow: row.flow,
    count: Number(row.count),
  }));
}
