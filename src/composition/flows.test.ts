/**
 * The flows loop: every flow folder has its module in the list, every module's Shopify topics
 * reach the webhook table, a disabled flow defines no jobs, and the warehouse's events and BC's
 * notifications reach the flows that take them.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../config/env.ts';
import { loadConfigFile, type LoadedConfig } from '../config/load-config.ts';
import type { WarehouseEvent } from '../connectors/warehouse/index.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import type { FlowContext, FlowModule } from '../flows/shared/flow-module.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import { sandboxSecrets } from '../sandbox/run-sandbox.ts';
import type { Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';
import { flowModules } from './flow-modules.ts';
import { defineFlows, recordRetriers } from './flows.ts';

const root = resolve(import.meta.dirname, '../..');

function sandboxConfig(): LoadedConfig {
  const loaded = loadConfigFile(join(root, 'config/sandbox.yaml'), readEnv({ ...sandboxSecrets, WAREHOUSE_API_KEY: 'key' }));
  return structuredClone(loaded);
}

/** A queue that only notes what is defined on it; nothing runs. */
function notingQueue() {
  const jobs: string[] = [];
  const queue = {
    define: (definition: { name: string }) => void jobs.push(definition.name),
    schedule: () => undefined,
    enqueue: async () => 'job',
  } as unknown as JobQueue;
  return { queue, jobs };
}

// Building the flows touches no system: the connectors are only read when work runs.
const connectors = { shopify: {}, bc: { withLane: () => ({}) }, bcFeatures: {} } as unknown as Connectors;
const store = { db: {} } as unknown as Store;

function define(loaded: LoadedConfig, modules?: readonly FlowModule[]) {
  const { queue, jobs } = notingQueue();
  const flows = defineFlows(store, queue, loaded, connectors, { logger: silentLogger, ...(modules ? { modules } : {}) });
  return { flows, jobs };
}

function allOff(loaded: LoadedConfig): LoadedConfig {
  for (const flow of Object.values(loaded.config.flows) as { enabled?: boolean }[])
    if (typeof flow === 'object' && flow !== null && 'enabled' in flow) flow.enabled = false;
  loaded.config.alerts.rules = [];
  return loaded;
}

describe('the flows loop', () => {
  it('has a module for every flow folder, named as its folder, so a new flow cannot be left out', () => {
    const folders = readdirSync(join(root, 'src/flows'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
      .map((entry) => entry.name);
    expect(flowModules.map((module) => module.name).sort()).toEqual(folders.sort());
  });

  it("names each module's exception catalogue by its codes, each with an owner and what to do", () => {
    for (const module of flowModules)
      for (const [code, definition] of Object.entries(module.exceptions)) {
        expect(definition.code, `${module.name}: ${code}`).toBe(code);
        expect(definition.owner).toBeTruthy();
        expect(definition.action.length).toBeGreaterThan(20);
      }
  });

  it('puts every module topic in the webhook table, handled by that module', () => {
    const loaded = sandboxConfig();
    const { flows } = define(loaded);
    const context: FlowContext = {
      store,
      queue: notingQueue().queue,
      loaded,
      connectors,
      clock: systemClock,
      logger: silentLogger,
      flows: {},
    };
    const expected: string[] = [];
    for (const module of flowModules) {
      const defined = module.define(context);
      if (defined) Object.assign(context.flows, { [module.name]: defined.handles });
      expected.push(...Object.keys(defined?.webhookTopics ?? {}));
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(Object.keys(flows.webhookTopics).sort()).toEqual(expected.sort());
    expect(Object.keys(flows.webhookTopics)).toEqual([
      'orders/create',
      'orders/updated',
      'orders/cancelled',
      'order_transactions/create',
      'refunds/create',
    ]);
  });

  it('defines no job of a disabled flow, and none at all with every flow off', () => {
    const on = define(sandboxConfig());
    expect(on.jobs).toContain('orders.import');
    expect(on.jobs).toContain('inventory.full-sync');

    const loaded = sandboxConfig();
    loaded.config.flows.inventory.enabled = false;
    const { jobs } = define(loaded);
    expect(jobs.filter((job) => job.startsWith('inventory.'))).toEqual([]);
    expect(jobs).toContain('orders.import');

    expect(define(allOff(sandboxConfig())).jobs).toEqual([]);
  });

  it('still takes in webhooks and offers every retry with the flows off, as before flows were modules', () => {
    const { flows } = define(allOff(sandboxConfig()));
    expect(Object.keys(flows.webhookTopics)).toHaveLength(5);
    const retriers = recordRetriers(store, notingQueue().queue);
    for (const kind of ['orders', 'refunds', 'items', 'release', 'shipments', 'stock-movements', 'returns', 'receipts', 'inventory'])
      expect(retriers[kind]).toBeTypeOf('function');
    for (const kind of ['payouts', 'cash-application', 'alerts']) expect(retriers[kind]).toBeTypeOf('function');
  });

  it('links the flows that feed each other: the orders listing feeds the refunds safety net, booked stock wakes inventory', () => {
    const { flows } = define(sandboxConfig());
    expect(flows.handles.orders?.onOrderListed).toBeTypeOf('function');
    expect(flows.handles['stock-movements']?.onBooked).toBeTypeOf('function');
    expect(flows.handles.payouts?.onPayoutPosted).toBeTypeOf('function');

    const loaded = sandboxConfig();
    loaded.config.flows.refunds.enabled = false;
    loaded.config.flows.inventory.enabled = false;
    loaded.config.flows.cashApplication.enabled = false;
    const off = define(loaded).flows.handles;
    expect(off.orders?.onOrderListed).toBeUndefined();
    expect(off['stock-movements']?.onBooked).toBeUndefined();
    expect(off.payouts?.onPayoutPosted).toBeUndefined();
  });

  it('defines no warehouse flow and mounts no callbacks without a warehouse', () => {
    const loaded = sandboxConfig();
    delete (loaded.config as { warehouse?: unknown }).warehouse;
    const { flows, jobs } = define(loaded);
    expect(flows.warehouseCallbacks).toBeUndefined();
    expect(flows.handles.items).toBeUndefined();
    expect(jobs.filter((job) => /^(items|release|shipments|stock-movements|returns|receipts)\./.test(job))).toEqual([]);
    expect(Object.keys(flows.bcTriggers).sort()).toEqual(['items', 'salesOrders']); // the inventory fast path's
  });

  it('hands each warehouse event to the flow that takes it, and keeps a disabled flow’s events in the inbox only', async () => {
    const taken: string[] = [];
    const fake = (name: string, enabled: boolean, type: WarehouseEvent['type']): FlowModule =>
      ({
        name,
        enabled: () => enabled,
        define: () => ({ handles: {}, defineJobs: () => undefined, warehouseEvents: { [type]: async () => (taken.push(name), 'taken') } }),
        retriers: () => ({}),
        exceptions: {},
      }) as unknown as FlowModule;
    const { flows } = define(sandboxConfig(), [fake('shipments', true, 'shipment.despatched'), fake('returns', false, 'return.updated')]);
    const event = (type: string) => ({ type }) as WarehouseEvent;
    await expect(flows.warehouseCallbacks!.handle(event('shipment.despatched'))).resolves.toBe('taken');
    await expect(flows.warehouseCallbacks!.handle(event('return.updated'))).resolves.toBe('flow-disabled');
    await expect(flows.warehouseCallbacks!.handle(event('shipment.delivered'))).resolves.toBe('noted');
    expect(taken).toEqual(['shipments']);
  });

  it('wakes every flow that watches a BC entity set', async () => {
    const woken: string[] = [];
    const fake = (name: string): FlowModule =>
      ({
        name,
        enabled: () => true,
        define: () => ({ handles: {}, defineJobs: () => undefined, bcTriggers: { items: async () => woken.push(name) } }),
        retriers: () => ({}),
        exceptions: {},
      }) as unknown as FlowModule;
    const { flows } = define(sandboxConfig(), [fake('items'), fake('inventory')]);
    await flows.bcTriggers.items!();
    expect(woken).toEqual(['items', 'inventory']);
  });

  it('refuses two flows taking one Shopify topic', () => {
    const topic = { parse: () => ({ businessKey: '1', ref: {} }), takeIn: async () => 'ok' };
    const fake = (name: string): FlowModule =>
      ({
        name,
        enabled: () => false,
        define: () => ({ handles: {}, defineJobs: () => undefined, webhookTopics: { 'orders/create': topic } }),
        retriers: () => ({}),
        exceptions: {},
      }) as unknown as FlowModule;
    expect(() => define(sandboxConfig(), [fake('orders'), fake('refunds')])).toThrow(/two flows take the Shopify topic orders\/create/);
  });
});
