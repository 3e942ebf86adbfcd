/**
 * The webhook inbox: every accepted delivery is stored before it is answered, so no payload
 * the hub said yes to can disappear. The sender's event id makes a redelivery a no-op.
 */
import type { Executor } from '../store/open-store.ts';

export interface InboxEvent {
  source: string;
  topic: string;
  eventId: string;
  webhookId?: string | null;
  businessKey?: string | null;
  payloadHash: string;
  body: string;
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
  const row = await db
    .insertInto('lb_inbox')
    .values({
      source: event.source,
      topic: event.topic,
      event_id: event.eventId,
      webhook_id: event.webhookId ?? null,
      business_key: event.businessKey ?? null,
      payload_hash: event.payloadHash,
      body: event.body,
      status: 'accepted',
    })
    .onConflict((conflict) => conflict.constraint('lb_inbox_event').doNothing())
    .returning(['id', 'status'])
    .executeTakeFirst();
  if (row) return { id: row.id, inserted: true, status: row.status };
  const existing = await db
    .selectFrom('lb_inbox')
    .select(['id', 'status'])
    .where('source', '=', event.source)
    .where('event_id', '=', event.eventId)
    .executeTakeFirstOrThrow();
  return { id: existing.id, inserted: false, status: existing.status };
}

export async function markInboxEvent(db: Executor, id: number, status: 'processed' | 'duplicate' | 'ignored'): Promise<void> {
  await db.updateTable('lb_inbox').set({ status }).where('id', '=', id).execute();
}

export async function countInbox(db: Executor, source: string): Promise<number> {
  const row = await db
    .selectFrom('lb_inbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('source', '=', source)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
