/**
 * Operations through a running hub's HTTP API. The CLI uses this when the hub holds the
 * embedded store (a second process may not open it) or when told to with --api.
 */
import type { LedgerException } from '../ledger/types.ts';
import type {
  ExceptionList,
  ExceptionListFilter,
  ExceptionView,
  HubStatus,
  Operations,
  RecordView,
  RunReport,
  SavedRun,
  StockExplanation,
} from '../operations/types.ts';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
    this.name = 'ApiError';
  }
}

export function createRemoteOperations(baseUrl: string, token: string | undefined, fetchImpl: typeof fetch = fetch): Operations {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new ApiError(0, `cannot reach the hub at ${baseUrl}: ${(error as Error).message}`);
    }
    const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!response.ok) throw new ApiError(response.status, payload.error?.message ?? `the hub answered ${response.status}`);
    return payload as T;
  }
  const query = (filter: ExceptionListFilter) =>
    new URLSearchParams(
      Object.entries(filter)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]): [string, string] => [key, String(value)]),
    ).toString();
  return {
    status: (filter = {}) =>
      call<HubStatus>('GET', `/api/status${filter.connection ? `?connection=${encodeURIComponent(filter.connection)}` : ''}`),
    listExceptions: (filter) => call<ExceptionList>('GET', `/api/exceptions?${query(filter)}`),
    async showException(id) {
      try {
        return await call<ExceptionView>('GET', `/api/exceptions/${id}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    retryException: (id, by, overrides) => call('POST', `/api/exceptions/${id}/retry`, { by, ...(overrides ? { overrides } : {}) }),
    resolveException: async (id, by, note) =>
      (await call<{ exception: LedgerException }>('POST', `/api/exceptions/${id}/resolve`, { by, note })).exception,
    ignoreException: async (id, by, note) =>
      (await call<{ exception: LedgerException }>('POST', `/api/exceptions/${id}/ignore`, { by, note })).exception,
    showRecords: async (term, filter = {}) =>
      (
        await call<{ records: RecordView[] }>(
          'GET',
          `/api/records/${encodeURIComponent(term)}${filter.connection ? `?connection=${encodeURIComponent(filter.connection)}` : ''}`,
        )
      ).records,
    listReconciliations: async (filter = {}) =>
      (
        await call<{ runs: SavedRun[] }>(
          'GET',
          `/api/reconciliations${filter.connection ? `?connection=${encodeURIComponent(filter.connection)}` : ''}`,
        )
      ).runs,
    async showReconciliation(id) {
      try {
        return await call<RunReport>('GET', `/api/reconciliations/${id}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    async reconciliationCsv(id) {
      const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/api/reconciliations/${id}/csv`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new ApiError(response.status, `the hub answered ${response.status}`);
      return response.text();
    },
    explainStock: (sku, connection) =>
      call<StockExplanation>(
        'GET',
        `/api/stock/${encodeURIComponent(sku)}${connection ? `?connection=${encodeURIComponent(connection)}` : ''}`,
      ),
    runReconciliation: async (request, by, connection) =>
      (await call<{ run: SavedRun }>('POST', '/api/reconciliations', { ...request, by, ...(connection ? { connection } : {}) })).run,
  };
}
