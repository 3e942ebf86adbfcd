/**
 * A reconciliation run's notes: what it did not compare and why (a leg skipped because its
 * flow is off, SKUs left out), so a quiet report is never mistaken for a clean one.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('lb_reconciliation_run')
    .addColumn('notes', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lb_reconciliation_run').dropColumn('notes').execute();
}
