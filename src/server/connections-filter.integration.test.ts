/** The operator's lists by connection: the API and the CLI client filter, the dashboard offers the filter with several shops. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../test/support/backends.ts';
import { createRemoteOperations } from '../cli/remote-operations.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { saveRun } from '../flows/reconciliation/runs.ts';
import { raiseException, receiveRecord } from '../ledger/index.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import { connectionStore } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import { listen, type Listening } from './listen.ts';

describe('operator lists by connection', () => {
  let store: Store;
  let server: Listening;
  let single: Listening;

  beforeAll(async () => {
    store = await embeddedBackend().open();
    const serve = (connections: string[]) =>
      listen(
        createServer({
          store,
          operations: createLocalOperations({
            store,
            hubName: 'test-hub',
            clock: systemClock,
            queueCounts: async () => [],
            retriers: {},
            connections,
            // Each connection's reconciliation saves its run on that connection's handle, as the hub's flows do.
            reconcile: (period, trigger, connection) =>
              saveRun(connectionStore(store, connection).db, { period, trigger, compared: { orders: 0 }, differences: [] }),
          }),
          apiToken: undefined,
          isReady: () => true,
          logger: silentLogger,
          shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
        }),
        '127.0.0.1',
        0,
      );
    server = await serve(['default', 'eu']);
    single = await serve(['default']);
    for (const connection of ['default', 'eu']) {
      const db = connectionStore(store, connection).db;
      const { record } = await receiveRecord(db, {
        flow: 'orders',
        sourceSystem: 'shopify',
        sourceId: 'gid://shopify/Order/1001',
        sourceRef: '#1001',
        actor: 'test',
      });
      await raiseException(db, {
        recordId: record.id,
        flow: 'orders',
        code: 'unknown_sku',
        category: 'master_data',
        severity: 'error',
        owner: 'ecommerce',
        message: `Order #1001 of ${connection} has an unknown SKU.`,
        action: 'Create the item in Business Central.',
      });
    }
  });
  afterAll(async () => {
    await server?.close();
    await single?.close();
    await store.close();
  });

  it('lists one connection’s exceptions and records when asked, every connection’s otherwise', async () => {
    const operations = createRemoteOperations(server.url, undefined);
    const all = await operations.listExceptions({});
    expect(all.exceptions.map((exception) => exception.connectionId).sort()).toEqual(['default', 'eu']);
    const eu = await operations.listExceptions({ connection: 'eu' });
    expect(eu.exceptions.map((exception) => exception.message)).toEqual(['Order #1001 of eu has an unknown SKU.']);
    expect((await operations.showRecords('1001')).map((view) => view.record.connectionId).sort()).toEqual(['default', 'eu']);
    expect((await operations.showRecords('1001', { connection: 'default' })).map((view) => view.record.connectionId)).toEqual(['default']);
    expect((await operations.status()).connections).toEqual(['default', 'eu']);
    const refused = await fetch(`${server.url}/api/exceptions?connection=Not%20One`);
    expect(refused.status).toBe(400);
  });

  it('reconciles and explains stock for the connection named, and refuses to guess on a hub of several', async () => {
    const operations = createRemoteOperations(server.url, undefined);
    const month = { month: '2026-11' };
    await expect(operations.runReconciliation(month, 'ann')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('this hub has several connections (default, eu)'),
    });
    await expect(operations.runReconciliation(month, 'ann', 'mars')).rejects.toMatchObject({ status: 404 });
    const eu = await operations.runReconciliation(month, 'ann', 'eu');
    const uk = await operations.runReconciliation(month, 'ann', 'default');
    expect([eu.connection, uk.connection]).toEqual(['eu', 'default']);
    expect((await operations.listReconciliations({ connection: 'eu' })).map((run) => run.id)).toEqual([eu.id]);
    expect((await operations.listReconciliations()).map((run) => run.id).slice(0, 2)).toEqual([uk.id, eu.id]);
    // The run before of the same period is the same shop's: the other shop's run is not "previous".
    expect((await operations.showReconciliation(uk.id))!.previous).toBeNull();

    await expect(operations.explainStock('TEE-ORG-M')).rejects.toMatchObject({ status: 400 });
    expect(await operations.explainStock('TEE-ORG-M', 'eu')).toMatchObject({ sku: 'TEE-ORG-M', live: false, locations: [] });

    const one = createRemoteOperations(single.url, undefined);
    expect((await one.runReconciliation(month, 'ann')).connection).toBe('default');
    expect((await one.explainStock('TEE-ORG-M')).sku).toBe('TEE-ORG-M');
    // The dashboard asks which shop when there are several.
    const page = await (await fetch(`${server.url}/dashboard/reconciliation`)).text();
    expect(page).toContain('id="run-connection"');
    expect(await (await fetch(`${single.url}/dashboard/reconciliation`)).text()).not.toContain('id="run-connection"');
  });

  it('offers the shop filter on the dashboard only when the hub has several connections', async () => {
    const page = async (url: string) => (await fetch(`${url}/dashboard/exceptions?connection=eu`)).text();
    const several = await page(server.url);
    expect(several).toContain('id="filter-connection"');
    expect(several).toContain('of eu has an unknown SKU');
    expect(several).not.toContain('of default has an unknown SKU');
    const records = await (await fetch(`${server.url}/dashboard/records?q=1001&connection=eu`)).text();
    expect(records).toContain('1 record matches');
    expect(records).toContain('<dt>Connection</dt><dd>eu</dd>');
    const one = await page(single.url);
    expect(one).not.toContain('id="filter-connection"');
    // The overview offers the shop only with several, too.
    expect(await (await fetch(`${server.url}/dashboard`)).text()).toContain('id="overview-connection"');
    expect(await (await fetch(`${single.url}/dashboard`)).text()).not.toContain('id="overview-connection"');
    expect((await createRemoteOperations(single.url, undefined).status()).connections).toBeUndefined();
  });
});
