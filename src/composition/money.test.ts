/** The reconciliation's Shopify stock check is wired only with the inventory flow on, and reads BC on the reconciliation's lane. */
import { describe, expect, it } from 'vitest';
import { inventoryFlowSchema } from '../config/inventory-schema.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { silentLogger } from '../core/logger.ts';
import type { InventoryFlowDeps } from '../flows/inventory/deps.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';
import { defineMoneyFlows } from './money.ts';

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
  const store = { db: { selectFrom: () => ({ selectAll: () => ({ where: () => ({ where: () => ({ execute: async () => [] }) }) }) }) } };
  const money = defineMoneyFlows(store as unknown as Store, {} as JobQueue, loaded, connectors, { logger: silentLogger }, undefined, {
    ...inventory,
    db: store.db as unknown as InventoryFlowDeps['db'],
  });
  return { money, lanes };
}

describe('the reconciliation wiring', () => {
  it('compares Shopify stock when the inventory flow is on, reading BC on the reconciliation lane', async () => {
    const { money, lanes } = wire(true);
    expect(money.reconciliation.channelStock).toBeTypeOf('function');
    await expect(money.reconciliation.channelStock!()).resolves.toMatchObject({ compared: 0, lines: [] });
    expect(lanes).toEqual(['reconciliation']);
  });

  it('leaves the check out when the inventory flow is off', () => {
    expect(wire(false).money.reconciliation.channelStock).toBeUndefined();
  });
});
