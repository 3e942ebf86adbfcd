/**
 * The secrets test (issue 14): a full sandbox — the real `ledgerbridge sandbox` process with
 * every secret set to a fresh random value and the log at debug — runs orders through Shopify,
 * BC and the warehouse, is probed with requests built to make a secret leak (the warehouse's
 * secret in a callback URL, near-miss operator tokens, strangers' BC notifications), and is
 * read through every API route, every dashboard page and the CLI. Then every log line, every
 * answer (headers and bodies) and every table of the ledger are searched for the secrets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');
const random = (prefix: string) => `${prefix}-${randomBytes(18).toString('hex')}`;

const secrets = {
  LEDGERBRIDGE_API_TOKEN: random('op'),
  SHOPIFY_ACCESS_TOKEN: random('shpat'),
  SHOPIFY_WEBHOOK_SECRETS: random('shpss'),
  BC_CLIENT_SECRET: random('bc'),
  BC_WEBHOOK_CLIENT_STATE: random('state'),
  WAREHOUSE_API_KEY: random('wms'),
  WAREHOUSE_CALLBACK_SECRET: random('callback'),
};
const values = Object.values(secrets);

interface Seen {
  what: string;
  text: string;
}

/** Every secret value found in a text, with a little context, for a readable failure. */
function leaks(seen: Seen[]): string[] {
  const found: string[] = [];
  for (const { what, text } of seen) {
    for (const [name, value] of Object.entries(secrets)) {
      const at = text.indexOf(value);
      if (at >= 0) found.push(`${name} in ${what}: …${text.slice(Math.max(0, at - 80), at)}[SECRET]…`);
    }
  }
  return found;
}

describe('secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-secrets-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('appear in no log line, no API or dashboard answer, no CLI output and no table, after a full sandbox run', async () => {
    const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8').replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`);
    writeFileSync(join(dir, 'sandbox.yaml'), config);
    const env = { ...process.env, ...secrets, LOG_LEVEL: 'debug' };
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
        '11',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child!.on('exit', (code) => done(code)));
    const ready = await waitFor(
      () => {
        const line = stdout.split('\n').find((text) => text.startsWith('SANDBOX_READY '));
        return line ? (JSON.parse(line.slice('SANDBOX_READY '.length)) as { hub: string }) : undefined;
      },
      { timeoutMs: 60_000, what: `the sandbox to start (stderr: ${stderr.slice(-500)})` },
    );
    const hub = ready.hub;
    const answers: Seen[] = [];
    const bearer = { authorization: `Bearer ${secrets.LEDGERBRIDGE_API_TOKEN}` };
    async function read(url: string, init: RequestInit = {}): Promise<Response> {
      const response = await fetch(url, { redirect: 'manual', ...init });
      const text = await response.clone().text();
      answers.push({
        what: `${init.method ?? 'GET'} ${url.replace(hub, '')} → ${response.status}`,
        text: `${JSON.stringify([...response.headers])}\n${text}`,
      });
      return response;
    }

    // Let orders flow through BC to the warehouse and back: callbacks, shipments, exceptions.
    await waitFor(
      async () => {
        const status = (await (await fetch(`${hub}/status`, { headers: bearer })).json()) as { flows: { flow: string; posted: number }[] };
        const posted = (flow: string) => status.flows.find((entry) => entry.flow === flow)?.posted ?? 0;
        return posted('orders') >= 5 && posted('shipments') >= 1 ? status : undefined;
      },
      { timeoutMs: 200_000, intervalMs: 2_000, what: 'orders posted and a shipment back from the warehouse' },
    );

    // Probes built to make a secret leak.
    const callbackSecret = secrets.WAREHOUSE_CALLBACK_SECRET;
    await read(`${hub}/webhooks/warehouse?event=despatched&token=${callbackSecret}`, { method: 'POST', body: 'not json at all' });
    await read(`${hub}/webhooks/warehouse?event=despatched&secret=${callbackSecret}`, { method: 'POST', body: '{}' });
    await read(`${hub}/webhooks/warehouse?event=despatched`, {
      method: 'POST',
      headers: { authorization: `Bearer ${callbackSecret}x` },
      body: '{}',
    });
    const notification = (clientState: string, changeType = 'updated') => ({
      subscriptionId: 'probe',
      clientState,
      expirationDateTime: '2026-12-01T00:00:00Z',
      resource: 'api/v2.0/companies(1)/items(1)',
      changeType,
      lastModifiedDateTime: new Date().toISOString(),
    });
    await read(`${hub}/webhooks/bc`, {
      method: 'POST',
      body: JSON.stringify({ value: [notification(secrets.BC_WEBHOOK_CLIENT_STATE, 'renamed')] }),
    });
    await read(`${hub}/webhooks/bc`, {
      method: 'POST',
      body: JSON.stringify({ value: [notification(`${secrets.BC_WEBHOOK_CLIENT_STATE}x`)] }),
    });
    await read(`${hub}/webhooks/shopify`, {
      method: 'POST',
      headers: { 'x-shopify-hmac-sha256': secrets.SHOPIFY_WEBHOOK_SECRETS },
      body: '{}',
    });
    await read(`${hub}/api/status`, { headers: { authorization: `Bearer ${secrets.LEDGERBRIDGE_API_TOKEN.slice(0, -1)}` } });
    await read(`${hub}/api/status?token=${secrets.LEDGERBRIDGE_API_TOKEN}`);
    await read(`${hub}/api/status`, { headers: { authorization: secrets.LEDGERBRIDGE_API_TOKEN } });

    // Every API route.
    await read(`${hub}/status`, { headers: bearer });
    await read(`${hub}/api/status`, { headers: bearer });
    const { exceptions } = (await (await read(`${hub}/api/exceptions?status=all&limit=1000`, { headers: bearer })).json()) as {
      exceptions: { id: number; recordId: number | null }[];
    };
    expect(exceptions.length).toBeGreaterThan(0);
    for (const exception of exceptions) await read(`${hub}/api/exceptions/${exception.id}`, { headers: bearer });
    const terms = new Set<string>();
    for (const exception of exceptions) if (exception.recordId) terms.add(String(exception.recordId));
    for (const term of [...terms].slice(0, 40)) await read(`${hub}/api/records/${term}`, { headers: bearer });

    // Every dashboard page, signed in (and the sign-in, with a near miss first).
    const signInPage = await read(`${hub}/dashboard/sign-in`);
    const openCsrf = /name="csrf" value="([^"]+)"/.exec(await signInPage.text())![1]!;
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
    await read(`${hub}/dashboard/sign-in`, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ csrf: openCsrf, next: '/dashboard', token: `${secrets.LEDGERBRIDGE_API_TOKEN}x` }),
    });
    const signedIn = await read(`${hub}/dashboard/sign-in`, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ csrf: openCsrf, next: '/dashboard', token: secrets.LEDGERBRIDGE_API_TOKEN }),
    });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = (path: string) => read(`${hub}${path}`, { headers: { cookie } });
    await page('/dashboard');
    for (const owner of ['finance', 'operations', 'ecommerce', 'integration'])
      await page(`/dashboard/exceptions?owner=${owner}&status=all`);
    await page('/dashboard/exceptions?status=all');
    for (const exception of exceptions) await page(`/dashboard/exceptions/${exception.id}`);
    for (const term of [...terms].slice(0, 40)) await page(`/dashboard/records/${term}`);
    await page('/dashboard/records?q=1001');
    await page('/dashboard/assets/dashboard.js');

    // The CLI, through the running hub's API.
    const cli = (...args: string[]) =>
      new Promise<string>((done) => {
        const run = spawn(process.execPath, [join(root, 'bin/ledgerbridge.js'), ...args, '--api', hub], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        run.on('exit', () => done(output));
      });
    const cliOutput = [
      await cli('status'),
      await cli('exceptions', 'list', '--status', 'all'),
      await cli('exceptions', 'show', String(exceptions[0]!.id), '--json'),
    ];
    expect(cliOutput[1]).toContain('What to do');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // The ledger: every table the hub writes, read back from the data directory.
    const store = await openStore({ backend: 'embedded', dataDir: join(dir, 'data') });
    const tables: Seen[] = [];
    try {
      for (const table of ['lb_record', 'lb_link', 'lb_exception', 'lb_audit', 'lb_cursor', 'lb_inbox']) {
        const rows = (await store.executeSql(`select * from ${table}`)).rows;
        tables.push({ what: `table ${table} (${rows.length} rows)`, text: JSON.stringify(rows) });
      }
      const inbox = (await store.executeSql(`select body, body_encoding from lb_inbox where body_encoding = 'base64'`)).rows as {
        body: string;
      }[];
      tables.push({ what: 'base64 inbox bodies', text: inbox.map((row) => Buffer.from(row.body, 'base64').toString('utf8')).join('\n') });
      const jobs = (await store.executeSql(`select name, data, output from pgboss.job`)).rows;
      tables.push({ what: `queue jobs (${jobs.length})`, text: JSON.stringify(jobs) });
    } finally {
      await store.close();
    }

    const logLines = `${stdout}\n${stderr}`.split('\n').filter(Boolean);
    // The log really is at debug, and the run really reached every part.
    expect(logLines.filter((line) => line.startsWith('{')).length).toBeGreaterThan(20);
    expect(answers.length).toBeGreaterThan(exceptions.length * 2);
    expect(tables.find((table) => table.what.startsWith('table lb_inbox'))!.text).toContain('"source":"warehouse"');
    expect(tables.find((table) => table.what.startsWith('table lb_exception'))!.text).toContain('callback_unreadable');

    const found = leaks([
      ...logLines.map((text, index) => ({ what: `log line ${index + 1}`, text })),
      ...answers,
      ...cliOutput.map((text, index) => ({ what: `CLI run ${index + 1}`, text })),
      ...tables,
    ]);
    expect(found).toEqual([]);
    // And they were there to be found: the hub was configured with every one of them.
    expect(values.every((value) => value.length > 30)).toBe(true);
  }, 360_000);
});
