/**
 * The sandbox end to end, as a user runs it: the `ledgerbridge sandbox` command in its own
 * process, orders generated in the Shopify emulator, read back as Sales Orders through the BC
 * emulator's OData API, then a clean stop on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';

const root = resolve(import.meta.dirname, '../..');

interface Ready {
  hub: string;
  bc: string;
  salesOrders: string;
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
      [join(root, 'bin/ledgerbridge.js'), 'sandbox', '--config', join(dir, 'sandbox.yaml'), '--hub-port', '0', '--shopify-port', '0', '--bc-port', '0', '--orders-per-minute', '240', '--seed', '7'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child!.on('exit', (code) => done(code)));

    const ready = await waitFor(() => {
      const line = stdout.split('\n').find((text) => text.startsWith('SANDBOX_READY '));
      return line ? (JSON.parse(line.slice('SANDBOX_READY '.length)) as Ready) : undefined;
    }, { timeoutMs: 60_000, what: `the sandbox to start (stderr: ${stderr.slice(-500)})` });
    expect(stdout).toContain('Roughly one order in twenty');

    // Read the Sales Orders like any BC client: a client-credentials token, then OData.
    const tokenUrl = stdout.match(/curl -s (\S+\/oauth2\/v2\.0\/token)/)![1]!;
    const clientId = stdout.match(/client_id=(\S+)/)![1]!;
    const clientSecret = stdout.match(/client_secret=(\S+)/)![1]!;
    const tokenResponse = await fetch(tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const salesOrders = await waitFor(async () => {
      const response = await fetch(`${ready.salesOrders}?$select=number,externalDocumentNumber`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { value: { number: string; externalDocumentNumber: string }[] };
      return body.value.length >= 8 ? body.value : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500, what: 'eight sales orders in BC' });
    expect(salesOrders.every((order) => /^SHOP-\d+$/.test(order.externalDocumentNumber))).toBe(true);
    expect(new Set(salesOrders.map((order) => order.externalDocumentNumber)).size).toBe(salesOrders.length);

    const status = (await (await fetch(`${ready.hub}/status`)).json()) as { flows: { flow: string; posted: number }[] };
    expect(status.flows.find((flow) => flow.flow === 'orders')!.posted).toBeGreaterThanOrEqual(8);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping');
    expect(existsSync(join(dir, 'data', 'ledgerbridge.lock'))).toBe(false);
  }, 180_000);
});
