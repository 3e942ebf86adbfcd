/**
 * Retention: the ledger keeps every record, link, exception and audit entry, but not every
 * byte of every source payload forever. A finished record's payload older than the retention
 * period is cut down to what the hub still reads from it (the source's `updatedAt`, which
 * change detection compares); what was posted stays in `posted_snapshot`. Handled webhook
 * deliveries leave the inbox once no sender can repeat them.
 */
import { sql } from 'kysely';
import type { Executor } from '../store/open-store.ts';

export interface RetentionPolicy {
  payloadDays: number;
  inboxDays: number;
}

export interface RetentionResult {
  compactedPayloads: number;
  deletedDeliveries: number;
}

const DAY_MS = 24 * 60 * 60_000;
/** Rows changed per statement, so the store is never held for long. */
const BATCH = 1_000;

export async function applyRetention(db: Executor, policy: RetentionPolicy, now: Date): Promise<RetentionResult> {
  const payloadCutoff = new Date(now.getTime() - policy.payloadDays * DAY_MS);
  const inboxCutoff = new Date(now.getTime() - policy.inboxDays * DAY_MS);
  let compactedPayloads = 0;
  for (;;) {
    const result = await db
      .updateTable('lb_record')
      .set({
        payload: sql`jsonb_strip_nulls(jsonb_build_object('updatedAt', payload->'updatedAt', 'compactedAt', ${now.toISOString()}::text))`,
      })
      .where(
        'id',
        'in',
        db
          .selectFrom('lb_record')
          .select('id')
          .where('state', 'in', ['posted', 'skipped'])
          .where('updated_at', '<', payloadCutoff)
          .where('payload', 'is not', null)
          .where(sql<boolean>`not (payload ? 'compactedAt')`)
          .limit(BATCH),
      )
      .executeTakeFirst();
    const changed = Number(result.numUpdatedRows);
    compactedPayloads += changed;
    if (changed < BATCH) break;
  }
  let deletedDeliveries = 0;
  for (;;) {
    const result = await db
      .deleteFrom('lb_inbox')
      .where(
        'id',
        'in',
        db.selectFrom('lb_inbox').select('id').where('received_at', '<', inboxCutoff).where('status', '!=', 'accepted').limit(BATCH),
      )
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    deletedDeliveries += deleted;
    if (deleted < BATCH) break;
  }
  return { compactedPayloads, deletedDeliveries };
}
