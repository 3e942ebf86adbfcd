/**
 * Shopify's cost bucket shared in blocks (decision 0024). A process takes a block of points
 * from the shop's shared projection and spends it locally, so its requests do not wait on the
 * store one by one; the block is given back (what was not spent) when its life ends, or, if the
 * process died, expires in the ledger and counts as spent.
 *
 * The projection `bucket_available` is the points no process holds. While a block is out, its
 * points are held: the projection refills at the restore rate, but only up to the bucket's size
 * minus the points held (Shopify's bucket stops refilling when full, and the unspent part of a
 * block is still in it). A block that expires is taken as spent at its expiry, so its points come
 * back by refill from then on. Migration 0010's per-request functions (`lb_cost_reserve`,
 * `lb_cost_settle`) are no longer called.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lb_cost_block')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('budget', 'text', (col) => col.notNull())
    .addColumn('points', 'float8', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  // Before Shopify's first answer is recorded one process at a time sends one request unmetered
  // (the probe), until it answers or this passes.
  await db.schema.alterTable('lb_budget').addColumn('bucket_probe_until', 'timestamptz').execute();
  await db.schema.createIndex('lb_cost_block_budget').on('lb_cost_block').columns(['budget', 'expires_at']).execute();

  // The projection now, under the budget row's lock (the caller holds it): refilled since it was
  // written, step by step through the blocks that expired meanwhile (each raises the ceiling when
  // it goes), which are deleted. Answers the projection and the points still held.
  await sql`
    create function lb_cost_advance(budget_name text)
    returns table (projected float8, held float8) language plpgsql as $$
    declare
      b lb_budget%rowtype;
      now_at timestamptz := clock_timestamp();
      p float8;
      h float8;
      t timestamptz;
      blk record;
    begin
      select * into b from lb_budget where name = budget_name;
      select coalesce(sum(k.points), 0) into h from lb_cost_block k where k.budget = budget_name;
      if b.bucket_at is null then
        return query select null::float8, h;
        return;
      end if;
      p := b.bucket_available;
      t := b.bucket_at;
      for blk in select k.id, k.points, k.expires_at from lb_cost_block k
          where k.budget = budget_name and k.expires_at <= now_at order by k.expires_at loop
        if blk.expires_at > t then
          p := least(b.bucket_maximum - h, p + extract(epoch from blk.expires_at - t) * b.bucket_restore_rate);
          t := blk.expires_at;
        end if;
        h := h - blk.points;
        delete from lb_cost_block where id = blk.id;
      end loop;
      p := least(b.bucket_maximum - h, p + greatest(0, extract(epoch from now_at - t)) * b.bucket_restore_rate);
      update lb_budget set bucket_available = p, bucket_at = now_at where name = budget_name;
      return query select p, h;
    end
    $$`.execute(db);

  // A block of between `min_points` and `want_points` (no more than the projection holds), alive
  // for `life_ms`; or how long to wait (a pause, or the projection short of `min_points`). Before
  // any answer from Shopify is recorded there is nothing to project: answers known = false, and
  // wait 0 to the one caller that may send a request to find out (for `probe_ms`), a wait to others.
  await sql`
    create function lb_cost_grant(budget_name text, min_points float8, want_points float8, life_ms int8, probe_ms int8)
    returns table (block_id int8, granted float8, wait_ms int8, known boolean, maximum float8, available float8, restore_rate float8)
    language plpgsql as $$
    declare
      b lb_budget%rowtype;
      a record;
      least_points float8;
      g float8;
      new_id int8;
    begin
      insert into lb_budget (name) values (budget_name) on conflict (name) do nothing;
      select * into b from lb_budget where name = budget_name for update;
      if b.paused_until > clock_timestamp() then
        return query select null::int8, 0::float8, ceil(extract(epoch from b.paused_until - clock_timestamp()) * 1000)::int8,
          b.bucket_at is not null, b.bucket_maximum, b.bucket_available, b.bucket_restore_rate;
        return;
      end if;
      if b.bucket_at is null then
        -- Nothing to project: one request goes to find out (the probe); the others wait for it.
        if b.bucket_probe_until is null or b.bucket_probe_until <= clock_timestamp() then
          update lb_budget set bucket_probe_until = clock_timestamp() + probe_ms * interval '1 millisecond' where name = budget_name;
          return query select null::int8, 0::float8, 0::int8, false, null::float8, null::float8, null::float8;
        else
          return query select null::int8, 0::float8,
            least(100, greatest(1, ceil(extract(epoch from b.bucket_probe_until - clock_timestamp()) * 1000)))::int8,
            false, null::float8, null::float8, null::float8;
        end if;
        return;
      end if;
      select * into a from lb_cost_advance(budget_name);
      least_points := least(min_points, b.bucket_maximum);
      if a.projected < least_points then
        return query select null::int8, 0::float8, greatest(1, ceil((least_points - a.projected) / b.bucket_restore_rate * 1000))::int8,
          true, b.bucket_maximum, a.projected, b.bucket_restore_rate;
        return;
      end if;
      g := least(greatest(least_points, want_points), a.projected);
      insert into lb_cost_block (budget, points, expires_at)
        values (budget_name, g, clock_timestamp() + life_ms * interval '1 millisecond') returning lb_cost_block.id into new_id;
      update lb_budget set bucket_available = a.projected - g where name = budget_name;
      return query select new_id, g, 0::int8, true, b.bucket_maximum, a.projected - g, b.bucket_restore_rate;
    end
    $$`.execute(db);

  // Blocks given back with what was not spent of each (a block already expired gives nothing
  // back: it was taken as spent), the refunds Shopify made after the block that paid for them
  // was given back, and Shopify's latest figure if there is one: the projection is kept no
  // higher than that figure minus the points still held (it counts other apps' calls).
  // `hold` (a THROTTLED answer) tells every process to stop spending the blocks it holds.
  await sql`
    create function lb_cost_return(budget_name text, block_ids int8[], unspent float8[], refund float8,
      maximum float8, reported float8, restore_rate float8, hold boolean)
    returns void language plpgsql as $$
    declare
      a record;
      p float8;
      h float8;
      g float8;
      given float8;
      b_maximum float8;
      i int;
    begin
      insert into lb_budget (name) values (budget_name) on conflict (name) do nothing;
      select bucket_maximum into b_maximum from lb_budget where name = budget_name for update;
      select * into a from lb_cost_advance(budget_name);
      p := a.projected;
      h := a.held;
      -- Points Shopify gave back (requested beyond the actual cost) after the block that paid them was given back.
      given := greatest(0, coalesce(refund, 0));
      for i in 1 .. coalesce(array_length(block_ids, 1), 0) loop
        delete from lb_cost_block k where k.id = block_ids[i] and k.budget = budget_name returning k.points into g;
        if found then
          h := h - g;
          given := given + least(g, greatest(0, unspent[i]));
        end if;
      end loop;
      if p is not null then p := least(b_maximum - h, p + given); end if;
      if reported is not null then
        p := greatest(0, least(coalesce(p, 'infinity'), reported - h, maximum - h));
        update lb_budget set bucket_maximum = maximum, bucket_restore_rate = restore_rate, bucket_available = p,
          bucket_at = clock_timestamp(), bucket_probe_until = null where name = budget_name;
      elsif p is not null then
        update lb_budget set bucket_available = p where name = budget_name;
      end if;
      if hold then
        perform pg_notify('lb_budget_hold', budget_name);
      elsif given > 0 then
        -- Points came back: a process waiting for more than the projection held may go now.
        perform pg_notify('lb_cost_returned', budget_name);
      end if;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function lb_cost_return(text, int8[], float8[], float8, float8, float8, float8, boolean)`.execute(db);
  await sql`drop function lb_cost_grant(text, float8, float8, int8, int8)`.execute(db);
  await sql`drop function lb_cost_advance(text)`.execute(db);
  await db.schema.dropTable('lb_cost_block').execute();
  await db.schema.alterTable('lb_budget').dropColumn('bucket_probe_until').execute();
}
