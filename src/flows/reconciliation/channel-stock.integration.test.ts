/**
 * The Shopify stock leg against the emulators, with the inventory flow's real reads: after a
 * full sync it finds nothing; a level someone changed in Shopify is found with the push that
 * set it, and nothing is pushed or raised by looking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { inventoryChannelOf, inventoryErpOf } from '../inventory/module.ts';
import { inventoryFlowSchema } from '../../config/inventory-schema.ts';
import { silentLogger } from '../../core/logger.ts';
import { createInProcessBc } from '../../connectors/bc/test-support/emulated-bc.ts';
import { emulatedShop } from '../../connectors/shopify/test-support/emulated-shop.ts';
import { getRecord } from '../../ledger/records.ts';
import type { Store } from '../../store/open-store.ts';
import type { InventoryFlowDeps } from '../inventory/deps.ts';
import { runFullSync } from '../inventory/full-sync.ts';
import { measureChannelStock } from './channel-stock.ts';

describe("the reconciliation's Shopify stock check against the emulators", () => {
  let store: Store;
  beforeAll(async () => {
    store = await embeddedBackend().open();
  });
  afterAll(() => store.close());

  it('agrees after a sync, then finds a level changed in Shopify, with the push that set it, without writing', async () => {
    const shop = emulatedShop();
    const bc = createInProcessBc();
    const deps: InventoryFlowDeps = {
      db: store.db,
      channel: inventoryChannelOf(shop.connector, store),
      erp: inventoryErpOf(bc.connector),
      queue: new RecordingQueue(),
      clock: shop.clock,
      logger: silentLogger,
      config: inventoryFlowSchema.parse({
        enabled: true,
        locations: { SCEND: 'Scend Warehouse', LONDON: 'London Shop' },
        buffers: { default: { units: 2 } },
        guardRails: { minPairs: 1000 },
      }),
      orderLocations: {},
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    };
    await runFullSync(deps);
    const quiet = await measureChannelStock(deps);
    expect(quiet.compared).toBeGreaterThan(0);
    expect(quiet.lines).toEqual([]);

    const level = shop.levelOf('TEE-ORG-M');
    const hubFigure = level.available;
    level.available = hubFigure + 3;
    const writes = shop.sent.length;
    const exceptions = (await store.db.selectFrom('lb_exception').select('id').execute()).length;
    const found = await measureChannelStock(deps);
    expect(found.lines).toHaveLength(1);
    const [line] = found.lines;
    expect(line).toMatchObject({ sku: 'TEE-ORG-M', locationCode: 'SCEND', shopifyShows: hubFigure + 3, terms: { quantity: hubFigure } });
    const push = (await getRecord(store.db, line!.lastPush!.recordId!))!;
    expect(push).toMatchObject({ flow: 'inventory', state: 'posted' });
    expect(line!.lastPush).toMatchObject({ quantity: hubFigure, linkGroup: push.linkGroup });
    // Read only: no stock write and no exception from looking.
    expect(shop.sent.slice(writes).filter((request) => request.operationName === 'InventorySetQuantities')).toEqual([]);
    expect((await store.db.selectFrom('lb_exception').select('id').execute()).length).toBe(exceptions);
  });
});
