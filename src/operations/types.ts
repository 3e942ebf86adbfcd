/**
 * The operator's view: what status, exception and record commands return. The HTTP API
 * serves these as JSON and the CLI prints them, from the hub or straight from the store.
 */
import type { AuditEntry, ExceptionOwner, LedgerException, LedgerRecord, Link } from '../ledger/types.ts';
import type { QueueCounts } from '../queue/job-queue.ts';
import type { RunReport, SavedRun } from '../flows/reconciliation/runs.ts';

export type { RunReport, SavedRun };

/** A reconciliation period: a month (`2026-11`) or explicit days (`from` inclusive, `to` exclusive). */
export type ReconciliationRequest = { month: string } | { from: string; to: string };

export interface FlowStatus {
  flow: string;
  lastRunAt: string | null;
  lastRunOutcome: string | null;
  backlog: number;
  /** Records waiting on purpose: for the posting window, settling money, an inspection (see `waitingWords`). */
  waiting: number;
  inException: number;
  posted: number;
  oldestUnpostedAt: string | null;
  oldestUnpostedAgeSeconds: number | null;
  openExceptionsByOwner: Partial<Record<ExceptionOwner, number>>;
}

/** A figure a flow reports for monitoring, e.g. "released, not at the warehouse: 3, oldest 2 h". */
export interface MonitorFigure {
  flow: string;
  name: string;
  /** What it counts, in business words. */
  label: string;
  value: number;
  /** Age of the oldest item counted, when that matters. */
  oldestAgeSeconds?: number | null;
  /** Above this the figure needs attention (shown as such). */
  threshold?: number;
}

export interface HubStatus {
  hub: string;
  generatedAt: string;
  store: { backend: string; location: string };
  flows: FlowStatus[];
  openExceptionsByOwner: Partial<Record<ExceptionOwner, number>>;
  queues: QueueCounts[];
  monitors: MonitorFigure[];
}

export interface RecordView {
  record: LedgerRecord;
  exceptions: LedgerException[];
  trail: Link[];
  history: AuditEntry[];
}

export interface ExceptionView {
  exception: LedgerException;
  record: LedgerRecord | null;
}

export interface ExceptionListFilter {
  status?: 'open' | 'resolved' | 'ignored' | 'all';
  owner?: ExceptionOwner;
  flow?: string;
  limit?: number;
}

/** The operations the CLI and the HTTP API share. */
export interface Operations {
  status(): Promise<HubStatus>;
  listExceptions(filter: ExceptionListFilter): Promise<LedgerException[]>;
  showException(id: number): Promise<ExceptionView | undefined>;
  /** Puts the record back in its queue; `overrides` correct source fields first (flow-specific paths). */
  retryException(id: number, by: string, overrides?: Record<string, string>): Promise<{ queued: boolean; message: string }>;
  resolveException(id: number, by: string, note: string): Promise<LedgerException>;
  ignoreException(id: number, by: string, note: string): Promise<LedgerException>;
  showRecords(term: string): Promise<RecordView[]>;
  /** Month-end reconciliation runs, newest first. */
  listReconciliations(): Promise<SavedRun[]>;
  /** One run with its differences, compared with the run of the same period before it. */
  showReconciliation(id: number): Promise<RunReport | undefined>;
  /** The run's report as CSV. */
  reconciliationCsv(id: number): Promise<string | undefined>;
  /** Reconciles a period now (in the hub: it reads Shopify and BC). */
  runReconciliation(request: ReconciliationRequest, by: string): Promise<SavedRun>;
}
