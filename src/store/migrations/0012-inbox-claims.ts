/**
 * Webhook deliveries handed to their flows after the answer (src/server/inbox-handover.ts): a
 * delivery is claimed by the process handing it over, so several processes share the work and
 * a claim left by a process that stopped is taken again after its lease. The partial index keeps
 * finding the waiting ones cheap however large the inbox grows.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lb_inbox').addColumn('claimed_at', 'timestamptz').execute();
  await sql`create index lb_inbox_waiting on lb_inbox (source, id) where status = 'accepted'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index lb_inbox_waiting`.execute(db);
  await db.schema.alterTable('lb_inbox').dropColumn('claimed_at').execute();
}
