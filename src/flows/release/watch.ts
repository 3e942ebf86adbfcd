/**
 * "Released, not at the warehouse": orders released for longer than the agreed time that
 * the warehouse has not acknowledged. Each raises an alert on its record (closed by itself
 * once the warehouse has the order); the same figures feed `ledgerbridge status`.
 */
import { sameConnection } from '../../store/connection-scope.ts';
import { raiseException } from '../../ledger/index.ts';
import { mapRecordRow } from '../../ledger/map-rows.ts';
import type { Executor } from '../../store/open-store.ts';
import type { MonitorFigure } from '../../operations/types.ts';
import { RELEASE_FLOW, type ReleaseFlowDeps } from './deps.ts';
import { overdueAlert } from './send-order.ts';

const unacknowledged = ['received', 'validated', 'waiting', 'posting', 'exception'] as const;

export async function watchUnacknowledged(deps: Pick<ReleaseFlowDeps, 'db' | 'clock' | 'config'>): Promise<number> {
  const cutoff = new Date(deps.clock.now() - deps.config.ackTimeoutMinutes * 60_000);
  const rows = await deps.db
    .selectFrom('lb_record')
    .selectAll()
    .where(sameConnection(deps.db))
    .where('flow', '=', RELEASE_FLOW)
    .where('state', 'in', [...unacknowledged])
    .where('created_at', '<', cutoff)
    .orderBy('id')
    .limit(1000)
    .execute();
  for (const record of rows.map(mapRecordRow))
    await raiseException(deps.db, { ...overdueAlert(deps, record), recordId: record.id }, 'release-watch');
  return rows.length;
}

/** Released orders the warehouse has not acknowledged: how many, how old the oldest is, and how many are past the agreed time. */
export async function releaseMonitors(db: Executor, now: number, ackTimeoutMinutes: number): Promise<MonitorFigure[]> {
  const cutoff = new Date(now - ackTimeoutMinutes * 60_000);
  const row = await db
    .selectFrom('lb_record')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.countAll<number>().filterWhere('created_at', '<', cutoff).as('overdue'),
      eb.fn.min<Date | null>('created_at').as('oldest'),
    ])
    .where(sameConnection(db))
    .where('flow', '=', RELEASE_FLOW)
    .where('state', 'in', [...unacknowledged])
    .executeTakeFirst();
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return [
    {
      flow: RELEASE_FLOW,
      name: 'released_not_acknowledged',
      label: 'released in BC, not acknowledged by the warehouse',
      value: Number(row?.count ?? 0),
      oldestAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
    },
    {
      flow: RELEASE_FLOW,
      name: 'released_not_acknowledged_overdue',
      label: `of those, waiting longer than ${ackTimeoutMinutes} min`,
      value: Number(row?.overdue ?? 0),
      threshold: 0,
      graceSeconds: ackTimeoutMinutes * 60,
      overdue: Number(row?.overdue ?? 0),
    },
  ];
}
