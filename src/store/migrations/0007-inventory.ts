/**
 * The inventory flow's last push per SKU and location: what was pushed, when, by which push
 * record, and every term of the formula behind it, so "why does Shopify show 3?" is answered
 * from one row. The push records themselves (inputs and all) are ordinary ledger records.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lb_inventory_position')
    .addColumn('sku', 'text', (col) => col.notNull())
    .addColumn('location_code', 'text', (col) => col.notNull())
    .addColumn('shopify_location_id', 'text', (col) => col.notNull())
    .addColumn('inventory_item_id', 'text', (col) => col.notNull())
    .addColumn('pushed_quantity', 'integer', (col) => col.notNull())
    .addColumn('previous_quantity', 'integer')
    .addColumn('terms', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('record_id', 'bigint')
    .addColumn('pushed_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('lb_inventory_position_pk', ['sku', 'location_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lb_inventory_position').execute();
}
