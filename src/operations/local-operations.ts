/** Operations run against the store directly: inside the hub, or by the CLI when no hub runs. */
import { flowModules } from '../composition/flow-modules.ts';
import { explainStockFromLedger, type StockExplanation } from '../flows/inventory/explain.ts';
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
import type { OpenExceptionCount } from '../ledger/exceptions.ts';
import type { ExceptionOwner, LedgerException } from '../ledger/types.ts';
import { splitJobName } from '../queue/job-name.ts';
import type { QueueCounts } from '../queue/job-queue.ts';
import { connectionStore, DEFAULT_CONNECTION_ID } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import { lastRuns } from './last-runs.ts';
import { getRunReport, listRuns, reportCsv, type SavedRun } from '../flows/reconciliation/runs.ts';
import { monthPeriod, type Period } from '../flows/reconciliation/reconcile.ts';
import { attentionOf, severitiesFor } from './attention.ts';
import { describeProgress, stateSinceOf } from './progress.ts';
import { OperatorRefusal } from './refusal.ts';
import type { FlowStatus, MonitorFigure, OperatorException, Operations, ReconciliationRequest, RecordView } from './types.ts';
import { withAttention } from './monitor-attention.ts';

/** How a flow puts one of its records back in its queue, with an operator's overrides if any. */
export type RecordRetrier = (recordId: number, options: { by: string; overrides?: Record<string, string> }) => Promise<boolean>;

export interface LocalOperationsOptions {
  store: Store;
  hubName: string;
  clock: Clock;
  queueCounts(): Promise<QueueCounts[]>;
  retriers: Record<string, RecordRetrier>;
  /** The configured connections' ids; lists are filtered by them when there are several. */
  connections?: readonly string[];
  /** Figures flows report for monitoring (drift, work stuck between systems), per connection. */
  monitors?: { connection: string; read(): Promise<MonitorFigure[]> }[];
  /** Runs a connection's reconciliation; only the hub has it (it needs the connectors). */
  reconcile?: (period: Period, trigger: string, connection: string) => Promise<SavedRun>;
  /** Explains a SKU's stock in a connection's shop from live figures; only the hub has it (it needs the connectors). */
  explainStock?: (sku: string, connection: string) => Promise<StockExplanation>;
}

/** Job prefixes that are upkeep, not flows: shown in the queue line, not as rows of zeros. */
const upkeepJobs = new Set(['bc', 'store']);
/**
 * Record kinds without jobs of their own, and the flow whose runs make them, from the flow
 * modules. Read on first use, as the wording is: the list imports most of the hub, which may
 * still be loading when this file is.
 */
let runsWithinKinds: Record<string, string> | undefined;

function runsWithin(kind: string): string | undefined {
  runsWithinKinds ??= Object.fromEntries(
    flowModules.flatMap((module) => (module.otherRecordKinds ?? []).map((other) => [other, module.name] as const)),
  );
  return Object.hasOwn(runsWithinKinds, kind) ? runsWithinKinds[kind] : undefined;
}

function withAttentionOf(exception: LedgerException): OperatorException {
  return { ...exception, attention: attentionOf(exception) };
}

type OwnerCounts = Partial<Record<ExceptionOwner, number>>;

/** Open exceptions by team: all of them, those needing action, those for review. */
function countByOwner(counts: OpenExceptionCount[]): {
  openExceptionsByOwner: OwnerCounts;
  needsActionByOwner: OwnerCounts;
  forReviewByOwner: OwnerCounts;
} {
  const all: OwnerCounts = {};
  const action: OwnerCounts = {};
  const review: OwnerCounts = {};
  for (const count of counts) {
    all[count.owner] = (all[count.owner] ?? 0) + count.count;
    const bucket = attentionOf(count) === 'review' ? review : action;
    bucket[count.owner] = (bucket[count.owner] ?? 0) + count.count;
  }
  return { openExceptionsByOwner: all, needsActionByOwner: action, forReviewByOwner: review };
}

/** The ledger's refusals to close an exception, as refusals an operator reads. */
async function closeAsOperator(close: () => Promise<LedgerException>): Promise<LedgerException> {
  try {
    return await close();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/^there is no /.test(message)) throw new OperatorRefusal('not_found', message);
    if (/already (resolved|ignored)/.test(message)) throw new OperatorRefusal('already_closed', message);
    if (/a note is required/.test(message)) throw new OperatorRefusal('invalid_request', message);
    throw error;
  }
}

export function periodOf(request: ReconciliationRequest): Period {
  if ('month' in request) return monthPeriod(request.month);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.from) || !/^\d{4}-\d{2}-\d{2}$/.test(request.to) || request.from >= request.to)
    throw new OperatorRefusal(
      'invalid_request',
      `a period runs from one day (YYYY-MM-DD) to a later one, got ${request.from} to ${request.to}`,
    );
  return { from: request.from, to: request.to };
}

/** A connection the operator named: one of the hub's (any name on a hub that does not list them). */
function knownConnection(connections: readonly string[], asked: string): string {
  if (connections.length > 0 && !connections.includes(asked))
    throw new OperatorRefusal('not_found', `there is no connection "${asked}": this hub has ${connections.join(', ')}`);
  return asked;
}

/** A connection's jobs: `eu/orders.import` is connection eu's; the default connection's (and the hub's own) are bare names. */
function isConnectionQueue(name: string, connection: string): boolean {
  return splitJobName(name).connection === connection;
}

/** The connection a per-shop operation works on: the one named, or the hub's only one. */
function oneConnection(connections: readonly string[], asked: string | undefined, what: string): string {
  if (asked !== undefined) return knownConnection(connections, asked);
  if (connections.length > 1)
    throw new OperatorRefusal(
      'invalid_request',
      `this hub has several connections (${connections.join(', ')}); name the one whose ${what} you want (--connection, or ?connection=)`,
    );
  return connections[0] ?? DEFAULT_CONNECTION_ID;
}

export function createLocalOperations(options: LocalOperationsOptions): Operations {
  const connections = options.connections ?? [];
  const { store, clock } = options;
  const db = store.db;
  return {
    async status(filter = {}) {
      const connection = filter.connection === undefined ? undefined : knownConnection(connections, filter.connection);
      const monitorsRead = (options.monitors ?? []).filter((monitor) => connection === undefined || monitor.connection === connection);
      const [summaries, exceptionCounts, queues, runs, monitors] = await Promise.all([
        summariseFlows(db, connection),
        countOpenExceptions(db, connection),
        options
          .queueCounts()
          .then((counts) => (connection === undefined ? counts : counts.filter((queue) => isConnectionQueue(queue.name, connection)))),
        lastRuns(db, connection),
        Promise.all(monitorsRead.map((monitor) => monitor.read())).then((figures) => figures.flat().map(withAttention)),
      ]);
      const flowNames = new Set([
        ...summaries.map((summary) => summary.flow),
        ...exceptionCounts.map((count) => count.flow),
        // Upkeep jobs (BC subscriptions, the store's maintenance) run, but are not flows with records.
        ...Object.keys(runs).filter((name) => !upkeepJobs.has(name)),
      ]);
      const now = clock.now();
      const flows: FlowStatus[] = [...flowNames].sort().map((flow) => {
        const summary = summaries.find((item) => item.flow === flow);
        const counted = countByOwner(exceptionCounts.filter((item) => item.flow === flow));
        const oldest = summary?.oldestUnpostedAt ?? null;
        return {
          flow,
          lastRunAt: runs[flow]?.at ?? null,
          lastRunOutcome: runs[flow]?.outcome ?? null,
          ...(runsWithin(flow) && !runs[flow] ? { runsWith: runsWithin(flow)! } : {}),
          backlog: summary?.backlog ?? 0,
          waiting: summary?.waiting ?? 0,
          inException: summary?.inException ?? 0,
          posted: summary?.posted ?? 0,
          oldestUnpostedAt: oldest?.toISOString() ?? null,
          oldestUnpostedAgeSeconds: oldest ? Math.max(0, Math.round((now - oldest.getTime()) / 1000)) : null,
          ...counted,
        };
      });
      const totals = countByOwner(exceptionCounts);
      return {
        hub: options.hubName,
        generatedAt: new Date(now).toISOString(),
        store: { backend: store.backend, location: store.location },
        flows,
        ...totals,
        queues,
        monitors,
        ...(connections.length > 1 ? { connections: [...connections] } : {}),
        ...(connection === undefined ? {} : { connection }),
      };
    },
    async listExceptions(filter) {
      const limit = filter.limit ?? 100;
      const { attention, ...rest } = filter;
      // One more than asked tells whether the list was cut.
      const found = await listExceptions(db, { ...rest, limit: limit + 1, ...(attention ? { severities: severitiesFor(attention) } : {}) });
      return { exceptions: found.slice(0, limit).map(withAttentionOf), truncated: found.length > limit, limit };
    },
    async showException(id) {
      const exception = await getException(db, id);
      if (!exception) return undefined;
      return {
        exception: withAttentionOf(exception),
        record: exception.recordId ? ((await getRecord(db, exception.recordId)) ?? null) : null,
      };
    },
    async retryException(id, by, overrides) {
      const exception = await getException(db, id);
      if (!exception) throw new OperatorRefusal('not_found', `there is no exception ${id}`);
      if (exception.status !== 'open')
        throw new OperatorRefusal('already_closed', `exception ${id} is already ${exception.status}; nothing was retried`);
      if (attentionOf(exception) === 'review')
        throw new OperatorRefusal(
          'not_retryable',
          `exception ${id} is for review only: the hub already did its work (${exception.code.replace(/_/g, ' ')}), so there is nothing to retry; resolve it with a note once reviewed`,
        );
      const retrier = options.retriers[exception.flow];
      if (!exception.recordId || !retrier)
        throw new OperatorRefusal(
          'not_retryable',
          `exception ${id} has no record the ${exception.flow} flow can retry; nothing was retried. Resolve it with a note once fixed`,
        );
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
        outcome: queued ? 'queued' : 'already_queued',
        message: queued
          ? `record ${exception.recordId} is queued; the exception closes by itself when it succeeds`
          : `record ${exception.recordId} already had a run waiting in its queue, which retries it; the exception closes by itself when it succeeds`,
      };
    },
    resolveException: (id, by, note) => closeAsOperator(() => resolveException(db, id, { by, note })),
    ignoreException: (id, by, note) => closeAsOperator(() => ignoreException(db, id, { by, note })),
    explainStock(sku, connection) {
      const chosen = oneConnection(connections, connection, 'stock');
      return options.explainStock ? options.explainStock(sku, chosen) : explainStockFromLedger(connectionStore(store, chosen).db, sku);
    },
    listReconciliations: (filter = {}) =>
      listRuns(db, filter.connection === undefined ? {} : { connection: knownConnection(connections, filter.connection) }),
    showReconciliation: (id) => getRunReport(db, id),
    async reconciliationCsv(id) {
      const report = await getRunReport(db, id);
      return report && reportCsv(report);
    },
    async runReconciliation(request, by, connection) {
      const period = periodOf(request);
      const chosen = oneConnection(connections, connection, 'reconciliation');
      if (!options.reconcile)
        throw new Error(
          'a reconciliation reads Shopify and Business Central, so the hub runs it: start the hub (or wait for its schedule)',
        );
      const run = await options.reconcile(period, `operator:${by}`, chosen);
      await appendAudit(db, {
        actor: by,
        entity: 'reconciliation',
        entityId: run.id,
        action: 'run',
        detail: { period, ...(connections.length > 1 ? { connection: chosen } : {}) },
      });
      return run;
    },
    async showRecords(term, filter = {}) {
      const records = await searchRecords(db, term, filter.connection);
      const views: RecordView[] = [];
      for (const record of records) {
        const trail = await listLinks(db, record.linkGroup);
        const history = (await listAudit(db, { entity: 'record', entityId: record.id, limit: 50 })).reverse();
        views.push({
          record,
          stateSince: stateSinceOf(record, history),
          progress: describeProgress(record, trail),
          exceptions: await listExceptions(db, { status: 'all', recordId: record.id }),
          trail,
          history,
        });
      }
      return views;
    },
  };
}
