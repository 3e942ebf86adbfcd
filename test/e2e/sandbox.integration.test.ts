/**
 * The sandbox end to end, as a user runs it: the `ledgerbridge sandbox` command in its own
 * process, orders generated in the Shopify emulator, read back as Sales Orders through the BC
 * emulator's OData API; the whole chain — an order released to Scend, despatched, shipped and
 * invoiced in BC and fulfilled with tracking in Shopify, a Shopify Payments payout posted as a
 * balanced journal — then a clean stop on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

interface Ready {
  hub: string;
  shopify: string;
  bc: string;
  salesOrders: string;
}

interface RecordView {
  record: { flow: string; state: string; targetIds: Record<string, string> };
  trail: { system: string; kind: string; externalId: string; label: string | null }[];
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, sample lines only (label values here hold no escaped quotes). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

const matching = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted));

function value(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = matching(samples, name, labels);
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0]!.value;
}

const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  matching(samples, name, labels).reduce((total, sample) => total + sample.value, 0);

async function openExceptionCount(hub: string): Promise<number> {
  const body = (await (await fetch(`${hub}/api/exceptions?status=open&limit=1000`)).json()) as {
    exceptions: unknown[];
    truncated: boolean;
  };
  expect(body.truncated).toBe(false);
  return body.exceptions.length;
}

describe('sandbox end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-sandbox-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns generated Shopify orders into BC sales orders and stops cleanly', async () => {
    const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8').replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`);
    writeFileSync(join(dir, 'sandbox.yaml'), config);
    child = spawn(
      process.execPath,
      [
        join(root, 'bin/ledgerbridge.js'),
        'sandbox',
        '--config',
        join(dir, 'sandbox.yaml'),
        '--hub-port',
        '0',
        '--shopify-port',
        '0',
        '--bc-port',
        '0',
        '--orders-per-minute',
        '240',
        '--seed',
        '7',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child!.on('exit', (code) => done(code)));

    const ready = await waitFor(
      () => {
        const line = stdout.split('\n').find((text) => text.startsWith('SANDBOX_READY '));
        return line ? (JSON.parse(line.slice('SANDBOX_READY '.length)) as Ready) : undefined;
      },
      { timeoutMs: 60_000, what: `the sandbox to start (stderr: ${stderr.slice(-500)})` },
    );
    expect(stdout).toContain('Roughly one order in twenty');

    // Read the Sales Orders like any BC client: a client-credentials token, then OData.
    const tokenUrl = stdout.match(/curl -s (\S+\/oauth2\/v2\.0\/token)/)![1]!;
    const clientId = stdout.match(/client_id=(\S+)/)![1]!;
    const clientSecret = stdout.match(/client_secret=(\S+)/)![1]!;
    const tokenResponse = await fetch(tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://api.businesscentral.dynamics.com/.default',
      }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const salesOrders = await waitFor(
      async () => {
        const response = await fetch(`${ready.salesOrders}?$select=number,externalDocumentNumber`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { value: { number: string; externalDocumentNumber: string }[] };
        return body.value.length >= 8 ? body.value : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'eight sales orders in BC' },
    );
    expect(salesOrders.every((order) => /^SHOP-\d+$/.test(order.externalDocumentNumber))).toBe(true);
    expect(new Set(salesOrders.map((order) => order.externalDocumentNumber)).size).toBe(salesOrders.length);

    const status = (await (await fetch(`${ready.hub}/status`)).json()) as {
      flows: { flow: string; posted: number }[];
      monitors: { name: string }[];
    };
    expect(status.flows.find((flow) => flow.flow === 'orders')!.posted).toBeGreaterThanOrEqual(8);
    expect(status.monitors.map((figure) => figure.name)).toEqual(
      expect.arrayContaining(['released_not_acknowledged', 'shipped_not_in_bc', 'stock_drift_lines']),
    );

    // The whole chain: an order Scend despatched is shipped and invoiced in BC (posted invoices
    // carry the order number) and fulfilled with tracking in Shopify.
    expect(stdout).toContain('Scend (warehouse)');
    const invoicesUrl = ready.salesOrders.replace(/salesOrders$/, 'salesInvoices');
    const chain = await waitFor(
      async () => {
        const response = await fetch(`${invoicesUrl}?$select=number,orderNumber,status`, { headers: { authorization: `Bearer ${token}` } });
        const invoices = ((await response.json()) as { value: { number: string; orderNumber: string; status: string }[] }).value.filter(
          (invoice) => invoice.orderNumber && invoice.status !== 'Draft',
        );
        for (const invoice of invoices) {
          const { records } = (await (await fetch(`${ready.hub}/api/records/${invoice.orderNumber}`)).json()) as { records: RecordView[] };
          const shipments = records.filter((view) => view.record.flow === 'shipments');
          const shipped = shipments.every((view) => view.record.state === 'posted') ? shipments : [];
          const trail = records[0]?.trail ?? [];
          const fulfilment = trail.find((link) => link.system === 'shopify' && link.kind === 'fulfillment');
          const order = trail.find((link) => link.system === 'shopify' && link.kind === 'order');
          if (shipped.length > 0 && fulfilment && order && trail.some((link) => link.kind === 'salesShipment'))
            return { invoice, order: order.externalId };
        }
        return undefined;
      },
      { timeoutMs: 200_000, intervalMs: 2_000, what: 'an order shipped and invoiced in BC and fulfilled in Shopify' },
    );
    const graphql = await fetch(`${ready.shopify}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': 'shpat_ledgerbridge_sandbox' },
      body: JSON.stringify({
        query: `{ order(id: "${chain.order}") { displayFulfillmentStatus fulfillmentOrders(first: 5) { nodes { fulfillments(first: 5) { nodes { trackingInfo { number company } } } } } } }`,
      }),
    });
    const { data } = (await graphql.json()) as {
      data: {
        order: {
          displayFulfillmentStatus: string;
          fulfillmentOrders: { nodes: { fulfillments: { nodes: { trackingInfo: { number: string; company: string }[] }[] } }[] };
        };
      };
    };
    expect(data.order.displayFulfillmentStatus).toBe('FULFILLED');
    const tracking = data.order.fulfillmentOrders.nodes.flatMap((fo) =>
      fo.fulfillments.nodes.flatMap((fulfillment) => fulfillment.trackingInfo),
    );
    expect(tracking.length).toBeGreaterThan(0);
    expect(tracking.every((info) => info.number && info.company)).toBe(true);

    // Money: Shopify Payments pays out; the paid payout becomes one balanced journal in BC.
    const run = await fetch(`${ready.shopify}/_emulator/payouts`, { method: 'POST', body: JSON.stringify({ status: 'PAID' }) });
    const payout = (await run.json()) as { legacyId: string; net: string };
    const ledgerEntries = ready.salesOrders.replace(/salesOrders$/, 'generalLedgerEntries');
    const journal = await waitFor(
      async () => {
        const response = await fetch(
          `${ledgerEntries}?$filter=documentNumber eq 'SP${payout.legacyId}'&$select=accountNumber,debitAmount,creditAmount`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        const entries = ((await response.json()) as { value: { accountNumber: string; debitAmount: number; creditAmount: number }[] })
          .value;
        return entries.length > 0 ? entries : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 2_000, what: `payout ${payout.legacyId} posted as a journal in BC` },
    );
    const debits = journal.reduce((total, entry) => total + Math.round(Number(entry.debitAmount) * 100), 0);
    expect(debits).toBe(journal.reduce((total, entry) => total + Math.round(Number(entry.creditAmount) * 100), 0));
    expect(journal.find((entry) => entry.accountNumber === '18200')?.debitAmount.toFixed(2)).toBe(payout.net);

    // Metrics, as Prometheus scrapes them after the run: the names the alerts guide documents, with
    // values that agree with the hub's own status and exception queue.
    const openBefore = await openExceptionCount(ready.hub);
    const scraped = await fetch(`${ready.hub}/metrics`);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseMetrics(await scraped.text());
    const openAfter = await openExceptionCount(ready.hub);
    const after = (await (await fetch(`${ready.hub}/status`)).json()) as { flows: { flow: string; posted: number }[] };
    const postedOrders = value(samples, 'ledgerbridge_records', { flow: 'orders', state: 'posted' });
    expect(postedOrders).toBeGreaterThanOrEqual(8);
    expect(postedOrders).toBeLessThanOrEqual(after.flows.find((flow) => flow.flow === 'orders')!.posted);
    const open = sum(samples, 'ledgerbridge_open_exceptions');
    expect(open).toBeGreaterThanOrEqual(Math.min(openBefore, openAfter));
    expect(open).toBeLessThanOrEqual(Math.max(openBefore, openAfter));
    expect(
      sum(samples, 'ledgerbridge_open_exceptions', { attention: 'action' }) +
        sum(samples, 'ledgerbridge_open_exceptions', { attention: 'review' }),
    ).toBe(open);
    expect(value(samples, 'ledgerbridge_job_runs_total', { job: 'orders.import', outcome: 'ok' })).toBeGreaterThanOrEqual(8);
    expect(value(samples, 'ledgerbridge_job_duration_seconds_count', { job: 'orders.import', outcome: 'ok' })).toBe(
      value(samples, 'ledgerbridge_job_runs_total', { job: 'orders.import', outcome: 'ok' }),
    );
    expect(sum(samples, 'ledgerbridge_webhook_inbox', { source: 'shopify' })).toBeGreaterThan(0);
    expect(sum(samples, 'ledgerbridge_webhook_inbox', { source: 'warehouse' })).toBeGreaterThan(0);
    expect(value(samples, 'ledgerbridge_bc_request_budget', {})).toBeGreaterThan(0);
    expect(value(samples, 'ledgerbridge_bc_requests_in_window', {})).toBeGreaterThan(0);
    expect(value(samples, 'ledgerbridge_shopify_bucket_capacity', {})).toBeGreaterThan(0);
    // One bucket per shop, named by its domain.
    expect(matching(samples, 'ledgerbridge_shopify_bucket_capacity', {})[0]!.labels.shop).toMatch(/\.myshopify\.com$/);
    expect(samples.some((sample) => sample.name === 'ledgerbridge_queue_jobs')).toBe(true);
    expect(samples.some((sample) => sample.name === 'ledgerbridge_monitor' && sample.labels.name === 'shipped_not_in_bc')).toBe(true);
    expect(value(samples, 'ledgerbridge_process_resident_memory_bytes', {})).toBeGreaterThan(0);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping');
    expect(existsSync(join(dir, 'data', 'ledgerbridge.lock'))).toBe(false);
  }, 360_000);
});
