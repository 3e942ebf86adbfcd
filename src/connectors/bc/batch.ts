/**
 * `$batch` in BC's JSON format (reference §4.5), with every operation's own answer surfaced.
 * BC answers 200 even when operations failed; by default it stops at the first failure, so
 * later operations never ran. Under `Isolation: snapshot` a failure rolls back everything,
 * yet earlier operations still report 201 with ids that no longer exist: those results are
 * marked untrusted. A batch weighs in the limiter as its operations plus itself.
 */
import type { ConnectorError } from '../../core/errors.ts';
import type { BcApi, BcClient } from './client.ts';
import { invalidRequest, mapBcError, type HttpMethod } from './errors.ts';
import { toInteger } from './json.ts';

/** BC online refuses a batch of more than 100 operations. */
export const maxBatchOperations = 100;

export interface BatchOperation {
  id?: string;
  method: HttpMethod;
  /** Relative to the API root, e.g. `companies(…)/journals(…)/journalLines`. */
  path: string;
  body?: unknown;
  ifMatch?: string;
  dependsOn?: string[];
}

export interface BatchOptions {
  api?: BcApi;
  /** `Isolation: snapshot`: all or nothing. Never with posting actions (they commit). */
  isolation?: boolean;
  /** `Prefer: odata.continue-on-error`: run every operation even after a failure. */
  continueOnError?: boolean;
  lane?: string;
  signal?: AbortSignal;
}

export interface BatchResult<T = unknown> {
  id: string;
  /** BC's status for the operation; undefined when BC never ran it. */
  status?: number;
  body?: T;
  ok: boolean;
  executed: boolean;
  /** False when an isolated batch rolled back: a 2xx here names nothing that exists. */
  trusted: boolean;
  error?: ConnectorError;
}

interface BatchAnswer {
  responses?: { id: string; status: unknown; body?: unknown }[];
}

export async function sendBatch<T = unknown>(
  client: BcClient,
  operations: BatchOperation[],
  options: BatchOptions = {},
): Promise<BatchResult<T>[]> {
  if (operations.length === 0) return [];
  if (operations.length > maxBatchOperations) {
    throw invalidRequest(`A Business Central $batch takes at most ${maxBatchOperations} operations; got ${operations.length}`, [
      { code: 'too_many', path: 'operations', message: 'split the batch' },
    ]);
  }
  const ids = operations.map((op, index) => op.id ?? String(index + 1));
  const requests = operations.map((op, index) => {
    const headers: Record<string, string> = {};
    if (op.body !== undefined) headers['content-type'] = 'application/json';
    if (op.ifMatch !== undefined) headers['if-match'] = op.ifMatch;
    return {
      id: ids[index],
      method: op.method,
      url: op.path,
      headers,
      ...(op.body === undefined ? {} : { body: op.body }),
      ...(op.dependsOn ? { dependsOn: op.dependsOn } : {}),
    };
  });
  const headers: Record<string, string> = {};
  if (options.isolation) headers.isolation = 'snapshot';
  if (options.continueOnError) headers.prefer = 'odata.continue-on-error';
  const { body } = await client.request<BatchAnswer>({
    method: 'POST',
    path: '$batch',
    api: options.api,
    body: { requests },
    headers,
    lane: options.lane,
    signal: options.signal,
    weight: operations.length + 1,
  });
  const answers = new Map((body?.responses ?? []).map((answer) => [String(answer.id), answer]));
  const results = operations.map((op, index): BatchResult<T> => {
    const id = ids[index]!;
    const answer = answers.get(id);
    if (!answer) return { id, ok: false, executed: false, trusted: true };
    const status = toInteger(answer.status);
    const ok = status >= 200 && status < 300;
    const result: BatchResult<T> = { id, status, body: answer.body as T, ok, executed: true, trusted: true };
    if (!ok) result.error = mapBcError({ method: op.method, status, body: answer.body, now: Date.now() });
    return result;
  });
  const rolledBack = options.isolation === true && results.some((result) => !result.ok);
  if (rolledBack) for (const result of results) result.trusted = false;
  return results;
}

/** Splits `items` into chunks BC accepts in one `$batch`. */
export function chunk<T>(items: T[], size = maxBatchOperations): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
