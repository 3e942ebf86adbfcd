/** An in-memory `Operations` for rendering tests: fixed data, and a log of the calls made. */
import type { LedgerException, LedgerRecord } from '../../../ledger/types.ts';
import { attentionOf } from '../../../operations/attention.ts';
import type { ExceptionListFilter, HubStatus, Operations, RecordView, RunReport, StockExplanation } from '../../../operations/types.ts';

export function sampleException(overrides: Partial<LedgerException> = {}): LedgerException {
  return {
    id: 7,
    connectionId: 'default',
    recordId: 3,
    flow: 'orders',
    code: 'unknown_sku',
    category: 'master_data',
    severity: 'error',
    owner: 'ecommerce',
    status: 'open',
    message: 'Order #1042 cannot be posted: SKU TEE-NEW is not a Business Central item.',
    action: 'Create the item in Business Central; the order posts by itself.',
    evidence: { sku: 'TEE-NEW' },
    fingerprint: 'orders:3:unknown_sku',
    occurrences: 2,
    autoRetry: true,
    firstSeenAt: new Date('2026-11-20T09:00:00Z'),
    lastSeenAt: new Date('2026-11-20T10:00:00Z'),
    closedAt: null,
    closedBy: null,
    closeNote: null,
    ...overrides,
  };
}

export function sampleRecord(overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    id: 3,
    connectionId: 'default',
    flow: 'orders',
    sourceSystem: 'shopify',
    sourceId: 'gid://shopify/Order/1042',
    sourceRef: '#1042',
    state: 'exception',
    payload: {},
    payloadHash: null,
    attempts: 2,
    externalRef: 'LB-ORD-1042',
    targetIds: {},
    overrides: {},
    postedSnapshot: null,
    lastError: null,
    linkGroup: 'group-1',
    notBefore: null,
    version: 3,
    createdAt: new Date('2026-11-20T09:00:00Z'),
    updatedAt: new Date('2026-11-20T10:00:00Z'),
    postedAt: null,
    ...overrides,
  };
}

export function sampleStatus(overrides: Partial<HubStatus> = {}): HubStatus {
  return {
    hub: 'test-hub',
    generatedAt: '2026-11-20T12:00:00.000Z',
    store: { backend: 'embedded', location: 'memory' },
    flows: [
      {
        flow: 'orders',
        lastRunAt: '2026-11-20T11:59:00.000Z',
        lastRunOutcome: 'ok',
        backlog: 4,
        waiting: 1,
        inException: 2,
        posted: 120,
        oldestUnpostedAt: '2026-11-20T10:00:00.000Z',
        oldestUnpostedAgeSeconds: 7200,
        openExceptionsByOwner: { ecommerce: 2 },
        needsActionByOwner: { ecommerce: 2 },
        forReviewByOwner: {},
      },
    ],
    openExceptionsByOwner: { ecommerce: 2, finance: 1 },
    needsActionByOwner: { ecommerce: 2 },
    forReviewByOwner: { finance: 1 },
    queues: [],
    monitors: [],
    ...overrides,
  };
}

export interface FakeData {
  status?: HubStatus;
  exceptions?: LedgerException[];
  records?: RecordView[];
  reconciliations?: RunReport[];
  stock?: StockExplanation[];
}

export interface FakeOperations extends Operations {
  calls: { method: string; args: unknown[] }[];
  filters: ExceptionListFilter[];
}

export function fakeOperations(data: FakeData = {}): FakeOperations {
  const calls: FakeOperations['calls'] = [];
  const filters: ExceptionListFilter[] = [];
  const exceptions = data.exceptions ?? [sampleException()];
  return {
    calls,
    filters,
    status: async () => data.status ?? sampleStatus(),
    listExceptions: async (filter) => {
      filters.push(filter);
      const matching = exceptions.filter((exception) => !filter.attention || attentionOf(exception) === filter.attention);
      return {
        exceptions: matching.map((exception) => ({ ...exception, attention: attentionOf(exception) })),
        truncated: false,
        limit: filter.limit ?? 100,
      };
    },
    showException: async (id) => {
      const exception = exceptions.find((candidate) => candidate.id === id);
      return exception
        ? {
            exception: { ...exception, attention: attentionOf(exception) },
            record: data.records?.find((view) => view.record.id === exception.recordId)?.record ?? null,
          }
        : undefined;
    },
    retryException: async (id, by, overrides) => {
      calls.push({ method: 'retry', args: [id, by, overrides] });
      return { queued: true, outcome: 'queued', message: `record 3 is queued; the exception closes by itself when it succeeds` };
    },
    resolveException: async (id, by, note) => {
      calls.push({ method: 'resolve', args: [id, by, note] });
      return { ...exceptions[0]!, id, status: 'resolved', closedBy: by, closeNote: note, closedAt: new Date() };
    },
    ignoreException: async (id, by, note) => {
      calls.push({ method: 'ignore', args: [id, by, note] });
      return { ...exceptions[0]!, id, status: 'ignored', closedBy: by, closeNote: note, closedAt: new Date() };
    },
    showRecords: async (term) => {
      calls.push({ method: 'showRecords', args: [term] });
      return data.records ?? [];
    },
    listReconciliations: async () => data.reconciliations ?? [],
    showReconciliation: async (id) => data.reconciliations?.find((run) => run.id === id),
    reconciliationCsv: async (id) => (data.reconciliations?.some((run) => run.id === id) ? 'period_from\n2026-11-01\n' : undefined),
    runReconciliation: async (request, by) => {
      calls.push({ method: 'runReconciliation', args: [request, by] });
      const run = data.reconciliations?.[0];
      if (!run) throw new Error('a reconciliation reads Shopify and Business Central, so the hub runs it');
      return run;
    },
    explainStock: async (sku) => {
      calls.push({ method: 'explainStock', args: [sku] });
      return (
        data.stock?.find((entry) => entry.sku === sku.toUpperCase()) ?? { sku: sku.toUpperCase(), live: true, locations: [], problems: [] }
      );
    },
  };
}
