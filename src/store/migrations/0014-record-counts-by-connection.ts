/**
 * Record counters per connection (issue 16, the operator's leftovers of decision 0026):
 * `lb_record_count` kept by connection, flow and state, so status, the overview and the metrics
 * can show one shop's figures as cheaply as the hub's (a hub's figures are the sum of its
 * connections' rows, still never a count over the ledger); and the record index by flow and
 * state taking the connection too, so one connection's oldest unfinished record of a flow is
 * found without walking the other shops' records.
 *
 * The counters are rebuilt from the ledger with the records locked against writes (reads go
 * on), so no record is counted twice or missed while the trigger changes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`lock table lb_record in share mode`.execute(db);
  await sql`drop trigger lb_record_count_trigger on lb_record`.execute(db);
  await db.schema.dropTable('lb_record_count').execute();
  await db.schema
    .createTable('lb_record_count')
    .addColumn('connection_id', 'text', (col) => col.notNull().defaultTo('default'))
    .addColumn('flow', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('n', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('lb_record_count_pk', ['connection_id', 'flow', 'state'])
    .execute();
  // As in 0006: the two counters of a move are taken in key order, so two transactions moving
  // records in opposite directions cannot deadlock on them.
  await sql`
    create or replace function lb_record_count_change() returns trigger language plpgsql as $$
    declare
      old_key text;
      new_key text;
    begin
      if tg_op = 'INSERT' then
        insert into lb_record_count (connection_id, flow, state, n) values (new.connection_id, new.flow, new.state, 1)
          on conflict (connection_id, flow, state) do update set n = lb_record_count.n + 1;
      elsif tg_op = 'DELETE' then
        update lb_record_count set n = n - 1
          where connection_id = old.connection_id and flow = old.flow and state = old.state;
      elsif new.state is distinct from old.state or new.flow is distinct from old.flow
          or new.connection_id is distinct from old.connection_id then
        old_key := old.connection_id || '/' || old.flow || '/' || old.state;
        new_key := new.connection_id || '/' || new.flow || '/' || new.state;
        if old_key < new_key then
          update lb_record_count set n = n - 1
            where connection_id = old.connection_id and flow = old.flow and state = old.state;
          insert into lb_record_count (connection_id, flow, state, n) values (new.connection_id, new.flow, new.state, 1)
            on conflict (connection_id, flow, state) do update set n = lb_record_count.n + 1;
        else
          insert into lb_record_count (connection_id, flow, state, n) values (new.connection_id, new.flow, new.state, 1)
            on conflict (connection_id, flow, state) do update set n = lb_record_count.n + 1;
          update lb_record_count set n = n - 1
            where connection_id = old.connection_id and flow = old.flow and state = old.state;
        end if;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger lb_record_count_trigger after insert or delete or update of state, flow, connection_id on lb_record
      for each row execute function lb_record_count_change()`.execute(db);
  await sql`
    insert into lb_record_count (connection_id, flow, state, n)
      select connection_id, flow, state, count(*) from lb_record group by connection_id, flow, state`.execute(db);
  // The (flow, state, created_at) index of 0001 gains the connection before the time: what
  // picks work by flow and state uses it as before, and one connection's oldest record of a flow
  // and state is its first entry for that connection. Replaced rather than added, so writing a
  // record maintains no more indexes than it did.
  await db.schema.dropIndex('lb_record_flow_state').execute();
  await db.schema.createIndex('lb_record_flow_state').on('lb_record').columns(['flow', 'state', 'connection_id', 'created_at']).execute();
  // Open exceptions counted per connection as cheaply as for the hub.
  await sql`drop index lb_exception_open_counts`.execute(db);
  await sql`create index lb_exception_open_counts on lb_exception (connection_id, owner, severity, flow) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index lb_exception_open_counts`.execute(db);
  await sql`create index lb_exception_open_counts on lb_exception (owner, severity, flow) where status = 'open'`.execute(db);
  await db.schema.dropIndex('lb_record_flow_state').execute();
  await db.schema.createIndex('lb_record_flow_state').on('lb_record').columns(['flow', 'state', 'created_at']).execute();
  await sql`lock table lb_record in share mode`.execute(db);
  await sql`drop trigger lb_record_count_trigger on lb_record`.execute(db);
  await db.schema.dropTable('lb_record_count').execute();
  await db.schema
    .createTable('lb_record_count')
    .addColumn('flow', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('n', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('lb_record_count_pk', ['flow', 'state'])
    .execute();
  await sql`
    create or replace function lb_record_count_change() returns trigger language plpgsql as $$
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
}
