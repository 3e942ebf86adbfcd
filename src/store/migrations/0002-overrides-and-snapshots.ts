/**
 * Operator overrides on a record (corrected values the flow applies before it validates
 * again) and the snapshot of what was posted (to tell later what changed at the source).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('lb_record')
    .addColumn('overrides', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.alterTable('lb_record').addColumn('posted_snapshot', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lb_record').dropColumn('posted_snapshot').execute();
  await db.schema.alterTable('lb_record').dropColumn('overrides').execute();
}
