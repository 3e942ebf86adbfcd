/**
 * The whole hub against the three emulators (Shopify, BC and "Scend"), for the warehouse
 * end-to-end tests: the sandbox configuration on free ports, Scend's floor driven by the test
 * (nothing picks or despatches until the test says so), and helpers to place a known order,
 * run a flow's job now and wait for the ledger to show the outcome.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { OrderDraft } from '../../emulators/shopify/place-order.ts';
import type { FloorSettings } from '../../emulators/warehouse/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { findRecord, listRecords, type LedgerRecord } from '../../src/ledger/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/run-sandbox.ts';
import { waitFor } from './wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

export interface WarehouseSandbox {
  sandbox: Sandbox;
  /** The warehouse emulator's control surface (in process). */
  scend: NonNullable<Sandbox['warehouse']>['emulator'];
  stop(): Promise<void>;
}

export interface SharedWarehouseSandbox extends Omit<WarehouseSandbox, 'stop'> {
  /** Rows of a BC entity set, straight from the emulator. */
  bcRows(set: string): Record<string, unknown>[];
}

/**
 * One warehouse sandbox for the enclosing `describe`: started before its tests, stopped after.
 * `sandbox` and `scend` are read when a test runs, so destructure them inside the test.
 */
export function useWarehouseSandbox(options: Parameters<typeof startWarehouseSandbox>[0] = {}): SharedWarehouseSandbox {
  let world: WarehouseSandbox | undefined;
  beforeAll(async () => {
    world = await startWarehouseSandbox(options);
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });
  const started = () => {
    if (!world) throw new Error('the warehouse sandbox has not started');
    return world;
  };
  return {
    get sandbox() {
      return started().sandbox;
    },
    get scend() {
      return started().scend;
    },
    bcRows: (set) => started().sandbox.bc.emulator.rows(set),
  };
}

/** `edit` may change the sandbox YAML (e.g. a flow setting) before the hub starts. */
export async function startWarehouseSandbox(
  options: { seed?: number; floor?: Partial<FloorSettings>; edit?: (yaml: string) => string } = {},
): Promise<WarehouseSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-warehouse-e2e-'));
  let yaml = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8')
    .replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`)
    .replace('  clientId: ledgerbridge-sandbox\n', '  clientId: ledgerbridge-sandbox\n  cacheMissSeconds: 0\n')
    // The poll lists changes at once (no settle time): these tests run it right after placing orders.
    .replace('pollOverlapMinutes: 5', 'pollOverlapMinutes: 0');
  if (options.edit) yaml = options.edit(yaml);
  writeFileSync(join(dir, 'sandbox.yaml'), yaml);
  const sandbox = await startSandbox({
    configPath: join(dir, 'sandbox.yaml'),
    logger: silentLogger,
    ordersPerMinute: 0,
    ports: { hub: 0, shopify: 0, bc: 0, warehouse: 0 },
    seed: options.seed ?? 21,
    pollingIntervalSeconds: 0.5,
    warehouseFloor: {
      auto: false,
      splitRate: 0,
      multiParcelRate: 0,
      stockEventRate: 0,
      returnRate: 0,
      asnVarianceRate: 0,
      ...options.floor,
    },
  });
  return {
    sandbox,
    scend: sandbox.warehouse!.emulator,
    async stop() {
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A UK web order from the Scend location: known customer, Royal Mail shipping, the given lines. */
export function ukOrder(lines: [sku: string, quantity: number][], overrides: Partial<OrderDraft> = {}): OrderDraft {
  const address = {
    firstName: 'Amelia',
    lastName: 'Hughes',
    company: null,
    address1: '14 Park Row',
    address2: null,
    city: 'Leeds',
    province: null,
    provinceCode: null,
    zip: 'LS1 5HD',
    countryCode: 'GB',
    phone: '+447700900123',
  };
  return {
    email: 'amelia.hughes@example.co.uk',
    phone: address.phone,
    customer: { email: 'amelia.hughes@example.co.uk', firstName: 'Amelia', lastName: 'Hughes' },
    shippingAddress: address,
    billingAddress: address,
    lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
    shippingLines: [{ title: 'Royal Mail Tracked 48', code: 'RM-T48', price: '3.95', source: 'shopify' }],
    computeTaxes: true,
    taxesIncluded: true,
    checkoutPayment: { gateway: 'shopify_payments' },
    inventoryBehaviour: 'DECREMENT_IGNORING_POLICY',
    locationName: 'Scend Warehouse',
    ...overrides,
  };
}

/** Runs a job now (instead of at its schedule) and waits until the queue has no work of `prefix` left. */
export async function runNow(sandbox: Sandbox, job: string, prefix = job.split('.')[0]!, timeoutMs = 30_000): Promise<void> {
  await sandbox.hub.queue.enqueue(job, {});
  await settle(sandbox, prefix, timeoutMs);
}

/** Waits until no job whose name starts with `prefix` is queued or running. */
export async function settle(sandbox: Sandbox, prefix: string, timeoutMs = 30_000): Promise<void> {
  let quietRounds = 0;
  await waitFor(
    async () => {
      const busy = (await sandbox.hub.queue.counts()).some(
        (count) => count.name.startsWith(`${prefix}.`) && count.queued + count.active > 0,
      );
      quietRounds = busy ? 0 : quietRounds + 1;
      return quietRounds >= 3;
    },
    { timeoutMs, intervalMs: 100, what: `the ${prefix} jobs to finish` },
  );
}

export function recordOf(sandbox: Sandbox, flow: string, sourceSystem: string, sourceId: string): Promise<LedgerRecord | undefined> {
  return findRecord(sandbox.hub.store.db, { flow, sourceSystem, sourceId });
}

export async function recordsOf(sandbox: Sandbox, flow: string): Promise<LedgerRecord[]> {
  return listRecords(sandbox.hub.store.db, { flow, limit: 10_000 });
}

/** Places the order in Shopify and waits until the hub has released it to Scend; returns the BC order number. */
export async function placeAndRelease(
  sandbox: Sandbox,
  draft: OrderDraft,
): Promise<{ orderId: string; name: string; salesOrder: string; release: LedgerRecord }> {
  const variants = [...sandbox.shopify.emulator.shop.variants.values()];
  const lines = draft.lines.map((line) => ({
    ...line,
    variantId: line.variantId ?? variants.find((variant) => variant.sku === line.sku)?.id ?? null,
  }));
  const placed = sandbox.shopify.placeOrder({ ...draft, lines });
  const ordersRecord = await waitFor(
    async () => {
      const record = await recordOf(sandbox, 'orders', 'shopify', placed.id);
      return record?.state === 'posted' ? record : undefined;
    },
    { timeoutMs: 30_000, what: `order ${placed.name} to be posted to BC` },
  );
  const salesOrder = ordersRecord.targetIds['bc.salesOrder.number']!;
  await sandbox.hub.queue.enqueue('release.poll', {});
  const release = await waitFor(
    async () => {
      const record = await recordOf(sandbox, 'release', 'bc', salesOrder);
      return record?.state === 'posted' ? record : undefined;
    },
    { timeoutMs: 30_000, what: `${salesOrder} to be at the warehouse` },
  );
  return { orderId: placed.id, name: placed.name, salesOrder, release };
}
