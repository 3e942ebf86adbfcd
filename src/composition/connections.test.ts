/**
 * The flows of several connections: each connection's jobs carry its name, its webhook topics
 * are its own, hub-wide modules are defined once, and a single default connection is exactly
 * the hub it always was.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../config/env.ts';
import { loadConfigFile, parseConfig, type LoadedConfig } from '../config/load-config.ts';
import { silentLogger } from '../core/logger.ts';
import { connectionJobName, type JobQueue } from '../queue/job-queue.ts';
import { sandboxSecrets } from '../sandbox/run-sandbox.ts';
import { connectionOf } from '../store/connection-scope.ts';
import type { Store } from '../store/open-store.ts';
import type { ConnectionSet, Connectors } from './connectors.ts';
import { defineConnectionFlows, flowMonitors } from './flows.ts';

const root = resolve(import.meta.dirname, '../..');

function notingQueue() {
  const jobs: string[] = [];
  const viewOf = (connection: string): JobQueue =>
    ({
      define: (definition: { name: string }) => void jobs.push(connectionJobName(connection, definition.name)),
      schedule: () => undefined,
      enqueue: async () => 'job',
      forConnection: (other: string) => viewOf(other),
    }) as unknown as JobQueue;
  return { queue: viewOf('default'), jobs };
}

const connectors = { shopify: {}, bc: { withLane: () => ({}) }, bcFeatures: {} } as unknown as Connectors;
const db = { withPlugin: () => ({}) };
const store = { db } as unknown as Store;

const twoShopsText = `
bc: { tenantId: t, environment: sandbox, clientId: c, company: { name: One Ltd } }
alerts:
  channels: [{ name: ops, type: webhook, url: 'https://hooks.example.com/x' }]
  rules: [{ name: all, channels: [ops] }]
connections:
  - id: uk
    shopify: { shopDomain: uk.myshopify.com }
  - id: eu
    shopify: { shopDomain: eu.myshopify.com }
    flows: { orders: { referencePrefix: EU- }, payouts: { journalBatch: SHOPIFY-EU }, cashApplication: { journalBatch: SHOP-EU-CR } }
`;

function parseTwoShops(text: string): LoadedConfig {
  return parseConfig(text, {
    source: 'test.yaml',
    baseDir: root,
    env: { ...readEnv({ ...sandboxSecrets, WAREHOUSE_API_KEY: 'key' }), alertSecrets: { LEDGERBRIDGE_ALERT_OPS: 'a-long-signing-secret' } },
  });
}

function twoShops(): LoadedConfig {
  return parseTwoShops(twoShopsText);
}

/** The two shops, with a warehouse (of this warehouse id) on the connections named; eu posts into a company of its own. */
function withWarehouses(warehouses: Partial<Record<'uk' | 'eu', number>>): LoadedConfig {
  const text = twoShopsText.replace(
    /( {4}shopify: \{ shopDomain: (uk|eu)\.myshopify\.com \})/g,
    (line: string, _all: string, id: 'uk' | 'eu') =>
      warehouses[id]
        ? `${line}\n    warehouse: { warehouseId: ${warehouses[id]}, baseUrl: 'https://${id}.3pl.example' }${id === 'eu' ? '\n    bc: { company: { name: Two GmbH } }' : ''}`
        : line,
  );
  return parseTwoShops(text);
}

function setsOf(loaded: LoadedConfig): ConnectionSet[] {
  return (loaded.connections ?? []).map((connection) => ({
    id: connection.id,
    loaded: { ...loaded, config: connection.config, secrets: connection.secrets },
    connectors,
  }));
}

describe('the flows of several connections', () => {
  it("defines each connection's jobs under its name, its own topics and store, and hub-wide alerts once", () => {
    const { queue, jobs } = notingQueue();
    const loaded = twoShops();
    const [uk, eu] = defineConnectionFlows(store, queue, setsOf(loaded), { logger: silentLogger });
    expect(jobs).toContain('uk/orders.import');
    expect(jobs).toContain('eu/orders.import');
    const withoutAlerts = (prefix: string) =>
      jobs.filter((job) => job.startsWith(prefix) && !job.startsWith(`${prefix}alerts.`)).map((job) => job.slice(prefix.length));
    expect(withoutAlerts('uk/')).toEqual(withoutAlerts('eu/'));
    expect(jobs.some((job) => job.startsWith('uk/alerts.'))).toBe(true);
    expect(jobs.some((job) => job.startsWith('eu/alerts.'))).toBe(false);
    expect(jobs.every((job) => job.startsWith('uk/') || job.startsWith('eu/'))).toBe(true);
    expect(Object.keys(uk!.flows.webhookTopics)).toEqual(Object.keys(eu!.flows.webhookTopics));
    expect(uk!.flows.webhookTopics['orders/create']).not.toBe(eu!.flows.webhookTopics['orders/create']);
    expect([connectionOf(uk!.store.db), connectionOf(eu!.store.db)]).toEqual(['uk', 'eu']);
    expect(eu!.loaded.config.flows.orders.referencePrefix).toBe('EU-');
  });

  it("defines each connection's warehouse flows with its own port and callback route", () => {
    const { queue, jobs } = notingQueue();
    const loaded = withWarehouses({ uk: 1, eu: 2 });
    const [uk, eu] = defineConnectionFlows(store, queue, setsOf(loaded), { logger: silentLogger });
    expect(jobs).toEqual(expect.arrayContaining(['uk/shipments.poll', 'eu/shipments.poll', 'uk/release.poll', 'eu/release.poll']));
    expect([uk!.flows.warehouseCallbacks!.path, eu!.flows.warehouseCallbacks!.path]).toEqual([
      '/webhooks/warehouse/uk',
      '/webhooks/warehouse/eu',
    ]);
    expect(uk!.flows.handles.shipments!.warehouse).not.toBe(eu!.flows.handles.shipments!.warehouse);
  });

  it('defines no warehouse flows for a connection without a warehouse, and keeps the warehouse figures when only a later one has one', () => {
    const { queue, jobs } = notingQueue();
    const loaded = withWarehouses({ eu: 2 });
    const [uk, eu] = defineConnectionFlows(store, queue, setsOf(loaded), { logger: silentLogger });
    expect(uk!.flows.warehouseCallbacks).toBeUndefined();
    expect(jobs).toContain('eu/shipments.poll');
    expect(jobs.some((job) => job.startsWith('uk/shipments.'))).toBe(false);
    expect(eu!.flows.warehouseCallbacks!.path).toBe('/webhooks/warehouse/eu');
    // Each connection's status figures are its own: the warehouse flows' are there for the one with a warehouse.
    const monitorsOf = (config: LoadedConfig, connection: string) =>
      flowMonitors(store, config).filter((monitor) => monitor.connection === connection).length;
    expect(monitorsOf(loaded, 'eu')).toBeGreaterThan(monitorsOf(loaded, 'uk'));
    expect(monitorsOf(loaded, 'eu')).toBe(monitorsOf(withWarehouses({ uk: 1, eu: 2 }), 'eu'));
    expect(monitorsOf(loaded, 'uk')).toBe(monitorsOf(twoShops(), 'uk'));
  });

  it('keeps a single default connection as it was: the same store and bare job names', () => {
    const { queue, jobs } = notingQueue();
    const loaded = loadConfigFile(join(root, 'config/sandbox.yaml'), readEnv({ ...sandboxSecrets, WAREHOUSE_API_KEY: 'key' }));
    const [only] = defineConnectionFlows(store, queue, setsOf(loaded), { logger: silentLogger });
    expect(only!.store).toBe(store);
    expect(jobs).toContain('orders.import');
    expect(jobs.some((job) => job.includes('/'))).toBe(false);
  });
});
