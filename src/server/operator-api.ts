/**
 * The operator API: status, exceptions and records as JSON, the same operations the CLI
 * offers. When a token is configured every request must carry it as a bearer token, and an
 * address that keeps sending wrong ones is turned away for a while (wrong-token-throttle.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { exceptionOwners } from '../ledger/types.ts';
import type { Operations } from '../operations/types.ts';
import { HttpProblem, problem } from './http-errors.ts';
import { mountReconciliationApi } from './reconciliation-api.ts';
import { createWrongTokenThrottle, type WrongTokenThrottle } from './wrong-token-throttle.ts';

const listQuery = z.object({
  status: z.enum(['open', 'resolved', 'ignored', 'all']).optional(),
  owner: z.enum(exceptionOwners).optional(),
  flow: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const closeBody = z.object({
  note: z.string().trim().min(1, 'a note saying what was done is required'),
  by: z.string().trim().min(1).default('operator'),
});

const retryBody = z.object({ by: z.string().trim().min(1).default('operator'), overrides: z.record(z.string(), z.string()).optional() });

function parseId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpProblem(400, 'invalid_request', `"${value}" is not an exception id`);
  return id;
}

async function readJson<T>(schema: z.ZodType<T>, request: Request): Promise<T> {
  let body: unknown = {};
  const text = await request.text();
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpProblem(400, 'invalid_request', 'the body is not valid JSON');
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(
      400,
      'invalid_request',
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
    );
  }
  return parsed.data;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = header?.replace(/^Bearer\s+/i, '') ?? '';
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function mountOperatorApi(
  app: Hono,
  operations: Operations,
  apiToken: string | undefined,
  wrongTokens: WrongTokenThrottle = createWrongTokenThrottle(),
): void {
  if (apiToken) {
    app.use(
      '/api/*',
      wrongTokens.guard((c, seconds) =>
        problem(c, 429, 'too_many_attempts', `too many wrong tokens from this address; try again in ${seconds} s`),
      ),
    );
    app.use('/api/*', async (c, next) => {
      if (!tokenMatches(c.req.header('authorization'), apiToken))
        return problem(c, 401, 'unauthorised', 'send the operator API token as a bearer token');
      await next();
    });
  }
  app.get('/api/status', async (c) => c.json(await operations.status()));
  app.get('/api/exceptions', async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success)
      throw new HttpProblem(
        400,
        'invalid_request',
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
    return c.json({ exceptions: await operations.listExceptions(parsed.data) });
  });
  app.get('/api/exceptions/:id', async (c) => {
    const view = await operations.showException(parseId(c.req.param('id')));
    if (!view) throw new HttpProblem(404, 'not_found', `there is no exception ${c.req.param('id')}`);
    return c.json(view);
  });
  app.post('/api/exceptions/:id/retry', async (c) => {
    const { by, overrides } = await readJson(retryBody, c.req.raw);
    return c.json(await operations.retryException(parseId(c.req.param('id')), by, overrides));
  });
  app.post('/api/exceptions/:id/resolve', async (c) => {
    const { by, note } = await readJson(closeBody, c.req.raw);
    return c.json({ exception: await operations.resolveException(parseId(c.req.param('id')), by, note) });
  });
  app.post('/api/exceptions/:id/ignore', async (c) => {
    const { by, note } = await readJson(closeBody, c.req.raw);
    return c.json({ exception: await operations.ignoreException(parseId(c.req.param('id')), by, note) });
  });
  app.get('/api/records/:term', async (c) => c.json({ records: await operations.showRecords(c.req.param('term')) }));
  mountReconciliationApi(app, operations);
}
