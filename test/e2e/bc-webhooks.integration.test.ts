/**
 * BC webhooks end to end: the hub subscribes (answering BC's validation handshake), BC
 * notifies it when an item changes, and the item reaches the warehouse at once rather than
 * at the next poll. A request in which no notification carries the hub's clientState cannot
 * come from its subscriptions and is refused (401) and audited; one that mixes ours with a
 * stranger's is answered 202, so BC keeps the subscription, and the stranger's is audited.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { findRecord, listAudit } from '../../src/ledger/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/run-sandbox.ts';
import { waitFor } from '../support/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

describe('BC webhooks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-bc-webhooks-'));
  let sandbox: Sandbox;

  beforeAll(async () => {
    const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8')
      .replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`)
      // Only a notification can bring the new item within the test: the poll runs once a day.
      .replace('items: { pollCron: "* * * * *" }', 'items: { pollCron: "0 3 * * *" }');
    writeFileSync(join(dir, 'sandbox.yaml'), config);
    sandbox = await startSandbox({
      configPath: join(dir, 'sandbox.yaml'),
      logger: silentLogger,
      ordersPerMinute: 0,
      ports: { hub: 0, shopify: 0, bc: 0 },
      pollingIntervalSeconds: 0.5,
    });
  }, 90_000);
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function bcApi(path: string, init: RequestInit = {}) {
    const { bc } = sandbox;
    const token = (await (
      await fetch(`${bc.url}/${bc.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: bc.clientId,
          client_secret: bc.clientSecret,
          scope: 'https://api.businesscentral.dynamics.com/.default',
        }),
      })
    ).json()) as { access_token: string };
    return fetch(`${bc.url}/v2.0/${bc.tenantId}/${bc.environment}/api/v2.0/companies(${bc.companyId})/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  }

  it('subscribes, and an item created in BC reaches the warehouse through a notification', async () => {
    const webhooks = await waitFor(
      async () => {
        const state = (await (await fetch(`${sandbox.bc.url}/_emulator/webhooks`)).json()) as {
          subscriptions: { resource: string; notificationUrl: string }[];
        };
        return state.subscriptions.length >= 2 ? state : undefined;
      },
      { timeoutMs: 30_000, what: 'the hub to subscribe' },
    );
    expect(webhooks.subscriptions.map((subscription) => subscription.resource.split('/').at(-1)).sort()).toEqual(['items', 'salesOrders']);
    expect(webhooks.subscriptions.every((subscription) => subscription.notificationUrl === `${sandbox.hub.url}/webhooks/bc`)).toBe(true);

    const created = await bcApi('items', {
      method: 'POST',
      body: JSON.stringify({ number: 'SCARF-WOOL', displayName: 'Wool Scarf', type: 'Inventory', unitPrice: 35, gtin: '5060123450103' }),
    });
    expect(created.status).toBe(201);
    await fetch(`${sandbox.bc.url}/_emulator/webhooks/flush`, { method: 'POST' });
    const record = await waitFor(
      async () => {
        const found = await findRecord(sandbox.hub.store.db, { flow: 'items', sourceSystem: 'bc', sourceId: 'SCARF-WOOL' });
        return found?.state === 'posted' ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the new item to be confirmed at the warehouse' },
    );
    expect(record.state).toBe('posted');
    const inbox = await sandbox.hub.store.db.selectFrom('lb_inbox').selectAll().where('source', '=', 'bc').execute();
    expect(inbox.some((event) => String(event.business_key).includes('items'))).toBe(true);
  }, 90_000);

  it('refuses a request with no notification of ours, and audits a stranger mixed in with ours while keeping the subscription', async () => {
    const item = (clientState: string) => ({
      subscriptionId: 'x',
      clientState,
      expirationDateTime: '2026-12-01T00:00:00Z',
      resource: 'companies(1)/customers(2)',
      changeType: 'updated',
      lastModifiedDateTime: '2026-11-24T10:00:00Z',
    });
    const post = (value: unknown[]) =>
      fetch(`${sandbox.hub.url}/webhooks/bc`, {
        method: 'POST',
        body: JSON.stringify({ value }),
        headers: { 'content-type': 'application/json' },
      });

    const stranger = await post([item('not-the-secret')]);
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toMatchObject({ error: { message: "no notification carries the subscription's clientState" } });
    const [refused] = await listAudit(sandbox.hub.store.db, { entity: 'webhook', entityId: 'bc', limit: 1 });
    expect(refused?.detail).toMatchObject({ status: 401, rejected: [{ index: 0, reason: 'clientState does not match' }] });
    expect(JSON.stringify(refused?.detail)).not.toContain('not-the-secret');

    const mixed = await post([item(sandbox.loaded.secrets.bcWebhookClientState!), item('not-the-secret')]);
    expect(mixed.status).toBe(202);
    const [audited] = await listAudit(sandbox.hub.store.db, { entity: 'webhook', entityId: 'bc', limit: 1 });
    expect(audited?.detail).toMatchObject({
      status: 202,
      rejected: [{ index: 1, reason: 'clientState does not match' }],
      acceptedCount: 1,
    });
  });

  it("answers BC's validation handshake with the token as plain text", async () => {
    const response = await fetch(`${sandbox.hub.url}/webhooks/bc?validationToken=abc123`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('abc123');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
