/** The reconciliation's Shopify stock check is wired only with the inventory flow on, and reads BC on the reconciliation's lane. */
import { describe, expect, it } from 'vitest';
import type { Connectors } from '../../composition/connectors.ts';
import { inventoryFlowSchema } from '../../config/inventory-schema.ts';
import type { LoadedConfig } from '../../config/load-config.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import type { JobQueue } from '../../queue/job-queue.ts';
import type { Store } from '../../store/open-store.ts';
import type { InventoryFlowDeps } from '../inventory/deps.ts';
import { reconciliationModule } from './module.ts';

const off = { enabled: false, retry: { maxAttempts: 1, baseDelaySeconds: 1, maxDelaySeconds: 1 } };
const loaded = {
  config: {
    flows: {
      payouts: { ...off, accounts: { clearing: '18100' } },
      cashApplication: off,
      reconciliation: { enabled: false },
      stockReconciliation: { enabled: false },
      orders: { referencePrefix: 'SHOP-' },
      refunds: { referencePrefix: 'SHOPR-' },
    },
  },
} as unknown as LoadedConfig;

function wire(enabled: boolean) {
  const lanes: string[] = [];
  const bc = {
    withLane: (lane: string) => ({
      readStockAvailability: async () => {
        lanes.push(lane);
        return [];
      },
    }),
  };
  const connectors = { bc, shopify: {} } as unknown as Connectors;
  const inventory = {
    db: undefined,
    channel: { listLocations: async () => [], readAllLevels: async function* () {}, getOrder: async () => undefined },
    erp: { readStockAvailability: async () => lanes.push('inventory') && [] },
    config: inventoryFlowSchema.parse({ enabled }),
    orderLocations: {},
  } as unknown as InventoryFlowDeps;
  // Any number of conditions, then no rows.
  const rows: { where: () => typeof rows; execute: () => Promise<never[]> } = { where: () => rows, execute: async () => [] };
  const store = { db: { selectFrom: () => ({ selectAll: () => rows }) } };
  const defined = reconciliationModule.define({
    store: store as unknown as Store,
    queue: {} as JobQueue,
    loaded,
    connectors,
    clock: systemClock,
    logger: silentLogger,
    // The inventory module, defined before this one.
    flows: { inventory: { ...inventory, db: store.db as unknown as InventoryFlowDeps['db'] } },
  })!;
  return { reconciliation: defined.handles.deps, lanes };
}

describe('the reconciliation wiring', () => {
  it('compares Shopify stock when the inventory flow is on, reading BC on the reconciliation lane', async () => {
    const { reconciliation, lanes } = wire(true);
    expect(reconciliation.channelStock).toBeTypeOf('function');
    await expect(reconciliation.channelStock!()).resolves.toMatchObject({ compared: 0, lines: [] });
    expect(lanes).toEqual(['reconciliation']);
  });

  it('leaves the check out when the inventory flow is off', () => {
    expect(wire(false).reconciliation.channelStock).toBeUndefined();
  });
});
