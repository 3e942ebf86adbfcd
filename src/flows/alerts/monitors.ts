/**
 * The monitoring thresholds alert rules watch, each read from the ledger's own figures: one
 * connection's (shop's) when one is named, else every connection's together.
 */
import { sql } from 'kysely';
import type { MonitorThreshold } from '../../config/alerts-schema.ts';
import { summariseFlows, unfinishedStates } from '../../ledger/index.ts';
import { lastRuns } from '../../operations/last-runs.ts';
import { formatAge } from '../../operations/wording.ts';
import type { Executor } from '../../store/open-store.ts';

export interface MonitorReading {
  breached: boolean;
  title: string;
  text: string;
  value: string;
}

async function countRecords(
  db: Executor,
  scope: { flow: string; connection: string | undefined },
  olderThan: Date,
  extra?: (query: ReturnType<typeof base>) => ReturnType<typeof base>,
) {
  let query = base(db, scope.flow).where('created_at', '<', olderThan);
  if (scope.connection !== undefined) query = query.where('connection_id', '=', scope.connection);
  if (extra) query = extra(query);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

function base(db: Executor, flow: string) {
  return db.selectFrom('lb_record').where('flow', '=', flow);
}

export async function readMonitor(db: Executor, threshold: MonitorThreshold, now: number, connection?: string): Promise<MonitorReading> {
  const scope = (flow: string) => ({ flow, connection });
  switch (threshold.monitor) {
    case 'oldest_unposted':
    case 'backlog': {
      const summary = (await summariseFlows(db, connection)).find((item) => item.flow === threshold.flow);
      const backlog = summary?.backlog ?? 0;
      const ageSeconds = summary?.oldestUnpostedAt ? Math.round((now - summary.oldestUnpostedAt.getTime()) / 1000) : null;
      if (threshold.monitor === 'backlog')
        return {
          breached: backlog > threshold.above,
          title: `${threshold.flow}: ${backlog} unfinished records`,
          text: `The ${threshold.flow} flow has ${backlog} unfinished records (limit ${threshold.above}); the oldest is ${formatAge(ageSeconds)} old.`,
          value: String(backlog),
        };
      return {
        breached: ageSeconds !== null && ageSeconds > threshold.minutes * 60,
        title: `${threshold.flow}: oldest unposted record ${formatAge(ageSeconds)} old`,
        text: `The oldest unfinished record in the ${threshold.flow} flow is ${formatAge(ageSeconds)} old (limit ${threshold.minutes} min); ${backlog} unfinished in all.`,
        value: formatAge(ageSeconds),
      };
    }
    case 'released_not_at_warehouse': {
      const count = await countRecords(db, scope('release'), new Date(now - threshold.minutes * 60_000), (query) =>
        query.where('state', 'in', ['received', 'validated', 'waiting', 'posting', 'exception']),
      );
      return {
        breached: count > 0,
        title: `${count} released order${count === 1 ? '' : 's'} not at the warehouse`,
        text: `${count} order${count === 1 ? ' was' : 's were'} released in Business Central more than ${threshold.minutes} minutes ago and the warehouse has not acknowledged ${count === 1 ? 'it' : 'them'}.`,
        value: String(count),
      };
    }
    case 'tracking_not_sent': {
      const count = await countRecords(db, scope('shipments'), new Date(now - threshold.hours * 3_600_000), (query) =>
        query.where('state', '!=', 'skipped').where(sql<boolean>`target_ids->>'shopify.fulfillment' is null`),
      );
      return {
        breached: count > 0,
        title: `${count} despatch${count === 1 ? '' : 'es'} without tracking in Shopify`,
        text: `${count} warehouse despatch${count === 1 ? ' has' : 'es have'} not been fulfilled in Shopify with tracking within ${threshold.hours} h: customers have not been told.`,
        value: String(count),
      };
    }
    case 'stock_sync_stale': {
      const run = (await lastRuns(db, connection))['stock-movements'];
      const ageSeconds = run ? Math.round((now - Date.parse(run.at)) / 1000) : null;
      return {
        breached: ageSeconds !== null && ageSeconds > threshold.hours * 3600,
        title: `Stock sync last ran ${formatAge(ageSeconds)} ago`,
        text: `The warehouse stock sync (stock movements) last ran ${formatAge(ageSeconds)} ago (limit ${threshold.hours} h): stock in BC and Shopify may be out of date.`,
        value: formatAge(ageSeconds),
      };
    }
    case 'payouts_not_posted': {
      const count = await countRecords(db, scope('payouts'), new Date(now - threshold.hours * 3_600_000), (query) =>
        query.where(
          'state',
          'in',
          unfinishedStates.filter((state) => state !== 'waiting'),
        ),
      );
      return {
        breached: count > 0,
        title: `${count} Shopify payout${count === 1 ? '' : 's'} not posted in BC`,
        text: `${count} paid Shopify payout${count === 1 ? ' is' : 's are'} not posted as a BC journal after ${threshold.hours} h: the bank reconciliation will not match.`,
        value: String(count),
      };
    }
  }
}

export function describeThreshold(threshold: MonitorThreshold): string {
  return JSON.stringify(threshold);
}
