/**
 * Records: one per (flow, source system, source id). The record is the hub's memory of a
 * piece of work: its payload, state, attempts, the reference written before any create, and
 * the ids of the documents it produced.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type UpdateObject } from 'kysely';
import { inTransaction, type Executor } from '../store/open-store.ts';
import { connectionOf, scopedConnectionOf } from '../store/connection-scope.ts';
import type { Database } from '../store/schema.ts';
import { appendAudit } from './audit.ts';
import { resolveOpenExceptionsForRecord } from './exceptions.ts';
import { mapRecordRow } from './map-rows.ts';
import { assertTransition, statesThatMayMoveTo, unfinishedStates } from './state-machine.ts';
import type { LedgerRecord, RecordState } from './types.ts';

export interface RecordKey {
  /** The connection (shop ↔ BC company); the handle's connection when not given (connection-scope.ts). */
  connectionId?: string;
  flow: string;
  sourceSystem: string;
  sourceId: string;
}

export interface ReceiveInput extends RecordKey {
  sourceRef?: string | null;
  payload?: unknown;
  actor: string;
  /** Join an existing trail (e.g. a refund joins its order's). */
  linkGroup?: string;
}

export interface ReceiveResult {
  record: LedgerRecord;
  created: boolean;
  payloadChanged: boolean;
}

/** Stable hash of a JSON value: key order does not change it. */
export function hashPayload(payload: unknown): string {
  return createHash('sha256').update(stableStringify(payload)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableStringify(inner)}`).join(',')}}`;
}

/**
 * Creates the record on first sight; on a repeat, keeps the record and only refreshes the
 * payload when it changed. Safe to call from a webhook and a poll racing each other.
 */
export async function receiveRecord(db: Executor, input: ReceiveInput): Promise<ReceiveResult> {
  const payloadHash = input.payload === undefined ? null : hashPayload(input.payload);
  const connectionId = input.connectionId ?? connectionOf(db);
  // First sight, the common case, is one statement: the record and its audit entry together.
  const inserted = await db
    .with('inserted', (qb) =>
      qb
        .insertInto('lb_record')
        .values({
          connection_id: connectionId,
          flow: input.flow,
          source_system: input.sourceSystem,
          source_id: input.sourceId,
          source_ref: input.sourceRef ?? null,
          state: 'received',
          payload: input.payload === undefined ? null : JSON.stringify(input.payload),
          payload_hash: payloadHash,
          target_ids: '{}',
          link_group: input.linkGroup ?? randomUUID(),
        })
        .onConflict((conflict) => conflict.constraint('lb_record_source_key').doNothing())
        .returningAll(),
    )
    .with('audited', (qb) =>
      qb
        .insertInto('lb_audit')
        .columns(['actor', 'entity', 'entity_id', 'action', 'to_state', 'detail'])
        .expression((eb) =>
          eb
            .selectFrom('inserted')
            .select([
              eb.val(input.actor).as('actor'),
              eb.val('record').as('entity'),
              sql<string>`inserted.id::text`.as('entity_id'),
              eb.val('received').as('action'),
              eb.val('received').as('to_state'),
              eb.val('{}').as('detail'),
            ]),
        ),
    )
    .selectFrom('inserted')
    .selectAll()
    .executeTakeFirst();
  if (inserted) return { record: mapRecordRow(inserted), created: true, payloadChanged: false };
  return inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('lb_record')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('flow', '=', input.flow)
      .where('source_system', '=', input.sourceSystem)
      .where('source_id', '=', input.sourceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (payloadHash === null || existing.payload_hash === payloadHash) {
      return { record: mapRecordRow(existing), created: false, payloadChanged: false };
    }
    const updated = await trx
      .updateTable('lb_record')
      .set({
        payload: JSON.stringify(input.payload),
        payload_hash: payloadHash,
        source_ref: input.sourceRef ?? existing.source_ref,
        updated_at: sql<Date>`now()`,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: input.actor,
      entity: 'record',
      entityId: existing.id,
      action: 'payload_changed',
      detail: { previousHash: existing.payload_hash, hash: payloadHash },
    });
    return { record: mapRecordRow(updated), created: false, payloadChanged: true };
  });
}

export interface TransitionInput {
  to: RecordState;
  actor: string;
  /** The state the caller believes the record is in; the update fails if it moved meanwhile. */
  from?: RecordState;
  /** The version the caller read; the update fails if anyone changed the record since. */
  expectedVersion?: number;
  reason?: string;
  detail?: Record<string, unknown>;
  externalRef?: string | null;
  targetIds?: Record<string, string>;
  lastError?: unknown;
  notBefore?: Date | null;
  countAttempt?: boolean;
  /** Merged into the record's overrides (an operator's corrections). */
  overrides?: Record<string, string>;
  /** Replaces the snapshot of what was posted. */
  postedSnapshot?: unknown;
  /** Replaces the target ids instead of merging into them (a document was replaced). */
  replaceTargetIds?: boolean;
}

export class RecordMovedError extends Error {
  readonly recordId: number;
  constructor(recordId: number, expected: RecordState) {
    super(`record ${recordId} is no longer ${expected}; another worker moved it`);
    this.recordId = recordId;
    this.name = 'RecordMovedError';
  }
}

/**
 * Moves a record to a new state, checked against the state machine, with an audit entry: one
 * statement (update, compare-and-set on the states allowed to move there, and the audit row),
 * plus closing the record's open exceptions when it reaches `posted`.
 */
export async function transitionRecord(db: Executor, recordId: number, input: TransitionInput): Promise<LedgerRecord> {
  if (input.to !== 'posted') return moveRecord(db, recordId, input);
  return inTransaction(db, async (trx) => {
    const moved = await moveRecord(trx, recordId, input);
    await resolveOpenExceptionsForRecord(trx, recordId, { by: input.actor, note: 'the record succeeded' });
    return moved;
  });
}

async function moveRecord(db: Executor, recordId: number, input: TransitionInput): Promise<LedgerRecord> {
  const fromStates = statesThatMayMoveTo(input.to).filter((state) => !input.from || state === input.from);
  const patch: UpdateObject<Database, 'lb_record'> = {
    state: input.to,
    updated_at: sql<Date>`now()`,
    version: sql<number>`version + 1`,
  };
  if (input.externalRef !== undefined) patch.external_ref = input.externalRef;
  if (input.targetIds)
    patch.target_ids = input.replaceTargetIds
      ? JSON.stringify(input.targetIds)
      : sql<string>`target_ids || ${JSON.stringify(input.targetIds)}::jsonb`;
  if (input.lastError !== undefined) patch.last_error = input.lastError === null ? null : JSON.stringify(input.lastError);
  if (input.notBefore !== undefined) patch.not_before = input.notBefore;
  if (input.countAttempt) patch.attempts = sql<number>`attempts + 1`;
  if (input.overrides) patch.overrides = sql<string>`overrides || ${JSON.stringify(input.overrides)}::jsonb`;
  if (input.postedSnapshot !== undefined) patch.posted_snapshot = JSON.stringify(input.postedSnapshot);
  if (input.to === 'posted') {
    patch.posted_at = sql<Date>`now()`;
    patch.last_error = null;
  }
  const detail = JSON.stringify({
    ...(input.detail ?? {}),
    ...(input.targetIds ? { targetIds: input.targetIds } : {}),
    ...(input.overrides ? { overrides: input.overrides } : {}),
  });
  // Every sub-statement sees the row as it was before the update, so `before` has the old state.
  const row = await db
    .with('before', (qb) => qb.selectFrom('lb_record').select(['id', 'state']).where('id', '=', recordId))
    .with('moved', (qb) => {
      let update = qb.updateTable('lb_record').set(patch).where('id', '=', recordId).where('state', 'in', fromStates);
      if (input.expectedVersion !== undefined) update = update.where('version', '=', input.expectedVersion);
      return update.returningAll();
    })
    .with('audited', (qb) =>
      qb
        .insertInto('lb_audit')
        .columns(['actor', 'entity', 'entity_id', 'action', 'from_state', 'to_state', 'detail'])
        .expression((eb) =>
          eb
            .selectFrom(['moved', 'before'])
            .select([
              eb.val(input.actor).as('actor'),
              eb.val('record').as('entity'),
              sql<string>`moved.id::text`.as('entity_id'),
              eb.val(input.reason ?? 'transition').as('action'),
              'before.state as from_state',
              eb.val(input.to).as('to_state'),
              eb.val(detail).as('detail'),
            ]),
        ),
    )
    .selectFrom('moved')
    .selectAll()
    .executeTakeFirst();
  if (row) return mapRecordRow(row);
  // Nothing moved: say why, as precisely as before.
  const current = await db.selectFrom('lb_record').select(['state', 'version']).where('id', '=', recordId).executeTakeFirstOrThrow();
  const from = current.state as RecordState;
  if (input.from && input.from !== from) throw new RecordMovedError(recordId, input.from);
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) throw new RecordMovedError(recordId, from);
  assertTransition(from, input.to);
  // The state allowed the move a moment ago: another worker changed the record in between.
  throw new RecordMovedError(recordId, from);
}

export async function getRecord(db: Executor, id: number): Promise<LedgerRecord | undefined> {
  const row = await db.selectFrom('lb_record').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? mapRecordRow(row) : undefined;
}

export async function findRecord(db: Executor, key: RecordKey): Promise<LedgerRecord | undefined> {
  const row = await db
    .selectFrom('lb_record')
    .selectAll()
    .where('connection_id', '=', key.connectionId ?? connectionOf(db))
    .where('flow', '=', key.flow)
    .where('source_system', '=', key.sourceSystem)
    .where('source_id', '=', key.sourceId)
    .executeTakeFirst();
  return row ? mapRecordRow(row) : undefined;
}

/**
 * Records matching an id people have in hand: the ledger id, the source id (full or
 * numeric tail of a GID), the human reference, the external reference or any id in the trail.
 */
export async function searchRecords(db: Executor, term: string, connection?: string): Promise<LedgerRecord[]> {
  const trimmed = term.trim();
  // One indexed lookup per kind of id, united: an OR across them would scan the ledger.
  const ids = (field: 'source_id' | 'source_ref' | 'external_ref', value: string) =>
    db.selectFrom('lb_record').select('id').where(field, '=', value);
  let matches = ids('source_id', trimmed)
    // The number at the end of a GID, through its expression index.
    .union(
      db
        .selectFrom('lb_record')
        .select('id')
        .where(sql<string>`substring(source_id from '[^/]*$')`, '=', trimmed),
    )
    .union(ids('source_ref', trimmed))
    .union(ids('source_ref', `#${trimmed}`))
    .union(ids('external_ref', trimmed.toUpperCase()))
    .union(
      db
        .selectFrom('lb_link')
        .innerJoin('lb_record', 'lb_record.link_group', 'lb_link.link_group')
        .select('lb_record.id')
        .where((inner) => inner.or([inner('lb_link.external_id', '=', trimmed), inner('lb_link.label', '=', trimmed)])),
    );
  if (/^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)))
    matches = matches.union(db.selectFrom('lb_record').select('id').where('id', '=', Number(trimmed)));
  let query = db.selectFrom('lb_record').selectAll().where('id', 'in', matches);
  if (connection) query = query.where('connection_id', '=', connection);
  const rows = await query.orderBy('id').limit(50).execute();
  return rows.map(mapRecordRow);
}

export interface RecordFilter {
  /** One connection's records only; when not given, a connection's handle lists its own, the operator's every connection's. */
  connection?: string;
  flow?: string;
  states?: RecordState[];
  limit?: number;
}

export async function listRecords(db: Executor, filter: RecordFilter = {}): Promise<LedgerRecord[]> {
  let query = db
    .selectFrom('lb_record')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100);
  const connection = filter.connection ?? scopedConnectionOf(db);
  if (connection) query = query.where('connection_id', '=', connection);
  if (filter.flow) query = query.where('flow', '=', filter.flow);
  if (filter.states && filter.states.length > 0) query = query.where('state', 'in', filter.states);
  return (await query.execute()).map(mapRecordRow);
}

export interface FlowBacklog {
  flow: string;
  backlog: number;
  waiting: number;
  inException: number;
  posted: number;
  oldestUnpostedAt: Date | null;
}

/** One connection's backlog of one flow. */
export interface ConnectionFlowBacklog extends FlowBacklog {
  connection: string;
}

/**
 * Backlog per connection and flow from the counters the store keeps per connection (never a
 * count over the ledger), and the oldest unfinished record of each from the (flow, state,
 * connection, created_at) index: one index entry per connection and unfinished state. One
 * connection's when `connection` is given.
 */
export async function summariseFlowsByConnection(db: Executor, connection?: string): Promise<ConnectionFlowBacklog[]> {
  let countQuery = db.selectFrom('lb_record_count').select(['connection_id', 'flow', 'state', 'n']).where('n', '>', 0);
  if (connection !== undefined) countQuery = countQuery.where('connection_id', '=', connection);
  let oldestQuery = db
    .selectFrom('lb_record_count as c')
    .select((eb) => [
      'c.connection_id',
      'c.flow',
      eb
        .selectFrom('lb_record as r')
        .select('r.created_at')
        .whereRef('r.connection_id', '=', 'c.connection_id')
        .whereRef('r.flow', '=', 'c.flow')
        .whereRef('r.state', '=', 'c.state')
        .orderBy('r.created_at')
        .limit(1)
        .as('oldest'),
    ])
    .where('c.n', '>', 0)
    .where('c.state', 'in', [...unfinishedStates]);
  if (connection !== undefined) oldestQuery = oldestQuery.where('c.connection_id', '=', connection);
  const [counts, oldest] = [await countQuery.execute(), await oldestQuery.execute()];
  const byKey = new Map<string, ConnectionFlowBacklog>();
  const summaryOf = (connectionId: string, flow: string) => {
    const key = `${connectionId}\u0000${flow}`;
    let summary = byKey.get(key);
    if (!summary)
      byKey.set(
        key,
        (summary = { connection: connectionId, flow, backlog: 0, waiting: 0, inException: 0, posted: 0, oldestUnpostedAt: null }),
      );
    return summary;
  };
  for (const { connection_id, flow, state, n } of counts) {
    const summary = summaryOf(connection_id, flow);
    const count = Number(n);
    if ((unfinishedStates as readonly string[]).includes(state)) summary.backlog += count;
    if (state === 'waiting') summary.waiting += count;
    if (state === 'exception') summary.inException += count;
    if (state === 'posted') summary.posted += count;
  }
  for (const { connection_id, flow, oldest: at } of oldest) {
    if (!at) continue;
    const summary = summaryOf(connection_id, flow);
    if (!summary.oldestUnpostedAt || at < summary.oldestUnpostedAt) summary.oldestUnpostedAt = at;
  }
  return [...byKey.values()].sort((a, b) => a.flow.localeCompare(b.flow) || a.connection.localeCompare(b.connection));
}

/**
 * Backlog per flow (see summariseFlowsByConnection): one connection's when `connection` is
 * given, else every connection's together (the oldest is the oldest of any).
 */
export async function summariseFlows(db: Executor, connection?: string): Promise<FlowBacklog[]> {
  const byFlow = new Map<string, FlowBacklog>();
  for (const { connection: _connection, ...one } of await summariseFlowsByConnection(db, connection)) {
    const summary = byFlow.get(one.flow);
    if (!summary) {
      byFlow.set(one.flow, one);
      continue;
    }
    summary.backlog += one.backlog;
    summary.waiting += one.waiting;
    summary.inException += one.inException;
    summary.posted += one.posted;
    if (one.oldestUnpostedAt && (!summary.oldestUnpostedAt || one.oldestUnpostedAt < summary.oldestUnpostedAt))
      summary.oldestUnpostedAt = one.oldestUnpostedAt;
  }
  return [...byFlow.values()];
}

/** An operator's corrected values for a record, applied by its flow on the next attempt. */
export async function setRecordOverrides(
  db: Executor,
  recordId: number,
  overrides: Record<string, string>,
  actor: string,
): Promise<LedgerRecord> {
  return inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('lb_record').selectAll().where('id', '=', recordId).forUpdate().executeTakeFirstOrThrow();
    const updated = await trx
      .updateTable('lb_record')
      .set({
        overrides: JSON.stringify({ ...current.overrides, ...overrides }),
        updated_at: sql<Date>`now()`,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', recordId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor, entity: 'record', entityId: recordId, action: 'overrides_set', detail: { overrides } });
    return mapRecordRow(updated);
  });
}
