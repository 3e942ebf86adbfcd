/** Operations run against the store directly: inside the hub, or by the CLI when no hub runs. */
import type { Clock } from '../core/clock.ts';
import {
  appendAudit,
  countOpenExceptions,
  getException,
  getRecord,
  ignoreException,
  listAudit,
  listExceptions,
  listLinks,
  resolveException,
  searchRecords,
  summariseFlows,
} from '../ledger/index.ts';
import type { ExceptionOwner } from '../ledger/types.ts';
import type { QueueCounts } from '../queue/job-queue.ts';
import type { Store } from '../store/open-store.ts';
import { lastRuns } from './last-runs.ts';
import { getRunReport, listRuns, reportCsv, type SavedRun } from '../flows/reconciliation/runs.ts';
import { monthPeriod, type Period } from '../flows/reconciliation/reconcile.ts';
import type { FlowStatus, MonitorFigure, Operations, ReconciliationRequest, RecordView } from './types.ts';

/** How a flow puts one of its records back in its queue, with an operator's overrides if any. */
export type RecordRetrier = (recordId: number, options: { by: string; overrides?: Record<string, string> }) => Promise<boolean>;

export interface LocalOperationsOptions {
  store: Store;
  hubName: string;
  clock: Clock;
  queueCounts(): Promise<QueueCounts[]>;
  retriers: Record<string, RecordRetrier>;
  /** Figures flows report for monitoring (drift, work stuck between systems). */
  monitors?: (() => Promise<MonitorFigure[]>)[];
  /** Runs a reconciliation; only the hub has it (it needs the connectors). */
  reconcile?: (period: Period, trigger: string) => Promise<SavedRun>;
}

export function periodOf(request: ReconciliationRequest): Period {
  if ('month' in request) return monthPeriod(request.month);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.from) || !/^\d{4}-\d{2}-\d{2}$/.test(request.to) || request.from >= request.to)
    throw new Error(`a period runs from one day (YYYY-MM-DD) to a later one, got ${request.from} to ${request.to}`);
  return { from: request.from, to: request.to };
}

export function createLocalOperations(options: LocalOperationsOptions): Operations {
  const { store, clock } = options;
  const db = store.db;
  return {
    async status() {
      const [summaries, exceptionCounts, queues, runs, monitors] = await Promise.all([
        summariseFlows(db),
        countOpenExceptions(db),
        options.queueCounts(),
        lastRuns(db),
        Promise.all((options.monitors ?? []).map((monitor) => monitor())).then((figures) => figures.flat()),
      ]);
      const flowNames = new Set([
        ...summaries.map((summary) => summary.flow),
        ...exceptionCounts.map((count) => count.flow),
        ...Object.keys(runs),
      ]);
      const now = clock.now();
      const flows: FlowStatus[] = [...flowNames].sort().map((flow) => {
        const summary = summaries.find((item) => item.flow === flow);
        const byOwner: Partial<Record<ExceptionOwner, number>> = {};
        for (const count of exceptionCounts.filter((item) => item.flow === flow))
          byOwner[count.owner] = (byOwner[count.owner] ?? 0) + count.count;
        const oldest = summary?.oldestUnpostedAt ?? null;
        return {
          flow,
          lastRunAt: runs[flow]?.at ?? null,
          lastRunOutcome: runs[flow]?.outcome ?? null,
          backlog: summary?.backlog ?? 0,
          waiting: summary?.waiting ?? 0,
          inException: summary?.inException ?? 0,
          posted: summary?.posted ?? 0,
          oldestUnpostedAt: oldest?.toISOString() ?? null,
          oldestUnpostedAgeSeconds: oldest ? Math.max(0, Math.round((now - oldest.getTime()) / 1000)) : null,
          openExceptionsByOwner: byOwner,
        };
      });
      const totals: Partial<Record<ExceptionOwner, number>> = {};
      for (const count of exceptionCounts) totals[count.owner] = (totals[count.owner] ?? 0) + count.count;
      return {
        hub: options.hubName,
        generatedAt: new Date(now).toISOString(),
        store: { backend: store.backend, location: store.location },
        flows,
        openExceptionsByOwner: totals,
        queues,
        monitors,
      };
    },
    listExceptions: (filter) => listExceptions(db, filter),
    async showException(id) {
      const exception = await getException(db, id);
      if (!exception) return undefined;
      return { exception, record: exception.recordId ? ((await getRecord(db, exception.recordId)) ?? null) : null };
    },
    async retryException(id, by, overrides) {
      const exception = await getException(db, id);
      if (!exception) throw new Error(`there is no exception ${id}`);
      if (exception.status !== 'open') return { queued: false, message: `exception ${id} is already ${exception.status}` };
      const retrier = options.retriers[exception.flow];
      if (!exception.recordId || !retrier) {
        return {
          queued: false,
          message: `exception ${id} has no record the ${exception.flow} flow can retry; resolve it with a note once fixed`,
        };
      }
      const queued = await retrier(exception.recordId, { by, ...(overrides && Object.keys(overrides).length > 0 ? { overrides } : {}) });
      await appendAudit(db, {
        actor: by,
        entity: 'exception',
        entityId: id,
        action: 'retry_requested',
        detail: { recordId: exception.recordId, queued, ...(overrides ? { overrides } : {}) },
      });
      return {
        queued,
        message: queued
          ? `record ${exception.recordId} is queued; the exception closes by itself when it succeeds`
          : `record ${exception.recordId} is already queued`,
      };
    },
    resolveException: (id, by, note) => resolveException(db, id, { by, note }),
    ignoreException: (id, by, note) => ignoreException(db, id, { by, note }),
    listReconciliations: () => listRuns(db),
    showReconciliation: (id) => getRunReport(db, id),
    async reconciliationCsv(id) {
      const report = await getRunReport(db, id);
      return report && reportCsv(report);
    },
    async runReconciliation(request, by) {
      const period = periodOf(request);
      if (!options.reconcile)
        throw new Error(
          'a reconciliation reads Shopify and Business Central, so the hub runs it: start the hub (or wait for its schedule)',
        );
      const run = await options.reconcile(period, `operator:${by}`);
      await appendAudit(db, { actor: by, entity: 'reconciliation', entityId: run.id, action: 'run', detail: { period } });
      return run;
    },
    async showRecords(term) {
      const records = await searchRecords(db, term);
      const views: RecordView[] = [];
      for (const record of records) {
        views.push({
          record,
          exceptions: await listExceptions(db, { status: 'all', recordId: record.id }),
          trail: await listLinks(db, record.linkGroup),
          history: (await listAudit(db, { entity: 'record', entityId: record.id, limit: 50 })).reverse(),
        });
      }
      return views;
    },
  };
}
