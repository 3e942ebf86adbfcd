/**
 * What keeps the operator views cheap however large the ledger grows:
 * - `lb_record_count`: records per flow and state, kept by a trigger in the same transaction as
 *   every insert, state change and delete, so status never counts the ledger;
 * - indexes for every way a record is searched (source id, the numeric tail of a GID, the trail
 *   group) and for open exceptions, so no search or count scans a table.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lb_record_count')
    .addColumn('flow', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('n', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('lb_record_count_pk', ['flow', 'state'])
    .execute();
  // Two counters change on a state change; they are always taken in name order, so two
  // transactions moving records in opposite directions cannot deadlock on them.
  await sql`
    create function lb_record_count_change() returns trigger language plpgsql as $$
    declare
      first_state text;
      second_state text;
    begin
      if tg_op = 'INSERT' then
        insert into lb_record_count (flow, state, n) values (new.flow, new.state, 1)
          on conflict (flow, state) do update set n = lb_record_count.n + 1;
      elsif tg_op = 'DELETE' then
        update lb_record_count set n = n - 1 where flow = old.flow and state = old.state;
      elsif new.state is distinct from old.state or new.flow is distinct from old.flow then
        first_state := least(old.flow || '/' || old.state, new.flow || '/' || new.state);
        second_state := greatest(old.flow || '/' || old.state, new.flow || '/' || new.state);
        if first_state = old.flow || '/' || old.state then
          update lb_record_count set n = n - 1 where flow = old.flow and state = old.state;
          insert into lb_record_count (flow, state, n) values (new.flow, new.state, 1)
            on conflict (flow, state) do update set n = lb_record_count.n + 1;
        else
          insert into lb_record_count (flow, state, n) values (new.flow, new.state, 1)
            on conflict (flow, state) do update set n = lb_record_count.n + 1;
          update lb_record_count set n = n - 1 where flow = old.flow and state = old.state;
        end if;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger lb_record_count_trigger after insert or delete or update of state, flow on lb_record
      for each row execute function lb_record_count_change()`.execute(db);
  await sql`insert into lb_record_count (flow, state, n) select flow, state, count(*) from lb_record group by flow, state`.execute(db);

  await db.schema.createIndex('lb_record_source_id').on('lb_record').column('source_id').execute();
  // Shopify ids are GIDs (gid://shopify/Order/123); people search by the number at the end.
  await sql`create index lb_record_source_tail on lb_record ((substring(source_id from '[^/]*$')))`.execute(db);
  await db.schema.createIndex('lb_record_link_group').on('lb_record').column('link_group').execute();
  await sql`create index lb_exception_open_counts on lb_exception (owner, severity, flow) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger lb_record_count_trigger on lb_record`.execute(db);
  await sql`drop function lb_record_count_change()`.execute(db);
  await db.schema.dropTable('lb_record_count').execute();
  for (const index of ['lb_record_source_id', 'lb_record_source_tail', 'lb_record_link_group', 'lb_exception_open_counts'])
    await db.schema.dropIndex(index).execute();
}
