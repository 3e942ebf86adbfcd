/**
 * Reconciliation runs in the ledger: saved with their differences, listed, reopened, and
 * compared with the run of the same period before them (what is new, what is gone), and
 * exported as CSV for the month-end file.
 */
import { stringify } from 'csv-stringify/sync';
import { connectionOf } from '../../store/connection-scope.ts';
import { inTransaction, type Executor } from '../../store/open-store.ts';
import { categoryWords, type Difference, type DifferenceCategory } from './deps.ts';

export interface SavedRun {
  id: number;
  /** The connection (shop ↔ BC company) reconciled; `default` on a single-shop hub. */
  connection: string;
  period: { from: string; to: string };
  trigger: string;
  status: string;
  compared: Record<string, number>;
  /** What the run did not compare and why (a leg whose flow is off, SKUs left out). */
  notes: string[];
  startedAt: string;
  finishedAt: string | null;
  counts: Partial<Record<DifferenceCategory, number>>;
}

export interface RunReport extends SavedRun {
  differences: (Difference & { id: number; change: 'new' | 'unchanged' })[];
  /** The run of the same period before this one, and what it had that this one no longer has. */
  previous: { id: number; startedAt: string; resolved: (Difference & { id: number })[] } | null;
}

export async function saveRun(
  db: Executor,
  input: {
    period: { from: string; to: string };
    trigger: string;
    compared: Record<string, number>;
    notes?: string[];
    differences: Difference[];
  },
): Promise<SavedRun> {
  const id = await inTransaction(db, async (trx) => {
    const run = await trx
      .insertInto('lb_reconciliation_run')
      .values({
        connection_id: connectionOf(db),
        period_from: input.period.from,
        period_to: input.period.to,
        trigger: input.trigger,
        status: 'finished',
        compared: JSON.stringify(input.compared),
        notes: JSON.stringify(input.notes ?? []),
        finished_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const difference of input.differences)
      await trx
        .insertInto('lb_reconciliation_difference')
        .values({
          run_id: run.id,
          category: difference.category,
          reference: difference.reference,
          fingerprint: difference.fingerprint,
          message: difference.message,
          shopify_amount: difference.shopifyAmount,
          bc_amount: difference.bcAmount,
          record_id: difference.recordId,
          link_group: difference.linkGroup,
          detail: JSON.stringify(difference.detail),
        })
        .execute();
    return Number(run.id);
  });
  return (await getRun(db, id))!;
}

async function countsOf(db: Executor, runId: number): Promise<Partial<Record<DifferenceCategory, number>>> {
  const rows = await db
    .selectFrom('lb_reconciliation_difference')
    .select((eb) => ['category', eb.fn.countAll<number>().as('count')])
    .where('run_id', '=', runId)
    .groupBy('category')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.category, Number(row.count)]));
}

type RunRow = {
  id: number;
  connection_id: string;
  period_from: string;
  period_to: string;
  trigger: string;
  status: string;
  compared: Record<string, number>;
  notes: string[];
  started_at: Date;
  finished_at: Date | null;
};

async function toRun(db: Executor, row: RunRow): Promise<SavedRun> {
  return {
    id: Number(row.id),
    connection: row.connection_id,
    period: { from: row.period_from, to: row.period_to },
    trigger: row.trigger,
    status: row.status,
    compared: row.compared,
    notes: row.notes ?? [],
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    counts: await countsOf(db, Number(row.id)),
  };
}

export async function getRun(db: Executor, id: number): Promise<SavedRun | undefined> {
  const row = await db.selectFrom('lb_reconciliation_run').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRun(db, row) : undefined;
}

/** Runs newest first: one connection's when named, else every connection's (the operator's list). */
export async function listRuns(db: Executor, options: { limit?: number; connection?: string } = {}): Promise<SavedRun[]> {
  let query = db
    .selectFrom('lb_reconciliation_run')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50);
  if (options.connection !== undefined) query = query.where('connection_id', '=', options.connection);
  const rows = await query.execute();
  return Promise.all(rows.map((row) => toRun(db, row)));
}

async function differencesOf(db: Executor, runId: number): Promise<(Difference & { id: number })[]> {
  const rows = await db
    .selectFrom('lb_reconciliation_difference')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('category')
    .orderBy('reference')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    category: row.category as DifferenceCategory,
    reference: row.reference,
    fingerprint: row.fingerprint,
    message: row.message,
    shopifyAmount: row.shopify_amount,
    bcAmount: row.bc_amount,
    recordId: row.record_id === null ? null : Number(row.record_id),
    linkGroup: row.link_group,
    detail: row.detail as Record<string, unknown>,
  }));
}

export async function getRunReport(db: Executor, id: number): Promise<RunReport | undefined> {
  const run = await getRun(db, id);
  if (!run) return undefined;
  const previousRow = await db
    .selectFrom('lb_reconciliation_run')
    .selectAll()
    .where('connection_id', '=', run.connection)
    .where('period_from', '=', run.period.from)
    .where('period_to', '=', run.period.to)
    .where('id', '<', id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const differences = await differencesOf(db, id);
  const before = previousRow ? await differencesOf(db, Number(previousRow.id)) : [];
  const seen = new Set(before.map((difference) => difference.fingerprint));
  const now = new Set(differences.map((difference) => difference.fingerprint));
  return {
    ...run,
    differences: differences.map((difference) => ({
      ...difference,
      change: previousRow && seen.has(difference.fingerprint) ? 'unchanged' : 'new',
    })),
    previous: previousRow
      ? {
          id: Number(previousRow.id),
          startedAt: previousRow.started_at.toISOString(),
          resolved: before.filter((difference) => !now.has(difference.fingerprint)),
        }
      : null,
  };
}

/** The report as CSV: one row per difference (and per difference the previous run had that is now resolved). */
export function reportCsv(report: RunReport): string {
  const rows = [
    ...report.differences.map((difference) => [
      report.period.from,
      report.period.to,
      categoryWords[difference.category],
      difference.reference,
      difference.shopifyAmount ?? '',
      difference.bcAmount ?? '',
      difference.message,
      difference.change,
      difference.recordId ?? '',
    ]),
    ...(report.previous?.resolved ?? []).map((difference) => [
      report.period.from,
      report.period.to,
      categoryWords[difference.category],
      difference.reference,
      difference.shopifyAmount ?? '',
      difference.bcAmount ?? '',
      difference.message,
      'resolved',
      difference.recordId ?? '',
    ]),
  ];
  return stringify(rows, {
    header: true,
    columns: [
      'period_from',
      'period_to',
      'category',
      'reference',
      'shopify_amount',
      'bc_amount',
      'difference',
      'since_last_run',
      'ledger_record',
    ],
  });
}
