/**
 * The operator's view: what status, exception and record commands return. The HTTP API
 * serves these as JSON and the CLI prints them, from the hub or straight from the store.
 */
import type { AuditEntry, ExceptionOwner, LedgerException, LedgerRecord, Link } from '../ledger/types.ts';
import type { QueueCounts } from '../queue/job-queue.ts';
import type { RunReport, SavedRun } from '../flows/reconciliation/runs.ts';
import type { StockExplanation } from '../flows/inventory/explain.ts';

export type { StockExplanation } from '../flows/inventory/explain.ts';
import type { Attention } from './attention.ts';

export type { RunReport, SavedRun };

/** A reconciliation period: a month (`2026-11`) or explicit days (`from` inclusive, `to` exclusive). */
export type ReconciliationRequest = { month: string } | { from: string; to: string };

export interface FlowStatus {
  flow: string;
  lastRunAt: string | null;
  lastRunOutcome: string | null;
  /** A flow without jobs of its own runs within another (customers are made by the orders flow). */
  runsWith?: string;
  backlog: number;
  /** Records waiting on purpose: for the posting window, settling money, an inspection (each flow module's `wording`). */
  waiting: number;
  inException: number;
  posted: number;
  oldestUnpostedAt: string | null;
  oldestUnpostedAgeSeconds: number | null;
  /** Every open exception, by team. */
  openExceptionsByOwner: Partial<Record<ExceptionOwner, number>>;
  /** Of those, the ones a person must act on (see operations/attention.ts). */
  needsActionByOwner: Partial<Record<ExceptionOwner, number>>;
  /** Of those, the ones only for review (the hub did its work and tells the team). */
  forReviewByOwner: Partial<Record<ExceptionOwner, number>>;
}

/** A figure a flow reports for monitoring, e.g. "released, not at the warehouse: 3, oldest 2 h". */
export interface MonitorFigure {
  flow: string;
  /** The connection (shop) whose records it counts. */
  connection?: string;
  name: string;
  /** What it counts, in business words. */
  label: string;
  value: number;
  /** Age of the oldest item counted, when that matters. */
  oldestAgeSeconds?: number | null;
  /** Above this the figure needs attention (shown as such). */
  threshold?: number;
  /** How long an item may wait before it counts against the threshold (the documented grace period). */
  graceSeconds?: number;
  /** Items older than the grace period: what the threshold is held against when there is one. */
  overdue?: number;
  /** True when the figure is above its threshold after its grace period. */
  needsAttention?: boolean;
}

export interface HubStatus {
  hub: string;
  generatedAt: string;
  store: { backend: string; location: string };
  flows: FlowStatus[];
  openExceptionsByOwner: Partial<Record<ExceptionOwner, number>>;
  needsActionByOwner: Partial<Record<ExceptionOwner, number>>;
  forReviewByOwner: Partial<Record<ExceptionOwner, number>>;
  queues: QueueCounts[];
  monitors: MonitorFigure[];
  /** The hub's connections (shops), when it has more than one: what lists can be filtered by. */
  connections?: string[];
  /** The one connection these figures are of, when the status was asked for one (`?connection=`). */
  connection?: string;
}

export interface StatusFilter {
  /** One connection's (shop's) figures only; every connection's together when not given. */
  connection?: string;
}

/** An exception as operators see it: with whether it needs action or is for review. */
export type OperatorException = LedgerException & { attention: Attention };

/** One step of a business transaction across the systems, e.g. "Invoiced in Business Central". */
export interface ProgressStep {
  step: 'in_bc' | 'at_warehouse' | 'despatched' | 'shipped_in_bc' | 'invoiced' | 'fulfilled' | 'refunded' | 'paid_out';
  label: string;
  done: boolean;
  /** The document that shows it, e.g. the invoice number. */
  reference: string | null;
}

export interface RecordView {
  record: LedgerRecord;
  /** When the record entered its current state (the history's last move into it). */
  stateSince: string | null;
  /** How far the business transaction got across the systems, in finance's words. */
  progress: ProgressStep[];
  exceptions: LedgerException[];
  trail: Link[];
  history: AuditEntry[];
}

export interface ExceptionView {
  exception: OperatorException;
  record: LedgerRecord | null;
}

export interface RecordSearchFilter {
  /** One connection's records only: the same order number is another order in each shop. */
  connection?: string;
}

export interface ExceptionListFilter {
  /** One connection's (shop's) exceptions only; every connection's when not given. */
  connection?: string;
  status?: 'open' | 'resolved' | 'ignored' | 'all';
  owner?: ExceptionOwner;
  flow?: string;
  /** Only those needing action, or only those for review. */
  attention?: Attention;
  limit?: number;
}

/** A list cut at its limit says so: `truncated` is true when more matched. */
export interface ExceptionList {
  exceptions: OperatorException[];
  truncated: boolean;
  limit: number;
}

/**
 * What a retry did: `queued` (put back in its queue now), `already_queued` (a run is waiting
 * or running; nothing more was needed), or nothing at all (`not_retryable`, `closed`).
 */
export interface RetryOutcome {
  queued: boolean;
  outcome: 'queued' | 'already_queued' | 'not_retryable' | 'closed';
  message: string;
}

/** The operations the CLI and the HTTP API share. */
export interface Operations {
  /** Per flow, the teams' exceptions, the queues and the monitors: one connection's, or every connection's together. */
  status(filter?: StatusFilter): Promise<HubStatus>;
  listExceptions(filter: ExceptionListFilter): Promise<ExceptionList>;
  showException(id: number): Promise<ExceptionView | undefined>;
  /** Puts the record back in its queue; `overrides` correct source fields first (flow-specific paths). */
  retryException(id: number, by: string, overrides?: Record<string, string>): Promise<RetryOutcome>;
  resolveException(id: number, by: string, note: string): Promise<LedgerException>;
  ignoreException(id: number, by: string, note: string): Promise<LedgerException>;
  showRecords(term: string, filter?: RecordSearchFilter): Promise<RecordView[]>;
  /** Month-end reconciliation runs, newest first: one connection's (shop's) when named, else all. */
  listReconciliations(filter?: { connection?: string }): Promise<SavedRun[]>;
  /** One run with its differences, compared with the run of the same period before it. */
  showReconciliation(id: number): Promise<RunReport | undefined>;
  /** The run's report as CSV. */
  reconciliationCsv(id: number): Promise<string | undefined>;
  /**
   * Reconciles a period now (in the hub: it reads Shopify and BC), for one connection: the one
   * named, or the only one (a hub with several refuses to guess).
   */
  runReconciliation(request: ReconciliationRequest, by: string, connection?: string): Promise<SavedRun>;
  /** One SKU's stock at every mapped location, term by term (live in the hub; the last push otherwise), in one connection's shop as above. */
  explainStock(sku: string, connection?: string): Promise<StockExplanation>;
}
