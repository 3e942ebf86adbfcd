/**
 * The webhook inbox: every accepted delivery is stored before it is answered, so no payload
 * the hub said yes to can disappear. The sender's event id makes a redelivery a no-op.
 * Bodies are kept byte for byte: as text when they are clean UTF-8, else as base64 (a NUL
 * or an invalid byte would make PostgreSQL refuse the row, and the delivery would be lost).
 */
import { isUtf8 } from 'node:buffer';
import { connectionOf, sameConnection } from '../store/connection-scope.ts';
import type { Executor } from '../store/open-store.ts';
import type { InboxRow } from '../store/schema.ts';
import { hasUnstorableText, toStorableText } from './storable.ts';

export interface InboxEvent {
  source: string;
  topic: string;
  eventId: string;
  webhookId?: string | null;
  businessKey?: string | null;
  payloadHash: string;
  /** The delivery as received: bytes, or text already decoded. */
  body: string | Uint8Array;
  /** Storing it is all there is to do (a payment kept for its order's import): stored as processed, handed to no flow. */
  settled?: boolean;
}

export type InboxBodyEncoding = 'utf8' | 'base64';

/** How a body is stored: as itself when the store can keep it as text, else base64 of its bytes. */
export function encodeInboxBody(body: string | Uint8Array): { body: string; encoding: InboxBodyEncoding } {
  if (typeof body === 'string') {
    return hasUnstorableText(body)
      ? { body: Buffer.from(body, 'utf8').toString('base64'), encoding: 'base64' }
      : { body, encoding: 'utf8' };
  }
  if (isUtf8(body)) {
    const text = Buffer.from(body).toString('utf8');
    if (!text.includes('\u0000')) return { body: text, encoding: 'utf8' };
  }
  return { body: Buffer.from(body).toString('base64'), encoding: 'base64' };
}

/** The bytes a stored delivery carried. */
export function readInboxBody(row: Pick<InboxRow, 'body' | 'body_encoding'>): Buffer {
  return row.body_encoding === 'base64' ? Buffer.from(row.body, 'base64') : Buffer.from(row.body, 'utf8');
}

function rowOf(event: InboxEvent, connectionId: string) {
  const { body, encoding } = encodeInboxBody(event.body);
  return {
    connection_id: connectionId,
    source: event.source,
    topic: toStorableText(event.topic),
    event_id: toStorableText(event.eventId),
    webhook_id: event.webhookId == null ? null : toStorableText(event.webhookId),
    business_key: event.businessKey == null ? null : toStorableText(event.businessKey),
    payload_hash: event.payloadHash,
    body,
    body_encoding: encoding,
    status: event.settled ? 'processed' : 'accepted',
  };
}

export interface InboxAcceptance {
  id: number;
  /** False when this event id was already in the inbox. */
  inserted: boolean;
  /** `accepted` until the work it asked for is durably queued, then `processed`. */
  status: string;
}

/**
 * Stores the delivery, or finds it when the event id was seen before. A repeat of an event
 * that never reached `processed` (the hub failed half-way) must be handled again.
 */
export async function acceptInboxEvent(db: Executor, event: InboxEvent): Promise<InboxAcceptance> {
  const connectionId = connectionOf(db);
  const values = rowOf(event, connectionId);
  const row = await db
    .insertInto('lb_inbox')
    .values(values)
    .onConflict((conflict) => conflict.constraint('lb_inbox_event').doNothing())
    .returning(['id', 'status'])
    .executeTakeFirst();
  if (row) return { id: row.id, inserted: true, status: row.status };
  const existing = await db
    .selectFrom('lb_inbox')
    .select(['id', 'status'])
    .where('connection_id', '=', connectionId)
    .where('source', '=', event.source)
    .where('event_id', '=', values.event_id)
    .executeTakeFirstOrThrow();
  return { id: existing.id, inserted: false, status: existing.status };
}

/**
 * Stores many deliveries of one source in two statements (a BC request may carry a thousand
 * notifications); each answer says, in order, whether its event id was new. Under the handle's
 * connection, or the one named (a BC notification routed by its company).
 */
export async function acceptInboxEvents(db: Executor, events: InboxEvent[], connectionId = connectionOf(db)): Promise<InboxAcceptance[]> {
  if (events.length === 0) return [];
  const rows = events.map((event) => rowOf(event, connectionId));
  const source = rows[0]!.source;
  if (rows.some((row) => row.source !== source)) throw new Error('acceptInboxEvents takes events of one source');
  const inserted = await db
    .insertInto('lb_inbox')
    .values(rows)
    .onConflict((conflict) => conflict.constraint('lb_inbox_event').doNothing())
    .returning(['id', 'event_id', 'status'])
    .execute();
  const fresh = new Map(inserted.map((row) => [row.event_id, row]));
  const missing = [...new Set(rows.map((row) => row.event_id).filter((id) => !fresh.has(id)))];
  const existing =
    missing.length === 0
      ? new Map()
      : new Map(
          (
            await db
              .selectFrom('lb_inbox')
              .select(['id', 'event_id', 'status'])
              .where('connection_id', '=', connectionId)
              .where('source', '=', source)
              .where('event_id', 'in', missing)
              .execute()
          ).map((row) => [row.event_id, row]),
        );
  const seen = new Set<string>();
  return rows.map((row) => {
    const mine = fresh.get(row.event_id);
    // The same event id twice in one request: the first is the insert, the second a repeat.
    if (mine && !seen.has(row.event_id)) {
      seen.add(row.event_id);
      return { id: mine.id, inserted: true, status: mine.status };
    }
    const found = mine ?? existing.get(row.event_id)!;
    return { id: found.id, inserted: false, status: found.status };
  });
}

export async function markInboxEvent(db: Executor, id: number, status: 'processed' | 'duplicate' | 'ignored'): Promise<void> {
  await db.updateTable('lb_inbox').set({ status }).where('id', '=', id).execute();
}

export async function markInboxEvents(db: Executor, ids: number[], status: 'processed' | 'duplicate' | 'ignored'): Promise<void> {
  if (ids.length > 0) await db.updateTable('lb_inbox').set({ status }).where('id', 'in', ids).execute();
}

export async function countInbox(db: Executor, source: string): Promise<number> {
  const row = await db
    .selectFrom('lb_inbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('source', '=', source)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A stored delivery taken to be handed to its flow. */
export type ClaimedInboxEvent = Pick<InboxRow, 'id' | 'topic' | 'event_id' | 'body' | 'body_encoding'>;

/**
 * Takes up to `limit` deliveries of a source that are stored but not yet handed to their flow,
 * oldest first, and marks them taken now: never claimed, or claimed before `staleBefore` (a
 * process that stopped half-way, or a hand-over that failed), of the handle's connection. One statement, with the rows
 * another process is claiming skipped, so two processes never take the same delivery at once.
 */
export async function claimInboxEvents(
  db: Executor,
  source: string,
  options: { limit: number; staleBefore: Date },
): Promise<ClaimedInboxEvent[]> {
  return db
    .updateTable('lb_inbox')
    .set({ claimed_at: new Date() })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('lb_inbox')
        .select('id')
        .where('source', '=', source)
        .where('status', '=', 'accepted')
        .where(sameConnection(db))
        .where((inner) => inner.or([inner('claimed_at', 'is', null), inner('claimed_at', '<', options.staleBefore)]))
        .orderBy('id')
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'topic', 'event_id', 'body', 'body_encoding'])
    .execute()
    .then((rows) => rows.sort((a, b) => a.id - b.id));
}
