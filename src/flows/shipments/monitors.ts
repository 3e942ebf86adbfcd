/** Shipped at the warehouse, not (yet) shipped in BC: how many shipments, and how old the oldest is. */
import { sql } from 'kysely';
import type { MonitorFigure } from '../../operations/types.ts';
import { sameConnection } from '../../store/connection-scope.ts';
import type { Executor } from '../../store/open-store.ts';
import { SHIPMENTS_FLOW } from './deps.ts';

/** The warehouse guide's "act only after a few minutes": a despatch younger than this is work in progress. */
export const SHIPPED_NOT_IN_BC_GRACE_SECONDS = 5 * 60;

export async function shipmentsMonitors(db: Executor, now: number): Promise<MonitorFigure[]> {
  const cutoff = new Date(now - SHIPPED_NOT_IN_BC_GRACE_SECONDS * 1000);
  const row = await db
    .selectFrom('lb_record')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.countAll<number>().filterWhere('created_at', '<', cutoff).as('overdue'),
      eb.fn.min<Date | null>('created_at').as('oldest'),
    ])
    .where(sameConnection(db))
    .where('flow', '=', SHIPMENTS_FLOW)
    .where('state', 'not in', ['posted', 'skipped'])
    .where(sql<boolean>`target_ids->>'bc.shipment.id' is null`)
    .executeTakeFirst();
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return [
    {
      flow: SHIPMENTS_FLOW,
      name: 'shipped_not_in_bc',
      label: 'shipped at the warehouse, not shipped in BC',
      value: Number(row?.count ?? 0),
      oldestAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
      threshold: 0,
      graceSeconds: SHIPPED_NOT_IN_BC_GRACE_SECONDS,
      overdue: Number(row?.overdue ?? 0),
    },
  ];
}
