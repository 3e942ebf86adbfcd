/**
 * Request budgets shared by every hub process on one PostgreSQL (decision 0024): BC's
 * in-flight slots and sliding window per app registration, and Shopify's cost bucket per
 * shop. One row per budget serialises its takers; in-flight slots are session advisory
 * locks, so a process that dies gives its slots back with its connection.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lb_budget')
    .addColumn('name', 'text', (col) => col.primaryKey())
    /** A Retry-After from upstream holds every process until then. */
    .addColumn('paused_until', 'timestamptz')
    /** Shopify's bucket as last known: reported, refilled since `bucket_at`, minus reservations. */
    .addColumn('bucket_maximum', 'float8')
    .addColumn('bucket_available', 'float8')
    .addColumn('bucket_restore_rate', 'float8')
    .addColumn('bucket_at', 'timestamptz')
    .execute();
  // Starts per time slice of the window (1/300 of it: a second of BC's 5 minutes).
  await db.schema
    .createTable('lb_budget_start')
    .addColumn('budget', 'text', (col) => col.notNull())
    .addColumn('slice', 'int8', (col) => col.notNull())
    .addColumn('starts', 'int4', (col) => col.notNull())
    .addPrimaryKeyConstraint('lb_budget_start_pk', ['budget', 'slice'])
    .execute();

  // A start in slice s is counted until (s + 1) * width + window: never early, at most one
  // slice late. Answers (slot, 0) when taken; (null, ms) to wait; (null, null) when every
  // slot is held (poll). `held` are the slots this session holds already: advisory locks are
  // re-entrant within a session, so those must not be taken twice.
  await sql`
    create function lb_budget_acquire(budget_name text, max_in_flight int, window_ms int8, max_starts int, weight int, held int[])
    returns table (slot int, wait_ms int8) language plpgsql as $$
    declare
      now_ms int8;
      width int8 := greatest(1, window_ms / 300);
      paused timestamptz;
      used int8;
      freed int8 := 0;
      needed int8;
      old record;
      s int;
    begin
      insert into lb_budget (name) values (budget_name) on conflict (name) do nothing;
      select b.paused_until into paused from lb_budget b where b.name = budget_name for update;
      if paused > clock_timestamp() then
        return query select null::int, ceil(extract(epoch from paused - clock_timestamp()) * 1000)::int8;
        return;
      end if;
      now_ms := floor(extract(epoch from clock_timestamp()) * 1000)::int8;
      delete from lb_budget_start t where t.budget = budget_name and t.slice < (now_ms - window_ms) / width;
      select coalesce(sum(t.starts), 0) into used from lb_budget_start t where t.budget = budget_name;
      if used + weight > max_starts then
        needed := used + weight - max_starts;
        for old in select t.slice, t.starts from lb_budget_start t where t.budget = budget_name order by t.slice loop
          freed := freed + old.starts;
          if freed >= needed then
            return query select null::int, greatest(1, (old.slice + 1) * width + window_ms - now_ms);
            return;
          end if;
        end loop;
        return query select null::int, window_ms;
        return;
      end if;
      for s in 0 .. max_in_flight - 1 loop
        if not (s = any(held)) and pg_try_advisory_lock(hashtext('lb_budget:' || budget_name), s) then
          insert into lb_budget_start as t (budget, slice, starts) values (budget_name, now_ms / width, weight)
            on conflict (budget, slice) do update set starts = t.starts + excluded.starts;
          return query select s, 0::int8;
          return;
        end if;
      end loop;
      return query select null::int, null::int8;
    end
    $$`.execute(db);

  // Shopify: reserve `cost` points from the shared projection, or say how long to wait.
  // Before any answer from Shopify has been recorded there is nothing to project: go.
  await sql`
    create function lb_cost_reserve(budget_name text, cost float8)
    returns table (reserved float8, wait_ms int8, maximum float8, available float8, restore_rate float8)
    language plpgsql as $$
    declare
      b lb_budget%rowtype;
      projected float8;
      wanted float8;
    begin
      insert into lb_budget (name) values (budget_name) on conflict (name) do nothing;
      select * into b from lb_budget where name = budget_name for update;
      if b.paused_until > clock_timestamp() then
        return query select 0::float8, ceil(extract(epoch from b.paused_until - clock_timestamp()) * 1000)::int8,
          b.bucket_maximum, b.bucket_available, b.bucket_restore_rate;
        return;
      end if;
      if b.bucket_at is null then
        return query select 0::float8, 0::int8, null::float8, null::float8, null::float8;
        return;
      end if;
      projected := least(b.bucket_maximum,
        b.bucket_available + greatest(0, extract(epoch from clock_timestamp() - b.bucket_at)) * b.bucket_restore_rate);
      wanted := least(cost, b.bucket_maximum);
      if projected < wanted then
        return query select 0::float8, ceil((wanted - projected) / b.bucket_restore_rate * 1000)::int8,
          b.bucket_maximum, projected, b.bucket_restore_rate;
        return;
      end if;
      update lb_budget set bucket_available = projected - wanted, bucket_at = clock_timestamp() where name = budget_name;
      return query select wanted, 0::int8, b.bucket_maximum, projected - wanted, b.bucket_restore_rate;
    end
    $$`.execute(db);

  // Shopify answered: refund what a request reserved beyond its actual cost, and keep the
  // lower of the shared projection and Shopify's own figure (which counts other apps' calls).
  await sql`
    create function lb_cost_settle(budget_name text, refund float8, maximum float8, reported float8, restore_rate float8)
    returns void language plpgsql as $$
    declare
      b lb_budget%rowtype;
      projected float8 := 'infinity';
    begin
      insert into lb_budget (name) values (budget_name) on conflict (name) do nothing;
      select * into b from lb_budget where name = budget_name for update;
      if b.bucket_at is not null then
        projected := least(b.bucket_maximum,
          b.bucket_available + greatest(0, extract(epoch from clock_timestamp() - b.bucket_at)) * b.bucket_restore_rate) + refund;
      end if;
      update lb_budget
        set bucket_maximum = maximum, bucket_restore_rate = restore_rate, bucket_at = clock_timestamp(),
            bucket_available = greatest(0, least(projected, reported, maximum))
        where name = budget_name;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function lb_cost_settle(text, float8, float8, float8, float8)`.execute(db);
  await sql`drop function lb_cost_reserve(text, float8)`.execute(db);
  await sql`drop function lb_budget_acquire(text, int, int8, int, int, int[])`.execute(db);
  await db.schema.dropTable('lb_budget_start').execute();
  await db.schema.dropTable('lb_budget').execute();
}
