/**
 * The money figures for `ledgerbridge status` and the overview: paid payouts not yet in a
 * journal (needs attention: they post within minutes), and payments waiting for their invoice
 * (normal until the order ships; `invoice_not_found` says when one waits too long).
 */
import type { MonitorFigure } from '../../operations/types.ts';
import { sameConnection } from '../../store/connection-scope.ts';
import type { Executor } from '../../store/open-store.ts';
import { CASH_FLOW } from './deps.ts';

async function figure(
  db: Executor,
  flow: string,
  states: string[],
  now: number,
  label: string,
  name: string,
  threshold?: number,
): Promise<MonitorFigure> {
  const row = await db
    .selectFrom('lb_record')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<Date | null>('created_at').as('oldest')])
    .where(sameConnection(db))
    .where('flow', '=', flow)
    .where('state', 'in', states)
    .executeTakeFirstOrThrow();
  const oldest = row.oldest ? new Date(row.oldest).getTime() : null;
  return {
    flow,
    name,
    label,
    value: Number(row.count),
    oldestAgeSeconds: oldest === null ? null : Math.max(0, Math.round((now - oldest) / 1000)),
    ...(threshold === undefined ? {} : { threshold }),
  };
}

export async function moneyMonitors(db: Executor, now: number): Promise<MonitorFigure[]> {
  return [
    await figure(
      db,
      'payouts',
      ['received', 'validated', 'posting', 'exception'],
      now,
      'paid payouts not yet in a BC journal',
      'payouts_not_posted',
    ),
    await figure(
      db,
      CASH_FLOW,
      ['waiting', 'exception'],
      now,
      'payments and refunds waiting for their invoice or credit memo',
      'cash_waiting',
    ),
  ];
}
