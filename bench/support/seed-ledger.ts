/** Seeds a realistic ledger with SQL, for benchmarks of the operator views at scale (see bench/ledger-at-scale.ts). */
import { sql } from 'kysely';
import type { Store } from '../../src/store/open-store.ts';

const CHUNK = 30_000;

/** Seeds `orders` order trails (three records each) in chunks, each chunk one statement per table. */
export async function seedLedger(store: Store, orders: number): Promise<void> {
  const db = store.db;
  for (let from = 1; from <= orders; from += CHUNK) {
    const to = Math.min(orders, from + CHUNK - 1);
    const recent = Math.floor(orders * 0.9);
    await sql`
      insert into lb_record (flow, source_system, source_id, source_ref, state, payload, payload_hash, external_ref, target_ids, link_group, created_at, updated_at, posted_at, version)
      select f.flow, f.system,
             case f.flow when 'orders' then 'gid://shopify/Order/' || (6100000000 + n) when 'release' then 'S-ORD' || (100000 + n) else 'WMS-' || n || '-1' end,
             case f.flow when 'orders' then '#' || (100000 + n) else 'S-ORD' || (100000 + n) end,
             case when f.flow = 'orders' and n % 100 = 0 then 'exception' else 'posted' end,
             case when n > ${recent}
                  then jsonb_build_object('updatedAt', '2026-12-01T10:00:00Z', 'name', '#' || (100000 + n), 'email', 'buyer' || n || '@example.com',
                         'lineItems', jsonb_build_array(jsonb_build_object('sku', 'CAP-CANVAS', 'title', 'Canvas cap, navy', 'quantity', 2, 'price', '24.00', 'taxLines', jsonb_build_array(jsonb_build_object('rate', '0.2', 'price', '8.00'))),
                                                        jsonb_build_object('sku', 'TEE-ORG-M', 'title', 'Organic tee, medium', 'quantity', 1, 'price', '30.00')),
                         'shippingAddress', jsonb_build_object('name', 'Buyer ' || n, 'address1', n || ' High Street', 'city', 'Leeds', 'zip', 'LS1 1AA', 'countryCode', 'GB'),
                         'note', repeat('gift message ', 40))
                  else jsonb_build_object('updatedAt', '2026-10-01T10:00:00Z', 'compactedAt', '2026-11-01T03:23:00Z') end,
             md5(n::text || f.flow),
             case f.flow when 'orders' then 'SHOP-' || (100000 + n) else null end,
             case f.flow when 'orders' then jsonb_build_object('bc.salesOrder.number', 'S-ORD' || (100000 + n), 'bc.salesOrder.id', md5(n::text))
                         else jsonb_build_object('warehouse.order', 'WMS-' || n) end,
             'trail-' || n,
             now() - make_interval(mins => ${orders} - n), now() - make_interval(mins => ${orders} - n), now() - make_interval(mins => ${orders} - n), 3
        from generate_series(${from}::int, ${to}::int) as n,
             (values ('orders', 'shopify'), ('release', 'bc'), ('shipments', 'warehouse')) as f(flow, system)`.execute(db);
    await sql`
      insert into lb_link (link_group, system, kind, external_id, label)
      select 'trail-' || n, l.system, l.kind,
             case l.kind when 'order' then 'gid://shopify/Order/' || (6100000000 + n) when 'salesOrder' then md5(n::text) else 'WMS-' || n end,
             case l.kind when 'order' then '#' || (100000 + n) when 'salesOrder' then 'S-ORD' || (100000 + n) else 'WMS-' || n end
        from generate_series(${from}::int, ${to}::int) as n,
             (values ('shopify', 'order'), ('bc', 'salesOrder'), ('warehouse', 'order')) as l(system, kind)`.execute(db);
    await sql`
      insert into lb_audit (actor, entity, entity_id, action, from_state, to_state, detail)
      select 'orders-flow', 'record', r.id::text, a.action, a.from_state, a.to_state, '{}'::jsonb
        from lb_record r,
             (values ('received', null, 'received'), ('validated', 'received', 'validated'), ('posting', 'validated', 'posting'), ('posted', 'posting', 'posted'))
               as a(action, from_state, to_state)
       where r.link_group in (select 'trail-' || n from generate_series(${from}::int, ${to}::int) as n)`.execute(db);
    await sql`
      insert into lb_exception (record_id, flow, code, category, severity, owner, message, action, evidence, fingerprint)
      select r.id, 'orders', 'missing_customs_data', 'validation', 'error', 'operations', 'Order ' || r.source_ref || ' has no HS code for one line.',
             'Add the HS code in BC, then retry.', '{}'::jsonb, 'orders:' || r.id || ':missing_customs_data'
        from lb_record r
       where r.flow = 'orders' and r.state = 'exception'
         and r.link_group in (select 'trail-' || n from generate_series(${from}::int, ${to}::int) as n)`.execute(db);
  }
  await sql`analyze`.execute(db);
}

export async function bytesPerOrder(store: Store, orders: number): Promise<number> {
  const { rows } = await sql<{ bytes: string }>`
    select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname = 'public' and c.relname like 'lb\\_%'`.execute(store.db);
  return Number(rows[0]!.bytes) / orders;
}
