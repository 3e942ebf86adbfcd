/** The ledger: records, links, exceptions, the append-only audit log, cursors and the webhook inbox. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lb_record')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('flow', 'text', (col) => col.notNull())
    .addColumn('source_system', 'text', (col) => col.notNull())
    .addColumn('source_id', 'text', (col) => col.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb')
    .addColumn('payload_hash', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('external_ref', 'text')
    .addColumn('target_ids', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('last_error', 'jsonb')
    .addColumn('link_group', 'text', (col) => col.notNull())
    .addColumn('not_before', 'timestamptz')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('posted_at', 'timestamptz')
    .addUniqueConstraint('lb_record_source_key', ['flow', 'source_system', 'source_id'])
    .addCheckConstraint(
      'lb_record_state_check',
      sql`state in ('received', 'validated', 'waiting', 'posting', 'posted', 'exception', 'skipped')`,
    )
    .execute();
  await db.schema.createIndex('lb_record_flow_state').on('lb_record').columns(['flow', 'state', 'created_at']).execute();
  await db.schema.createIndex('lb_record_external_ref').on('lb_record').column('external_ref').execute();
  await db.schema.createIndex('lb_record_source_ref').on('lb_record').column('source_ref').execute();

  await db.schema
    .createTable('lb_link')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('link_group', 'text', (col) => col.notNull())
    .addColumn('system', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('lb_link_identity', ['link_group', 'system', 'kind', 'external_id'])
    .execute();
  await db.schema.createIndex('lb_link_external_id').on('lb_link').column('external_id').execute();
  await db.schema.createIndex('lb_link_label').on('lb_link').column('label').execute();
  await db.schema.createIndex('lb_link_group').on('lb_link').column('link_group').execute();

  await db.schema
    .createTable('lb_exception')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('record_id', 'bigint', (col) => col.references('lb_record.id'))
    .addColumn('flow', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('severity', 'text', (col) => col.notNull())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('open'))
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('evidence', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('occurrences', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('auto_retry', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('first_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'text')
    .addColumn('close_note', 'text')
    .addCheckConstraint('lb_exception_status_check', sql`status in ('open', 'resolved', 'ignored')`)
    .addCheckConstraint('lb_exception_owner_check', sql`owner in ('finance', 'operations', 'ecommerce', 'integration')`)
    .addCheckConstraint('lb_exception_severity_check', sql`severity in ('info', 'warning', 'error', 'critical')`)
    .execute();
  // One open exception per problem: a repeat raises `occurrences` instead of a new row.
  await sql`create unique index lb_exception_open_fingerprint on lb_exception (fingerprint) where status = 'open'`.execute(db);
  await db.schema.createIndex('lb_exception_status_owner').on('lb_exception').columns(['status', 'owner']).execute();
  await db.schema.createIndex('lb_exception_record').on('lb_exception').column('record_id').execute();

  await db.schema
    .createTable('lb_audit')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('detail', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('lb_audit_entity').on('lb_audit').columns(['entity', 'entity_id', 'id']).execute();
  // Append-only: the database itself refuses to change or remove history.
  await sql`
    create function lb_audit_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only';
    end
    $$`.execute(db);
  await sql`
    create trigger lb_audit_no_change before update or delete on lb_audit
    for each statement execute function lb_audit_append_only()`.execute(db);

  await db.schema
    .createTable('lb_cursor')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('lb_inbox')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('topic', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('webhook_id', 'text')
    .addColumn('business_key', 'text')
    .addColumn('payload_hash', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('lb_inbox_event', ['source', 'event_id'])
    .execute();
  await db.schema.createIndex('lb_inbox_business_key').on('lb_inbox').columns(['source', 'business_key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['lb_inbox', 'lb_cursor', 'lb_audit', 'lb_exception', 'lb_link', 'lb_record']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists lb_audit_append_only()`.execute(db);
}
