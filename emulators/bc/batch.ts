/**
 * `$batch` in JSON (reference §4.5): at most 100 operations (more is an HTTP 500 naming the
 * limit); operations run in order and, by default, processing stops at the first failure
 * while the batch itself answers 200; `Prefer: odata.continue-on-error` runs the rest
 * (`dependsOn` on a failed operation gives 424). `Isolation: snapshot` runs everything in
 * one transaction: on any failure all changes roll back, yet the earlier operations still
 * report their 201s — ids that no longer exist, exactly the trap the reference warns of.
 * Each operation counts against the rate limit.
 */
import type { ApiRequest, ApiSurface } from './api-request.ts';
import { readBody } from './api-request.ts';
import type { EmulatorDeps } from './deps.ts';
import { handleResource } from './handle-resource.ts';
import { BcHttpError, badRequest, bcErrorBody } from './http-error.ts';
import { jsonResponse, parseJsonBody, serializeJson } from './wire.ts';

export const maxBatchOperations = 100;

interface Operation {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

function parseOperations(body: unknown): Operation[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw badRequest('A JSON batch needs a "requests" array.');
  return requests.map((raw: unknown, index) => {
    const op = raw as Record<string, unknown>;
    if (typeof op?.method !== 'string' || typeof op.url !== 'string')
      throw badRequest(`Batch operation ${index + 1} needs a method and a url.`);
    return {
      id: typeof op.id === 'string' ? op.id : String(index + 1),
      method: op.method.toUpperCase(),
      url: op.url,
      headers: (op.headers ?? {}) as Record<string, string>,
      body: op.body,
      dependsOn: Array.isArray(op.dependsOn) ? op.dependsOn.map(String) : [],
    };
  });
}

function failure(error: BcHttpError): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers },
    body: bcErrorBody(error.code, error.message),
  };
}

export async function handleBatch(deps: EmulatorDeps, surface: ApiSurface, request: ApiRequest): Promise<Response> {
  const operations = parseOperations(readBody(request));
  if (operations.length > maxBatchOperations) {
    throw new BcHttpError(
      500,
      'Internal_ServerError',
      `The batch request contains ${operations.length} operations; the maximum allowed is ${maxBatchOperations}.`,
    );
  }
  const isolated = request.headers.get('isolation')?.trim().toLowerCase() === 'snapshot';
  const continueOnError = /odata\.continue-on-error/i.test(request.headers.get('prefer') ?? '');
  const saved = isolated ? { store: deps.store.snapshot(), notifier: deps.notifier.snapshot() } : undefined;
  const root = request.url.href.slice(0, request.url.href.indexOf(`/api/${surface.prefix}`) + `/api/${surface.prefix}`.length);
  const responses: unknown[] = [];
  const failed = new Set<string>();
  for (const op of operations) {
    let answer: { status: number; headers: Record<string, string>; body: unknown };
    if (op.dependsOn.some((id) => failed.has(id))) {
      answer = failure(new BcHttpError(424, 'BadRequest_FailedDependency', `Operation ${op.id} depends on an operation that failed.`));
    } else {
      answer = await runOperation(deps, surface, request, op, root, isolated);
    }
    responses.push({
      id: op.id,
      status: answer.status,
      headers: answer.headers,
      ...(answer.body === undefined ? {} : { body: answer.body }),
    });
    if (answer.status >= 400) {
      failed.add(op.id);
      if (!continueOnError) break;
    }
  }
  if (saved && failed.size > 0) {
    deps.store.restore(saved.store);
    deps.notifier.restore(saved.notifier);
  }
  return jsonResponse(200, { responses });
}

async function runOperation(deps: EmulatorDeps, surface: ApiSurface, outer: ApiRequest, op: Operation, root: string, isolated: boolean) {
  try {
    const url = new URL(op.url, `${root}/`);
    const marker = `/api/${surface.prefix}/`;
    const at = url.pathname.indexOf(marker);
    if (at < 0) throw badRequest(`The batch operation URL '${op.url}' is outside this API.`);
    deps.limits?.countInner(outer.user);
    const headers = new Headers(op.headers);
    const response = await handleResource(deps, surface, {
      method: op.method,
      url,
      headers,
      body: op.body === undefined ? '' : serializeJson(op.body),
      path: url.pathname.slice(at + marker.length),
      user: outer.user,
      batch: { isolated },
    });
    const text = await response.text();
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      if (key === 'location' || key === 'etag' || key === 'content-type') responseHeaders[key] = value;
    });
    return { status: response.status, headers: responseHeaders, body: text ? parseJsonBody(text) : undefined };
  } catch (error) {
    if (error instanceof BcHttpError) return failure(error);
    deps.settings.logger.error({ err: error, url: op.url }, 'bc emulator batch operation failed');
    return failure(new BcHttpError(500, 'Internal_ServerError', 'An unexpected error occurred in the emulator.'));
  }
}
