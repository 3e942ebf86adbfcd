/**
 * Status and the overview by connection (issue 16): one shop's flow counts, exceptions, last
 * runs, queues and monitors when asked (`?connection=`, `status --connection`, the overview's
 * shop filter), every shop's together otherwise; on both store backends.
 */
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import { runCli } from '../cli/program.ts';
import { createRemoteOperations } from '../cli/remote-operations.ts';
import { flowMonitors } from '../composition/flows.ts';
import { readEnv } from '../config/env.ts';
import { parseConfig } from '../config/load-config.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { raiseException, receiveRecord, transitionRecord } from '../ledger/index.ts';
import { recordLastRun } from '../operations/last-runs.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import type { FlowStatus, HubStatus } from '../operations/types.ts';
import { sandboxSecrets } from '../sandbox/run-sandbox.ts';
import { connectionStore } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import { listen, type Listening } from './listen.ts';

const root = resolve(import.meta.dirname, '../..');

function twoShops() {
  return parseConfig(
    `
bc: { tenantId: t, environment: sandbox, clientId: c, company: { name: One Ltd } }
connections:
  - id: uk
    shopify: { shopDomain: uk.myshopify.com }
  - id: eu
    shopify: { shopDomain: eu.myshopify.com }
    flows: { orders: { referencePrefix: EU- }, payouts: { journalBatch: SHOPIFY-EU }, cashApplication: { journalBatch: SHOP-EU-CR } }
`,
    { source: 'test.yaml', baseDir: root, env: readEnv(sandboxSecrets) },
  );
}

function orders(status: HubStatus): FlowStatus {
  return status.flows.find((flow) => flow.flow === 'orders')!;
}

describeEachBackend('status by connection', (backend) => {
  let store: Store;
  let server: Listening;
  const hourAgo = new Date(Date.now() - 3_600_000);
  const dayAgo = new Date(Date.now() - 86_400_000);

  beforeAll(async () => {
    store = await backend.open();
    const loaded = twoShops();
    server = await listen(
      createServer({
        store,
        operations: createLocalOperations({
          store,
          hubName: 'two-shops',
          clock: systemClock,
          queueCounts: async () => [
            { name: 'alerts.evaluate', queued: 1, active: 0, failed: 0 },
            { name: 'uk/orders.import', queued: 3, active: 0, failed: 0 },
            { name: 'eu/orders.import', queued: 5, active: 1, failed: 0 },
          ],
          retriers: {},
          connections: ['uk', 'eu'],
          monitors: flowMonitors(store, loaded, systemClock),
        }),
        apiToken: undefined,
        isReady: () => true,
        logger: silentLogger,
        shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
      }),
      '127.0.0.1',
      0,
    );
    const record = async (connection: string, flow: string, id: string, createdAt: Date) => {
      const db = connectionStore(store, connection).db;
      const { record } = await receiveRecord(db, { flow, sourceSystem: 'shopify', sourceId: id, sourceRef: `#${id}`, actor: 'test' });
      await sql`update lb_record set created_at = ${createdAt.toISOString()}::timestamptz where id = ${record.id}`.execute(store.db);
      return { db, record };
    };
    // uk: two orders waiting (the older a day old), one posted, one paid payout not in a journal.
    await record('uk', 'orders', '1001', dayAgo);
    await record('uk', 'orders', '1002', hourAgo);
    const posted = await record('uk', 'orders', '1003', hourAgo);
    await transitionRecord(posted.db, posted.record.id, { to: 'validated', actor: 'test' });
    await transitionRecord(posted.db, posted.record.id, { to: 'posting', actor: 'test' });
    await transitionRecord(posted.db, posted.record.id, { to: 'posted', actor: 'test' });
    await record('uk', 'payouts', 'p-1', hourAgo);
    // eu: one order held as an exception with its exception, one received; two payouts not in a journal.
    const held = await record('eu', 'orders', '1001', hourAgo);
    await transitionRecord(held.db, held.record.id, { to: 'exception', actor: 'test' });
    await raiseException(held.db, {
      recordId: held.record.id,
      flow: 'orders',
      code: 'unknown_sku',
      category: 'master_data',
      severity: 'error',
      owner: 'ecommerce',
      message: 'Order #1001 of eu has an unknown SKU.',
      action: 'Create the item in Business Central.',
    });
    await record('eu', 'orders', '1004', hourAgo);
    await record('eu', 'payouts', 'p-1', hourAgo);
    await record('eu', 'payouts', 'p-2', hourAgo);
    await recordLastRun(store.db, 'uk/orders.import', 'ok', new Date(Date.now() - 60_000));
    await recordLastRun(store.db, 'eu/orders.import', 'retrying: BC is unavailable', new Date(Date.now() - 120_000));
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await backend.cleanup();
  });

  it('gives one connection’s figures when asked, and every connection’s together otherwise', async () => {
    const operations = createRemoteOperations(server.url, undefined);
    const eu = await operations.status({ connection: 'eu' });
    expect(eu.connection).toBe('eu');
    expect(orders(eu)).toMatchObject({ backlog: 2, inException: 1, posted: 0, lastRunOutcome: 'retrying: BC is unavailable' });
    expect(orders(eu).oldestUnpostedAgeSeconds).toBeLessThan(2 * 3600);
    expect(eu.needsActionByOwner).toEqual({ ecommerce: 1 });
    expect(eu.queues.map((queue) => queue.name)).toEqual(['eu/orders.import']);
    const payoutsFigure = (status: HubStatus) =>
      status.monitors.filter((figure) => figure.name === 'payouts_not_posted').map((figure) => [figure.connection, figure.value]);
    expect(payoutsFigure(eu)).toEqual([['eu', 2]]);

    const uk = await operations.status({ connection: 'uk' });
    expect(orders(uk)).toMatchObject({ backlog: 2, inException: 0, posted: 1, lastRunOutcome: 'ok' });
    // The uk order waiting a day is uk's oldest, not eu's.
    expect(orders(uk).oldestUnpostedAgeSeconds).toBeGreaterThan(20 * 3600);
    expect(uk.needsActionByOwner).toEqual({});
    expect(payoutsFigure(uk)).toEqual([['uk', 1]]);

    const all = await operations.status();
    expect(all.connection).toBeUndefined();
    expect(all.connections).toEqual(['uk', 'eu']);
    expect(orders(all)).toMatchObject({ backlog: 4, inException: 1, posted: 1, lastRunOutcome: 'ok' });
    expect(orders(all).oldestUnpostedAgeSeconds).toBeGreaterThan(20 * 3600);
    expect(all.queues).toHaveLength(3);
    expect(payoutsFigure(all).sort()).toEqual([
      ['eu', 2],
      ['uk', 1],
    ]);
  });

  it('serves /status?connection= and refuses a connection the hub does not have', async () => {
    const answer = await fetch(`${server.url}/status?connection=eu`);
    expect(answer.status).toBe(200);
    expect(orders((await answer.json()) as HubStatus).backlog).toBe(2);
    expect((await fetch(`${server.url}/api/status?connection=mars`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/status?connection=Not%20One`)).status).toBe(400);
  });

  it('prints one connection’s status with ledgerbridge status --connection', async () => {
    const out: string[] = [];
    const run = (args: string[]) => runCli(args, { out: (text) => out.push(text), err: (text) => out.push(text), env: {} });
    expect(await run(['status', '--api', server.url, '--connection', 'eu'])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Connection eu only');
    expect(text).toMatch(/backlog: +2 unfinished \(1 held as exceptions/);
    expect(text).toContain('eu/orders.import 5 waiting');
    expect(text).not.toContain('uk/orders.import');
    out.length = 0;
    expect(await run(['status', '--api', server.url, '--json'])).toBe(0);
    expect(orders(JSON.parse(out.join('\n')) as HubStatus).backlog).toBe(4);
  });

  it('offers the shop on the overview, its figures and links being that shop’s', async () => {
    const page = async (query: string) => (await fetch(`${server.url}/dashboard${query}`)).text();
    const eu = await page('?connection=eu');
    expect(eu).toContain('id="overview-connection"');
    expect(eu).toContain('Shop eu only.');
    expect(eu).toContain('<option value="eu" selected>');
    expect(eu).toContain('/dashboard/exceptions?owner=ecommerce&amp;attention=action&amp;connection=eu');
    expect(eu).not.toContain('<th scope="col">Shop</th>');
    const all = await page('');
    expect(all).toContain('Every shop together.');
    // Each monitor row says whose shop it counts.
    expect(all).toContain('<th scope="col">Shop</th>');
    const missing = await fetch(`${server.url}/dashboard?connection=mars`);
    expect(missing.status).toBe(404);
  });
});
