/** When each flow last ran a job, and how it went; kept as cursors so status can show it. */
import { sql } from 'kysely';
import type { Executor } from '../store/open-store.ts';

const PREFIX = 'last-run:';

export interface LastRun {
  at: string;
  outcome: string;
  job: string;
}

export async function recordLastRun(db: Executor, job: string, outcome: string, at: Date): Promise<void> {
  // A connection's jobs are `<connection>/<flow>.<job>`; status shows the flow's last run.
  const flow = job.replace(/^[^/]*\//, '').split('.')[0]!;
  const value = JSON.stringify({ at: at.toISOString(), outcome, job } satisfies LastRun);
  await db
    .insertInto('lb_cursor')
    .values({ name: `${PREFIX}${flow}`, value })
    .onConflict((conflict) => conflict.columns(['connection_id', 'name']).doUpdateSet({ value, updated_at: sql<Date>`now()` }))
    .execute();
}

export async function lastRuns(db: Executor): Promise<Record<string, LastRun>> {
  const rows = await db.selectFrom('lb_cursor').selectAll().where('name', 'like', `${PREFIX}%`).execute();
  return Object.fromEntries(rows.map((row) => [row.name.slice(PREFIX.length), JSON.parse(row.value) as LastRun]));
}
