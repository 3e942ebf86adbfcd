/**
 * Month-end reconciliation, stored per run so a month's report can be reopened and compared
 * with the run before it: the run (period, when, by whom, what was compared) and each
 * difference found (category, the record's trail, both sides' amounts, what was seen).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lb_reconciliation_run')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('period_from', 'text', (col) => col.notNull())
    .addColumn('period_to', 'text', (col) => col.notNull())
    .addColumn('trigger', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('running'))
    .addColumn('compared', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('lb_reconciliation_run_status_check', sql`status in ('running', 'finished', 'failed')`)
    .execute();
  await db.schema
    .createIndex('lb_reconciliation_run_period')
    .on('lb_reconciliation_run')
    .columns(['period_from', 'period_to', 'id'])
    .execute();
  await db.schema
    .createTable('lb_reconciliation_difference')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('run_id', 'bigint', (col) => col.notNull().references('lb_reconciliation_run.id').onDelete('cascade'))
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('shopify_amount', 'text')
    .addColumn('bc_amount', 'text')
    .addColumn('record_id', 'bigint')
    .addColumn('link_group', 'text')
    .addColumn('detail', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex('lb_reconciliation_difference_run')
    .on('lb_reconciliation_difference')
    .columns(['run_id', 'category'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lb_reconciliation_difference').execute();
  await db.schema.dropTable('lb_reconciliation_run').execute();
}
