/**
 * The inventory fast path through the sandbox: Scend writes stock off, the hub's
 * stock-movements flow books it in BC, and Shopify shows the lower figure within seconds,
 * without a full sync; only that SKU is pushed.
 */
import { describe, expect, it } from 'vitest';
import { inventoryJobs } from '../../src/flows/inventory/deps.ts';
import { listPositions } from '../../src/flows/inventory/positions.ts';
import { waitFor } from '../support/wait-for.ts';
import { runNow, useWarehouseSandbox } from '../support/warehouse-sandbox.ts';

describe('inventory fast path after a warehouse write-off', () => {
  const world = useWarehouseSandbox();

  it('takes the write-off the hub booked to Shopify, for that SKU only', async () => {
    const { sandbox, scend } = world;
    const db = sandbox.hub.store.db;
    const shows = (sku: string) => sandbox.shopify.emulator.shop.stockBySku(sku)['Scend Warehouse']!.available;
    const pushes = async () =>
      (await db.selectFrom('lb_record').select(['id', 'source_id']).where('flow', '=', 'inventory').where('state', '=', 'posted').execute())
        .length;

    await sandbox.hub.queue.enqueue(inventoryJobs.fullSync, {}, { key: 'inventory' });
    await waitFor(async () => (await pushes()) > 0, { timeoutMs: 60_000, what: 'the first full sync' });
    const before = shows('TEE-ORG-S');
    const other = shows('TEE-ORG-L');
    const pushedBefore = await pushes();

    scend.control.writeOff('TEE-ORG-S', 3);
    await runNow(sandbox, 'stock-movements.poll', 'stock-movements');
    const started = Date.now();
    await waitFor(() => shows('TEE-ORG-S') === before - 3, { timeoutMs: 30_000, what: 'Shopify showing the write-off' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(shows('TEE-ORG-L')).toBe(other);
    // The ledger records the push just after Shopify answers.
    await waitFor(async () => (await pushes()) === pushedBefore + 1, { what: 'the push recorded as posted' });
    const [scendPosition] = (await listPositions(db, 'TEE-ORG-S')).filter((position) => position.locationCode === 'SCEND');
    expect(scendPosition).toMatchObject({ pushedQuantity: before - 3, previousQuantity: before });
  }, 120_000);
});
