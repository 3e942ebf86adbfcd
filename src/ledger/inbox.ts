/**
 * The webhook inbox: every accepted delivery is stored before it is answered, so no payload
 * the hub said yes to can disappear. The sender's event id makes a redelivery a no-op.
 */
import type { Executor } from '../store/open-store.js';

export interface InboxEvent {
  source: string;
  topic: string;
  eventId: string;
  webhookId?: string | null;
  businessKey?: string | null;
  payloadHash: string;
  body: string;
}

/** Returns the new inbox id, or `undefined` when this event was already received. */
export async function acceptInboxEvent(db: Executor, event: InboxEvent): Promise<number | undefined> {
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
    .returning('id')
    .executeTakeFirst();
  return row?.id;
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
