import { Hono } from 'hono';
import { MemoryStore } from 'hono-rate-limiter';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../operations/types.ts';
import { fakeOperations } from './dashboard/test-support/fake-operations.ts';
import { mountOperatorApi } from './operator-api.ts';
import { createWrongTokenThrottle } from './wrong-token-throttle.ts';
import { HttpProblem } from './http-errors.ts';

const run: RunReport = {
  id: 3,
  connection: 'default',
  period: { from: '2026-11-01', to: '2026-12-01' },
  trigger: 'operator:api',
  status: 'finished',
  compared: { orders: 2 },
  notes: [],
  startedAt: '2026-12-01T06:00:00.000Z',
  finishedAt: '2026-12-01T06:00:01.000Z',
  counts: {},
  differences: [],
  previous: null,
};

function api() {
  const operations = fakeOperations({ reconciliations: [run] });
  const app = new Hono();
  app.onError((error, c) =>
    error instanceof HttpProblem ? c.json({ error: { code: error.code, message: error.message } }, error.status) : c.json({}, 500),
  );
  mountOperatorApi(app, operations, 'secret-token', createWrongTokenThrottle({ counts: new MemoryStore() }));
  const call = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: 'Bearer secret-token', 'content-type': 'application/json', ...init.headers } });
  return { operations, call };
}

describe('the reconciliation in the operator API', () => {
  it('lists runs, shows one, serves its CSV and runs a month on demand', async () => {
    const { operations, call } = api();
    expect(await (await call('/api/reconciliations')).json()).toMatchObject({ runs: [{ id: 3 }] });
    expect(await (await call('/api/reconciliations/3')).json()).toMatchObject({ id: 3, period: { from: '2026-11-01' } });
    expect((await call('/api/reconciliations/9')).status).toBe(404);
    const csv = await call('/api/reconciliations/3/csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('period_from');
    const ran = await call('/api/reconciliations', { method: 'POST', body: JSON.stringify({ month: '2026-11', by: 'api' }) });
    expect(ran.status).toBe(201);
    expect(operations.calls).toContainEqual({ method: 'runReconciliation', args: [{ month: '2026-11' }, 'api'] });
    expect((await call('/api/reconciliations', { method: 'POST', body: JSON.stringify({ month: 'November' }) })).status).toBe(400);
  });

  it('keeps the reconciliation behind the operator token', async () => {
    const { call } = api();
    expect((await call('/api/reconciliations', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});
