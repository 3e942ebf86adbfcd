/** When each flow last ran a job, and how it went; kept as cursors so status can show it. */
import { sql } from 'kysely';
import { splitJobName } from '../queue/job-name.ts';
import type { Executor } from '../store/open-store.ts';

const PREFIX = 'last-run:';

export interface LastRun {
  at: string;
  outcome: string;
  job: string;
}

/** Kept under the job's connection (`eu/orders.import` is connection eu's orders flow). */
export async function recordLastRun(db: Executor, job: string, outcome: string, at: Date): Promise<void> {
  const { connection, name } = splitJobName(job);
  const flow = name.split('.')[0]!;
  const value = JSON.stringify({ at: at.toISOString(), outcome, job } satisfies LastRun);
  await db
    .insertInto('lb_cursor')
    .values({ connection_id: connection, name: `${PREFIX}${flow}`, value })
    .onConflict((conflict) => conflict.columns(['connection_id', 'name']).doUpdateSet({ value, updated_at: sql<Date>`now()` }))
    .execute();
}

/** Each flow's last run: one connection's when `connection` is given, else the latest of any connection's. */
export async function lastRuns(db: Executor, connection?: string): Promise<Record<string, LastRun>> {
  let query = db.selectFrom('lb_cursor').selectAll().where('name', 'like', `${PREFIX}%`);
  if (connection !== undefined) query = query.where('connection_id', '=', connection);
  const runs: Record<string, LastRun> = {};
  for (const row of await query.execute()) {
    const flow = row.name.slice(PREFIX.length);
    const run = JSON.parse(row.value) as LastRun;
    if (!Object.hasOwn(runs, flow) || runs[flow]!.at < run.at) runs[flow] = run;
  }
  return runs;
}
