import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import type { RunReport } from '../../operations/types.ts';
import { mountDashboard } from './index.ts';
import { fakeOperations } from './test-support/fake-operations.ts';
import { csrfOf, FormClient, textOf } from './test-support/form-client.ts';

const report: RunReport = {
  id: 7,
  connection: 'default',
  period: { from: '2026-11-01', to: '2026-12-01' },
  trigger: 'schedule',
  status: 'finished',
  compared: { orders: 120, refunds: 9, payouts: 14, skus: 3 },
  notes: ['Warehouse stock was not compared: there is no warehouse, or flows.stockReconciliation is off.'],
  startedAt: '2026-12-01T06:00:00.000Z',
  finishedAt: '2026-12-01T06:01:00.000Z',
  counts: { order_missing_in_bc: 1, payout_not_posted: 1, stock_channel_drift: 1 },
  differences: [
    {
      id: 1,
      category: 'order_missing_in_bc',
      reference: '#1042',
      fingerprint: 'order:1',
      message: 'Shopify order #1042 (<b>60.00</b>) is not in Business Central: it is held by an open exception.',
      shopifyAmount: '60.00',
      bcAmount: null,
      recordId: 42,
      linkGroup: 'g',
      detail: {},
      change: 'new',
    },
    {
      id: 2,
      category: 'payout_not_posted',
      reference: 'payout 502 (2026-11-20)',
      fingerprint: 'payout:502',
      message: 'Payout 502 of 48.80 GBP has no journal in Business Central: LedgerBridge never received it.',
      shopifyAmount: '48.80',
      bcAmount: null,
      recordId: null,
      linkGroup: null,
      detail: {},
      change: 'unchanged',
    },
    {
      id: 3,
      category: 'stock_channel_drift',
      reference: 'TEE-ORG-M at SCEND',
      fingerprint: 'shopify-stock:SCEND:TEE-ORG-M',
      message:
        "Shopify shows 7, the hub's figure is 5 (BC available 8, 1 in orders not yet in BC, buffer 2). The hub has not pushed this SKU here.",
      shopifyAmount: null,
      bcAmount: null,
      recordId: 77,
      linkGroup: 'p',
      detail: {},
      change: 'new',
    },
  ],
  previous: { id: 6, startedAt: '2026-11-30T06:00:00.000Z', resolved: [] },
};

function dashboard() {
  const operations = fakeOperations({ reconciliations: [report] });
  const app = new Hono();
  mountDashboard(app, { operations, apiToken: undefined, logger: silentLogger });
  return { operations, client: new FormClient(app) };
}

describe('the reconciliation pages', () => {
  it('lists the runs and shows a run by kind of difference, each linked to its trail, with what is new since the last run', async () => {
    const { client } = dashboard();
    const list = await client.get('/dashboard/reconciliation');
    expect(textOf(list.body)).toMatch(/#7 2026-11-01 to 2026-12-01 \(exclusive\) .* schedule 3 differences/);
    const page = await client.get('/dashboard/reconciliation/7');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Shopify orders missing in Business Central (1)');
    expect(text).toContain('Payouts not posted (1)');
    expect(text).toContain("Shopify stock that differs from the hub's figure (Business Central less open orders and buffers) (1)");
    expect(text).toContain("Shopify shows 7, the hub's figure is 5");
    expect(text).toContain('Not compared in this run: Warehouse stock was not compared');
    expect(page.body).toContain('href="/dashboard/records/77"');
    expect(text).toContain('2 new differences');
    expect(page.body).toContain('href="/dashboard/records/42"');
    expect(page.body).toContain('href="/dashboard/reconciliation/7/csv"');
    expect(page.body).not.toContain('<b>60.00</b>');
    expect((await client.get('/dashboard/reconciliation/8')).status).toBe(404);
  });

  it('serves the CSV and runs a month on demand as the person named', async () => {
    const { client, operations } = dashboard();
    const csv = await client.get('/dashboard/reconciliation/7/csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const form = await client.get('/dashboard/reconciliation');
    const ran = await client.post('/dashboard/reconciliation', { month: '2026-11', by: 'Priya (finance)', csrf: csrfOf(form.body) });
    expect(ran.status).toBe(303);
    expect(ran.location).toBe('/dashboard/reconciliation/7');
    expect(operations.calls).toContainEqual({ method: 'runReconciliation', args: [{ month: '2026-11' }, 'Priya (finance)'] });
  });
});
