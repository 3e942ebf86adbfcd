/**
 * Bulk operations for back-fills and full reads: start the query, poll it on the injected
 * clock until it is done, then stream its JSONL result object by object. Each object says
 * what it is (from its GID) and, for nested connections, whose child it is (`__parentId`).
 * Children follow their parents but not necessarily next to them: a consumer that needs
 * them together keys parents by id, or asks for `groupObjects` (slower, on Shopify's side).
 */
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { bulkOperationRunQuery, bulkOperationStatus } from './bulk-documents.ts';
import { bulkOperationRunQueryResponse, bulkOperationStatusResponse, type BulkOperation } from './bulk-schemas.ts';
import type { ShopifyGraphqlClient } from './client.ts';
import { errorFromUserErrors, shopifyError } from './errors.ts';
import { readJsonLines } from './jsonl.ts';

export interface BulkDeps {
  client: ShopifyGraphqlClient;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  logger: Logger;
  requestTimeoutMs: number;
}

export interface BulkQueryOptions {
  /** Children right after their parent (Shopify says it is slower). Default false. */
  groupObjects?: boolean;
  /** Between status polls. Default 2 s. */
  pollIntervalMs?: number;
  /** Give up waiting after this long. Default 2 h. */
  timeoutMs?: number;
}

export interface BulkObject {
  /** The object's GID, when it has one. */
  id: string | null;
  /** The GID's type, e.g. `InventoryLevel`; null without an id. */
  typename: string | null;
  /** The GID of the parent object for a nested connection's node; null at the top. */
  parentId: string | null;
  /** The object's fields as selected, `__parentId` removed. */
  data: Record<string, unknown>;
}

const finished = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);

export function toBulkObject(line: Record<string, unknown>): BulkObject {
  const { __parentId, ...data } = line;
  const id = typeof data.id === 'string' ? data.id : null;
  return {
    id,
    typename: id ? (/^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1] ?? null) : null,
    parentId: typeof __parentId === 'string' ? __parentId : null,
    data,
  };
}

export async function startBulkQuery(client: ShopifyGraphqlClient, query: string, groupObjects: boolean): Promise<BulkOperation> {
  const { data } = await client.request(bulkOperationRunQuery, { query, groupObjects }, bulkOperationRunQueryResponse);
  const payload = data.bulkOperationRunQuery;
  if (payload?.userErrors.length) throw errorFromUserErrors(payload.userErrors, 'bulkOperationRunQuery');
  if (!payload?.bulkOperation)
    throw shopifyError('upstream_unavailable', 'bulkOperationRunQuery answered without an operation', { retryable: false });
  return payload.bulkOperation;
}

export async function waitForBulkOperation(deps: BulkDeps, id: string, options: BulkQueryOptions = {}): Promise<BulkOperation> {
  const deadline = deps.clock.now() + (options.timeoutMs ?? 2 * 60 * 60_000);
  for (;;) {
    const { data } = await deps.client.request(bulkOperationStatus, { id }, bulkOperationStatusResponse);
    const operation = data.bulkOperation;
    if (!operation) throw shopifyError('not_found', `bulk operation ${id} does not exist`);
    if (finished.has(operation.status)) return operation;
    if (deps.clock.now() >= deadline)
      throw shopifyError('timeout', `bulk operation ${id} still ${operation.status} after waiting ${options.timeoutMs ?? 7_200_000} ms`, {
        retryable: false,
      });
    await deps.clock.sleep(options.pollIntervalMs ?? 2_000);
  }
}

/** Streams the result file of a completed operation, never holding it whole. */
export async function* streamBulkResult(deps: BulkDeps, url: string): AsyncGenerator<BulkObject, void, undefined> {
  let response: Response;
  try {
    // A signed storage URL: no Shopify token goes with it.
    response = await deps.fetch(url, { signal: AbortSignal.timeout(deps.requestTimeoutMs) });
  } catch (error) {
    throw shopifyError('network', 'could not download the bulk operation result', { cause: error });
  }
  if (!response.ok || !response.body)
    throw shopifyError('upstream_unavailable', `bulk operation result download answered ${response.status}`, { status: response.status });
  for await (const line of readJsonLines(response.body)) yield toBulkObject(line);
}

export function runBulkQuery(deps: BulkDeps, query: string, options: BulkQueryOptions = {}): AsyncIterable<BulkObject> {
  return (async function* () {
    const started = await startBulkQuery(deps.client, query, options.groupObjects ?? false);
    const operation = await waitForBulkOperation(deps, started.id, options);
    if (operation.status !== 'COMPLETED') {
      throw shopifyError(
        'upstream_unavailable',
        `bulk operation ${operation.id} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ''}`,
        {
          upstreamCode: operation.errorCode ?? operation.status,
          retryable: false,
          upstreamBody: operation,
        },
      );
    }
    deps.logger.info({ id: operation.id, objects: operation.objectCount }, 'bulk operation completed');
    // No file for an empty result.
    if (!operation.url) return;
    yield* streamBulkResult(deps, operation.url);
  })();
}

/**
 * Puts children under their parents, by type: `{ ...parent, children: { InventoryLevel: [...] } }`.
 * Holds the whole result: only for results known to be small.
 */
export async function collectBulkTree(
  objects: AsyncIterable<BulkObject>,
): Promise<(BulkObject & { children: Record<string, BulkObject[]> })[]> {
  const all: (BulkObject & { children: Record<string, BulkObject[]> })[] = [];
  for await (const object of objects) all.push({ ...object, children: {} });
  const byId = new Map(all.filter((object) => object.id).map((object) => [object.id!, object]));
  const roots = [];
  for (const object of all) {
    const parent = object.parentId ? byId.get(object.parentId) : undefined;
    if (!parent) {
      if (object.parentId)
        throw shopifyError(
          'upstream_unavailable',
          `bulk result child ${object.id ?? '(no id)'} names a parent ${object.parentId} that is not in the result`,
          { retryable: false },
        );
      roots.push(object);
      continue;
    }
    (parent.children[object.typename ?? 'unknown'] ??= []).push(object);
  }
  return roots;
}
