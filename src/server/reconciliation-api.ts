/**
 * The reconciliation in the operator API (behind the same bearer token as the rest of
 * /api): runs listed, one run's report, its CSV, and a run started on demand for a month or
 * a range of days.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Operations } from '../operations/types.ts';
import { connectionIdSchema } from '../config/connections-schema.ts';
import { connectionQuery } from './connection-query.ts';
import { HttpProblem } from './http-errors.ts';

const who = { by: z.string().trim().min(1).default('operator'), connection: connectionIdSchema.optional() };
const runBody = z.union([
  z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, 'a month such as 2026-11'), ...who }),
  z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), ...who }),
]);

function runId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpProblem(400, 'invalid_request', `"${value}" is not a reconciliation run id`);
  return id;
}

export function mountReconciliationApi(app: Hono, operations: Operations): void {
  app.get('/api/reconciliations', async (c) => {
    const connection = connectionQuery(c.req.query('connection'));
    return c.json({ runs: await operations.listReconciliations(connection ? { connection } : {}) });
  });
  app.post('/api/reconciliations', async (c) => {
    const parsed = runBody.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success)
      throw new HttpProblem(
        400,
        'invalid_request',
        'send {"month": "2026-11"} or {"from": "2026-11-01", "to": "2026-12-01"}, with "connection" on a hub of several shops',
      );
    const { by, connection, ...request } = parsed.data;
    try {
      return c.json({ run: await operations.runReconciliation(request, by, connection) }, 201);
    } catch (error) {
      if (error instanceof Error && error.constructor === Error) throw new HttpProblem(409, 'conflict', error.message);
      throw error;
    }
  });
  app.get('/api/reconciliations/:id', async (c) => {
    const report = await operations.showReconciliation(runId(c.req.param('id')));
    if (!report) throw new HttpProblem(404, 'not_found', `there is no reconciliation run ${c.req.param('id')}`);
    return c.json(report);
  });
  app.get('/api/reconciliations/:id/csv', async (c) => {
    const csv = await operations.reconciliationCsv(runId(c.req.param('id')));
    if (csv === undefined) throw new HttpProblem(404, 'not_found', `there is no reconciliation run ${c.req.param('id')}`);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="reconciliation-${c.req.param('id')}.csv"`,
    });
  });
}
