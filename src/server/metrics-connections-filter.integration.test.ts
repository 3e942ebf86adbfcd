/**
 * Metrics on a hub of several connections (issue 16): the ledger's figures carry the connection
 * they count (summed over it they are the hub's, as before), and BC's budget gauges are one
 * series per app registration in use, naming the connections that share it. On both backends.
 */
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import { bcBudgetReadings, bcRegistrationsOf, type ConnectionSet } from '../composition/connectors.ts';
import { flowMonitors } from '../composition/flows.ts';
import { readEnv } from '../config/env.ts';
import { parseConfig, type LoadedConfig } from '../config/load-config.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { acceptInboxEvent, raiseException, receiveRecord } from '../ledger/index.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import { sandboxSecrets } from '../sandbox/run-sandbox.ts';
import { connectionStore } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import { listen, type Listening } from './listen.ts';
import { createHubMetrics } from './metrics.ts';

const root = resolve(import.meta.dirname, '../..');

/** uk and eu reach BC through one app registration; us through its own, in another tenant. */
function threeShops(): LoadedConfig {
  return parseConfig(
    `
bc: { tenantId: brand.onmicrosoft.com, environment: sandbox, clientId: app-one, company: { name: One Ltd }, requestsPerWindow: 5400 }
connections:
  - id: uk
    shopify: { shopDomain: uk.myshopify.com }
  - id: eu
    shopify: { shopDomain: eu.myshopify.com }
    flows: { orders: { referencePrefix: EU- }, payouts: { journalBatch: SHOPIFY-EU }, cashApplication: { journalBatch: SHOP-EU-CR } }
  - id: us
    shopify: { shopDomain: us.myshopify.com }
    bc: { tenantId: brand-us.onmicrosoft.com, clientId: app-two, company: { name: Brand Inc }, requestsPerWindow: 3000 }
`,
    { source: 'test.yaml', baseDir: root, env: readEnv(sandboxSecrets) },
  );
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .map((line) => /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      name: match[1]!,
      labels: Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1]!, pair[2]!])),
      value: Number(match[3]),
    }));
}

describeEachBackend('metrics by connection', (backend) => {
  let store: Store;
  let server: Listening;

  beforeAll(async () => {
    store = await backend.open();
    const loaded = threeShops();
    const used: Record<string, number> = { uk: 120, us: 7 };
    // The connectors' BC clients as far as the gauges read them: each registration's window count.
    const sets = loaded.connections!.map((connection) => ({
      id: connection.id,
      loaded: { ...loaded, config: connection.config, secrets: connection.secrets },
      connectors: { bc: { client: { windowCount: () => used[connection.id] ?? -1 } } },
    })) as unknown as ConnectionSet[];
    const registrations = bcRegistrationsOf(sets);
    const operations = createLocalOperations({
      store,
      hubName: 'three-shops',
      clock: systemClock,
      queueCounts: async () => [],
      retriers: {},
      connections: ['uk', 'eu', 'us'],
      monitors: flowMonitors(store, loaded, systemClock),
    });
    const metrics = createHubMetrics({
      store,
      operations,
      queueCounts: async () => [],
      bcBudgets: () => bcBudgetReadings(registrations),
    });
    server = await listen(
      createServer({
        store,
        operations,
        metrics,
        apiToken: undefined,
        isReady: () => true,
        logger: silentLogger,
        shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
      }),
      '127.0.0.1',
      0,
    );
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    for (const [connection, flow, id] of [
      ['uk', 'orders', '1001'],
      ['uk', 'orders', '1002'],
      ['eu', 'orders', '1001'],
      ['eu', 'payouts', 'p-1'],
    ] as const) {
      const db = connectionStore(store, connection).db;
      const { record } = await receiveRecord(db, { flow, sourceSystem: 'shopify', sourceId: id, actor: 'test' });
      if (connection === 'uk' && id === '1001')
        await sql`update lb_record set created_at = ${dayAgo}::timestamptz where id = ${record.id}`.execute(store.db);
      if (connection === 'eu' && flow === 'orders')
        await raiseException(db, {
          recordId: record.id,
          flow,
          code: 'unknown_sku',
          category: 'master_data',
          severity: 'error',
          owner: 'ecommerce',
          message: 'Order #1001 of eu has an unknown SKU.',
          action: 'Create the item in Business Central.',
        });
    }
    await acceptInboxEvent(connectionStore(store, 'eu').db, {
      source: 'shopify',
      topic: 'orders/create',
      eventId: 'e-1',
      payloadHash: 'h',
      body: '{}',
    });
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
    await backend.cleanup();
  });

  it('labels the ledger’s figures with their connection', async () => {
    const samples = parseMetrics(await (await fetch(`${server.url}/metrics`)).text());
    const of = (name: string, labels: Record<string, string>) =>
      samples
        .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
        .map((sample) => sample.value);
    expect(of('ledgerbridge_records', { connection: 'uk', flow: 'orders', state: 'received' })).toEqual([2]);
    expect(of('ledgerbridge_records', { connection: 'eu', flow: 'orders', state: 'received' })).toEqual([1]);
    expect(of('ledgerbridge_open_exceptions', { connection: 'eu', team: 'ecommerce' })).toEqual([1]);
    expect(of('ledgerbridge_open_exceptions', { connection: 'uk' })).toEqual([]);
    const [ukOldest] = of('ledgerbridge_oldest_unposted_age_seconds', { connection: 'uk', flow: 'orders' });
    const [euOldest] = of('ledgerbridge_oldest_unposted_age_seconds', { connection: 'eu', flow: 'orders' });
    expect(ukOldest).toBeGreaterThan(20 * 3600);
    expect(euOldest).toBeLessThan(3600);
    expect(of('ledgerbridge_monitor', { connection: 'eu', name: 'payouts_not_posted' })).toEqual([1]);
    expect(of('ledgerbridge_monitor', { connection: 'uk', name: 'payouts_not_posted' })).toEqual([0]);
    expect(of('ledgerbridge_webhook_inbox', { connection: 'eu', source: 'shopify', status: 'accepted' })).toEqual([1]);
  });

  it('reports BC’s budget per app registration in use, with the connections sharing it', async () => {
    const samples = parseMetrics(await (await fetch(`${server.url}/metrics`)).text());
    const budget = (name: string) =>
      samples
        .filter((sample) => sample.name === name)
        .map((sample) => `${sample.labels.tenant} ${sample.labels.client_id} ${sample.labels.connections} ${sample.value}`)
        .sort();
    expect(budget('ledgerbridge_bc_requests_in_window')).toEqual([
      'brand-us.onmicrosoft.com app-two us 7',
      'brand.onmicrosoft.com app-one uk,eu 120',
    ]);
    expect(budget('ledgerbridge_bc_request_budget')).toEqual([
      'brand-us.onmicrosoft.com app-two us 3000',
      'brand.onmicrosoft.com app-one uk,eu 5400',
    ]);
  });
});
