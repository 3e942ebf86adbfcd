/**
 * Connections (issue 16, decision 0026): the shop, BC company and warehouse a piece of work
 * belongs to. Every table holding per-shop identity gets `connection_id`, defaulting to
 * `default` (so a single-shop hub's rows are the default connection's, and its code, which
 * names no connection, keeps working), and the connection becomes part of its unique keys:
 * the same Shopify order id in two shops is two records, each shop has its own cursors, inbox
 * event ids, open exceptions and last pushed stock.
 */
import { sql, type Kysely } from 'kysely';

const tables = ['lb_record', 'lb_link', 'lb_exception', 'lb_cursor', 'lb_inbox', 'lb_inventory_position', 'lb_reconciliation_run'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of tables)
    await db.schema
      .alterTable(table)
      .addColumn('connection_id', 'text', (col) => col.notNull().defaultTo('default'))
      .execute();

  await sql`alter table lb_record drop constraint lb_record_source_key`.execute(db);
  await sql`alter table lb_record add constraint lb_record_source_key unique (connection_id, flow, source_system, source_id)`.execute(db);
  // The operator's list by connection, newest first.
  await db.schema.createIndex('lb_record_connection').on('lb_record').columns(['connection_id', 'id']).execute();

  await sql`alter table lb_cursor drop constraint lb_cursor_pkey`.execute(db);
  await sql`alter table lb_cursor add constraint lb_cursor_pkey primary key (connection_id, name)`.execute(db);

  await sql`alter table lb_inbox drop constraint lb_inbox_event`.execute(db);
  await sql`alter table lb_inbox add constraint lb_inbox_event unique (connection_id, source, event_id)`.execute(db);

  await sql`drop index lb_exception_open_fingerprint`.execute(db);
  await sql`create unique index lb_exception_open_fingerprint on lb_exception (connection_id, fingerprint) where status = 'open'`.execute(
    db,
  );

  await sql`alter table lb_inventory_position drop constraint lb_inventory_position_pk`.execute(db);
  await sql`alter table lb_inventory_position add constraint lb_inventory_position_pk primary key (connection_id, sku, location_code)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table lb_inventory_position drop constraint lb_inventory_position_pk`.execute(db);
  await sql`alter table lb_inventory_position add constraint lb_inventory_position_pk primary key (sku, location_code)`.execute(db);
  await sql`drop index lb_exception_open_fingerprint`.execute(db);
  await sql`create unique index lb_exception_open_fingerprint on lb_exception (fingerprint) where status = 'open'`.execute(db);
  await sql`alter table lb_inbox drop constraint lb_inbox_event`.execute(db);
  await sql`alter table lb_inbox add constraint lb_inbox_event unique (source, event_id)`.execute(db);
  await sql`alter table lb_cursor drop constraint lb_cursor_pkey`.execute(db);
  await sql`alter table lb_cursor add constraint lb_cursor_pkey primary key (name)`.execute(db);
  await db.schema.dropIndex('lb_record_connection').execute();
  await sql`alter table lb_record drop constraint lb_record_source_key`.execute(db);
  await sql`alter table lb_record add constraint lb_record_source_key unique (flow, source_system, source_id)`.execute(db);
  for (const table of tables) await db.schema.alterTable(table).dropColumn('connection_id').execute();
}
