import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import { mountDashboard } from './index.ts';
import { fakeOperations, sampleException, sampleRecord, sampleStatus, type FakeData } from './test-support/fake-operations.ts';
import { FormClient, textOf } from './test-support/form-client.ts';

function dashboardOver(data: FakeData = {}) {
  const operations = fakeOperations(data);
  const app = new Hono();
  mountDashboard(app, { operations, apiToken: undefined, logger: silentLogger });
  return { operations, client: new FormClient(app) };
}

const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>'&`;
const hostileEscaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;';

function expectNoInjectedMarkup(body: string): void {
  expect(body).not.toContain('<script>alert');
  expect(body).not.toContain('<img src=x');
  // The only script is the dashboard's own file.
  expect(body.match(/<script/g)).toHaveLength(1);
}

describe('dashboard pages', () => {
  it('shows per flow the backlog, the oldest unposted age and open exceptions by team, with links to each team', async () => {
    const { client } = dashboardOver();
    const page = await client.get('/dashboard');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(
      /Open exceptions by team.*Finance 0 needing action 1 for review.*Operations 0 needing action.*E-commerce 2 needing action.*Integration 0/,
    );
    expect(text).toMatch(/Orders .* 4 2 1 120 2 h old/);
    expect(page.body).toContain('href="/dashboard/exceptions?owner=finance&amp;attention=action"');
    expect(page.body).toContain('href="/dashboard/exceptions?owner=ecommerce&amp;flow=orders"');
  });

  it('marks a monitoring figure above its threshold as needing attention, and only that one', async () => {
    const { client } = dashboardOver({
      status: sampleStatus({
        monitors: [
          { flow: 'release', name: 'late', label: 'released, not at the warehouse', value: 3, threshold: 0, oldestAgeSeconds: 7200 },
          { flow: 'payouts', name: 'gap', label: 'payouts not balanced', value: 0, threshold: 0 },
        ],
      }),
    });
    const text = textOf((await client.get('/dashboard')).body);
    expect(text).toContain('1 figure needs attention.');
    expect(text).toMatch(/released, not at the warehouse 3 0 2 h Needs attention/);
    expect(text).toMatch(/payouts not balanced 0 0 — OK/);
  });

  it('lists exceptions with message, what to do, occurrences and a record link, passing the filter through', async () => {
    const { client, operations } = dashboardOver();
    const page = await client.get('/dashboard/exceptions?owner=ecommerce&flow=orders&status=open');
    const text = textOf(page.body);
    expect(text).toContain('1 open exception for E-commerce in Orders');
    expect(text).toContain('SKU TEE-NEW is not a Business Central item.');
    expect(text).toContain('What to do: Create the item in Business Central');
    expect(text).toContain('Seen 2 times');
    expect(page.body).toContain('href="/dashboard/records/3"');
    expect(operations.filters.at(-1)).toMatchObject({ status: 'open', owner: 'ecommerce', flow: 'orders' });
  });

  it('falls back to all teams and open exceptions for unknown filter values', async () => {
    const { client, operations } = dashboardOver();
    const page = await client.get('/dashboard/exceptions?owner=marketing&status=bogus');
    expect(page.status).toBe(200);
    expect(operations.filters.at(-1)).toEqual({ status: 'open', limit: 200 });
  });

  it('shows a record with its state in words, its trail and its history including how its exceptions were closed', async () => {
    const closed = sampleException({
      id: 8,
      status: 'resolved',
      closedBy: 'Ana',
      closeNote: 'item created in BC',
      closedAt: new Date('2026-11-20T11:00:00Z'),
    });
    const { client } = dashboardOver({
      records: [
        {
          stateSince: null,
          progress: [],
          record: sampleRecord(),
          exceptions: [sampleException(), closed],
          trail: [
            {
              linkGroup: 'group-1',
              system: 'shopify',
              kind: 'order',
              externalId: 'gid://shopify/Order/1042',
              label: '#1042',
              createdAt: new Date('2026-11-20T09:00:00Z'),
            },
          ],
          history: [
            {
              id: 1,
              at: new Date('2026-11-20T09:00:00Z'),
              actor: 'webhook',
              entity: 'record',
              entityId: '3',
              action: 'received',
              fromState: null,
              toState: 'received',
              detail: {},
            },
          ],
        },
      ],
    });
    const text = textOf((await client.get('/dashboard/records?q=1042')).body);
    expect(text).toContain('1 record matches “1042”');
    expect(text).toContain('Shopify order #1042');
    expect(text).toContain('held: needs attention');
    expect(text).toMatch(/Trail across systems .* Shopify Order #1042 gid:\/\/shopify\/Order\/1042/);
    expect(text).toMatch(/History .*Received from Shopify\. webhook .*Exception #8 resolved: “item created in BC” Ana/);
  });

  it('says plainly when a search finds nothing', async () => {
    const { client } = dashboardOver({ records: [] });
    expect(textOf((await client.get('/dashboard/records?q=9999')).body)).toContain('Nothing matches “9999”');
  });

  it('escapes customer data and other hostile text everywhere it appears', async () => {
    const exception = sampleException({
      message: hostile,
      action: hostile,
      code: hostile,
      evidence: { note: hostile },
      closedBy: hostile,
      closeNote: hostile,
      status: 'resolved',
      closedAt: new Date(),
    });
    const { client } = dashboardOver({
      status: sampleStatus({ hub: hostile, monitors: [{ flow: hostile, name: 'x', label: hostile, value: 1, threshold: 0 }] }),
      exceptions: [exception, sampleException({ id: 9, message: hostile })],
      records: [
        {
          stateSince: null,
          progress: [],
          record: sampleRecord({
            sourceRef: hostile,
            sourceId: hostile,
            externalRef: hostile,
            targetIds: { salesOrder: hostile },
            overrides: { [hostile]: hostile },
          }),
          exceptions: [exception],
          trail: [{ linkGroup: 'g', system: hostile, kind: hostile, externalId: hostile, label: hostile, createdAt: new Date() }],
          history: [
            {
              id: 1,
              at: new Date(),
              actor: hostile,
              entity: 'record',
              entityId: '3',
              action: hostile,
              fromState: null,
              toState: hostile,
              detail: {},
            },
          ],
        },
      ],
    });
    for (const path of [
      '/dashboard',
      '/dashboard/exceptions?status=all',
      '/dashboard/exceptions/7',
      `/dashboard/records?q=${encodeURIComponent(hostile)}`,
    ]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expectNoInjectedMarkup(page.body);
      expect(page.body, path).toContain(hostileEscaped);
    }
    const attribute = await client.get(`/dashboard/records?q=${encodeURIComponent('" autofocus onfocus="alert(1)')}`);
    expect(attribute.body).toContain('value="&quot; autofocus onfocus=&quot;alert(1)"');
  });

  it('answers unknown pages, exceptions and records with a page saying so', async () => {
    const { client } = dashboardOver({ records: [] });
    for (const path of ['/dashboard/nowhere', '/dashboard/exceptions/999', '/dashboard/exceptions/abc', '/dashboard/records/5']) {
      const page = await client.get(path);
      expect(page.status, path).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('sends pages with headers that keep customer data out of caches and frames and forbid inline script', async () => {
    const { client } = dashboardOver();
    const page = await client.get('/dashboard');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.body).not.toMatch(/<script>[^<]/);
    expect(page.body).not.toMatch(/ on[a-z]+="/);
  });

  it('sends the hub root and paths with a trailing slash to the dashboard page', async () => {
    const { client } = dashboardOver();
    expect(await client.get('/')).toMatchObject({ status: 302, location: '/dashboard' });
    expect(await client.get('/dashboard/')).toMatchObject({ status: 301, location: '/dashboard' });
    expect(await client.get('/dashboard/exceptions/')).toMatchObject({ status: 301, location: '/dashboard/exceptions' });
  });
});
