/**
 * The operator API: status, exceptions and records as JSON, the same operations the CLI
 * offers, at /api/* (and /status for monitoring tools). Every request passes the operator
 * checks (request-guard.ts): without a token only this machine, addressed by loopback, may
 * ask; a request another site started is refused. With a token every request carries it as
 * `Authorization: Bearer <token>`; wrong ones are counted (wrong-token-throttle.ts). Writes
 * take JSON only, and every field is checked before anything is done.
 */
import { connectionIdSchema } from '../config/connections-schema.ts';
import { isUtf8 } from 'node:buffer';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { exceptionOwners } from '../ledger/types.ts';
import { attentionKinds } from '../operations/attention.ts';

let openApiDocument: object | undefined;
import type { Operations } from '../operations/types.ts';
import { connectionQuery } from './connection-query.ts';
import { HttpProblem, problem } from './http-errors.ts';
import { findForbiddenKey, hasControlCharacters, isPlainText } from '../core/input-checks.ts';
import { noteRejection } from './rejections.ts';
import { checkOperatorRequest, isStateChanging, mediaTypeOf, secretsMatch } from './request-guard.ts';
import { mountReconciliationApi } from './reconciliation-api.ts';
import { mountStockApi } from './stock-api.ts';
import type { WrongTokenThrottle } from './wrong-token-throttle.ts';

const flowName = z.string().regex(/^[a-z][a-z0-9_.-]{0,59}$/, 'expected a flow name such as orders');

export const listQuery = z.object({
  connection: connectionIdSchema.optional(),
  status: z.enum(['open', 'resolved', 'ignored', 'all']).optional(),
  owner: z.enum(exceptionOwners).optional(),
  flow: flowName.optional(),
  attention: z.enum(attentionKinds).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const personName = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(80)
  .refine((value) => !hasControlCharacters(value), 'must not contain control characters');
const note = z
  .string()
  .trim()
  .min(1, 'a note saying what was done is required')
  .max(2000)
  .refine(isPlainText, 'must not contain control characters other than line breaks and tabs');

export const closeBody = z.strictObject({ note, by: personName.default('operator') });

const overridePath = /^[A-Za-z0-9_.[\]-]{1,100}$/;
export const retryBody = z.strictObject({
  by: personName.default('operator'),
  overrides: z
    .record(
      z.string(),
      z
        .string()
        .max(500)
        .refine((value) => !hasControlCharacters(value), 'must not contain control characters'),
    )
    .refine((value) => Object.keys(value).length <= 50, 'at most 50 corrections at once')
    .refine(
      (value) => Object.keys(value).every((path) => overridePath.test(path)),
      'each correction names a field path such as shippingAddress.zip',
    )
    .optional(),
});

function parseId(value: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new HttpProblem(400, 'invalid_request', `"${value}" is not an exception id`);
  return Number(value);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

async function readJson<T>(schema: z.ZodType<T>, c: Context): Promise<T> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (!isUtf8(bytes)) throw new HttpProblem(400, 'invalid_request', 'the body is not valid UTF-8');
  const text = Buffer.from(bytes).toString('utf8');
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpProblem(400, 'invalid_request', 'the body is not valid JSON');
    }
  }
  const forbidden = findForbiddenKey(body);
  if (forbidden)
    throw new HttpProblem(400, 'invalid_request', `the body holds the key ${JSON.stringify(forbidden)}, which the hub never accepts`);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpProblem(400, 'invalid_request', describeIssues(parsed.error));
  return parsed.data;
}

/** `Bearer <token>`, the scheme in any case (RFC 9110); anything else is not a token. */
function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

/** The checks every operator request passes, then the token when one is set. */
export function guardOperatorApi(apiToken: string | undefined, wrongTokens: WrongTokenThrottle): MiddlewareHandler {
  return async (c, next) => {
    const refusal = checkOperatorRequest(c, apiToken);
    if (refusal) return problem(c, refusal.status, refusal.code, refusal.message);
    if (apiToken) {
      const header = c.req.header('authorization');
      const presented = bearerOf(header);
      if (presented === undefined)
        return problem(
          c,
          401,
          'unauthorised',
          header
            ? 'the Authorization header must be "Bearer <token>"'
            : 'send the operator API token as a bearer token (Authorization: Bearer <token>)',
        );
      if (!secretsMatch(presented, apiToken)) {
        const verdict = await wrongTokens.countWrongToken(c);
        noteRejection(c, { detail: { wrongTokensFromClient: verdict.count } });
        if (verdict.throttled) {
          c.header('retry-after', String(verdict.retryAfterSeconds));
          return problem(
            c,
            429,
            'too_many_attempts',
            `too many wrong tokens from this address; wrong tokens are turned away for ${verdict.retryAfterSeconds} s more (the right token still works)`,
          );
        }
        return problem(c, 401, 'unauthorised', 'send the operator API token as a bearer token: the one sent is not it');
      }
    }
    if (isStateChanging(c.req.method) && mediaTypeOf(c) !== 'application/json')
      return problem(c, 415, 'unsupported_media_type', 'send the body as JSON with Content-Type: application/json');
    await next();
    // Answers carry customer data: never kept in shared or browser caches.
    c.res.headers.set('cache-control', 'no-store');
  };
}

export function mountOperatorApi(app: Hono, operations: Operations, apiToken: string | undefined, wrongTokens: WrongTokenThrottle): void {
  const guard = guardOperatorApi(apiToken || undefined, wrongTokens);
  app.use('/api/*', guard);
  app.use('/status', guard);
  // The JSON status is also served without the /api prefix for monitoring tools.
  // `?connection=eu`: one shop's figures; every connection's together without it.
  const status = async (c: Context) => {
    const connection = connectionQuery(c.req.query('connection'));
    return c.json(await operations.status(connection ? { connection } : {}));
  };
  app.get('/status', status);
  app.get('/api/status', status);
  app.get('/api/openapi.json', async (c) => c.json((openApiDocument ??= (await import('./openapi.ts')).buildOpenApiDocument())));
  app.get('/api/exceptions', async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success) throw new HttpProblem(400, 'invalid_request', describeIssues(parsed.error));
    return c.json(await operations.listExceptions(parsed.data));
  });
  app.get('/api/exceptions/:id', async (c) => {
    const view = await operations.showException(parseId(c.req.param('id')));
    if (!view) throw new HttpProblem(404, 'not_found', `there is no exception ${c.req.param('id')}`);
    return c.json(view);
  });
  app.post('/api/exceptions/:id/retry', async (c) => {
    const id = parseId(c.req.param('id'));
    const { by, overrides } = await readJson(retryBody, c);
    return c.json(await operations.retryException(id, by, overrides));
  });
  app.post('/api/exceptions/:id/resolve', async (c) => {
    const id = parseId(c.req.param('id'));
    const { by, note } = await readJson(closeBody, c);
    return c.json({ exception: await operations.resolveException(id, by, note) });
  });
  app.post('/api/exceptions/:id/ignore', async (c) => {
    const id = parseId(c.req.param('id'));
    const { by, note } = await readJson(closeBody, c);
    return c.json({ exception: await operations.ignoreException(id, by, note) });
  });
  app.get('/api/records/:term', async (c) => {
    const term = c.req.param('term').trim();
    if (!term || term.length > 200 || hasControlCharacters(term))
      throw new HttpProblem(400, 'invalid_request', 'a record search is 1 to 200 characters of text, without control characters');
    const connection = connectionQuery(c.req.query('connection'));
    return c.json({ records: await operations.showRecords(term, connection ? { connection } : {}) });
  });
  mountReconciliationApi(app, operations);
  mountStockApi(app, operations);
}
