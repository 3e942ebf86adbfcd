/** The ledger's domain types: what flows, the CLI and the API see (camelCase, no SQL). */
export const recordStates = ['received', 'validated', 'waiting', 'posting', 'posted', 'exception', 'skipped'] as const;
export type RecordState = (typeof recordStates)[number];

export interface LedgerRecord {
  id: number;
  /** The connection (shop ↔ BC company) it belongs to; `default` for a single-shop hub. */
  connectionId: string;
  flow: string;
  sourceSystem: string;
  sourceId: string;
  sourceRef: string | null;
  state: RecordState;
  payload: unknown;
  payloadHash: string | null;
  attempts: number;
  externalRef: string | null;
  targetIds: Record<string, string>;
  /** Values an operator set to correct the source data, applied before validation. */
  overrides: Record<string, string>;
  /** What was posted, in the flow's own summary form, to tell later what changed at the source. */
  postedSnapshot: unknown;
  lastError: unknown;
  linkGroup: string;
  notBefore: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  postedAt: Date | null;
}

export const exceptionCategories = [
  'validation',
  'mapping',
  'master_data',
  'rate_limit',
  'conflict',
  'orphan',
  'drift',
  'upstream',
  'internal',
] as const;
export type ExceptionCategory = (typeof exceptionCategories)[number];

export const exceptionOwners = ['finance', 'operations', 'ecommerce', 'integration'] as const;
export type ExceptionOwner = (typeof exceptionOwners)[number];

export const exceptionSeverities = ['info', 'warning', 'error', 'critical'] as const;
export type ExceptionSeverity = (typeof exceptionSeverities)[number];

export type ExceptionStatus = 'open' | 'resolved' | 'ignored';

export interface LedgerException {
  id: number;
  connectionId: string;
  recordId: number | null;
  flow: string;
  code: string;
  category: ExceptionCategory;
  severity: ExceptionSeverity;
  owner: ExceptionOwner;
  status: ExceptionStatus;
  message: string;
  /** What to do about it, in the owning team's words. */
  action: string;
  evidence: unknown;
  fingerprint: string;
  occurrences: number;
  autoRetry: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  closeNote: string | null;
}

export interface Link {
  linkGroup: string;
  system: string;
  kind: string;
  externalId: string;
  label: string | null;
  createdAt: Date;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  detail: Record<string, unknown>;
}
