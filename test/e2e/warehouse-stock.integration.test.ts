/**
 * Stock through the emulators: Scend writes off, damages, finds and counts stock; the daily
 * reconciliation sees the drift per SKU (never overwriting BC), the movements become BC item
 * journal adjustments with reason codes exactly once, and the next reconciliation finds BC
 * and the warehouse level again, closing the drift exceptions by itself.
 */
import { describe, expect, it } from 'vitest';
import { listExceptions } from '../../src/ledger/index.ts';
import { recordsOf, runNow, useWarehouseSandbox } from '../support/warehouse-sandbox.ts';

describe('stock movements and reconciliation through the emulators', () => {
  const world = useWarehouseSandbox();

  const bcEntries = () =>
    world.sandbox.bc.emulator.rows('itemLedgerEntries').filter((entry) => String(entry.documentNumber).startsWith('WMS-'));
  const openDrift = async () =>
    (await listExceptions(world.sandbox.hub.store.db, { flow: 'stock-movements', status: 'open' })).filter(
      (exception) => exception.code === 'stock_drift',
    );

  it('reports unbooked movements as drift, books them once as adjustments, and then agrees', async () => {
    const { sandbox, scend } = world;
    // Level at the start: the reconciliation finds nothing.
    await runNow(sandbox, 'stock-movements.reconcile');
    expect(await openDrift()).toEqual([]);

    scend.control.writeOff('TEE-ORG-S', 3);
    scend.control.damage('TEE-ORG-L', 1);
    scend.control.find('HOOD-MRN-M', 2);
    scend.control.count('SOCK-WOOL-3PK', 645);

    // The warehouse moved; BC has not heard yet: drift per SKU, nothing overwritten.
    await runNow(sandbox, 'stock-movements.reconcile');
    const drift = await openDrift();
    expect(drift.map((exception) => exception.message.split(' ')[0]).sort()).toEqual([
      'HOOD-MRN-M',
      'SOCK-WOOL-3PK',
      'TEE-ORG-L',
      'TEE-ORG-S',
    ]);
    expect(drift.find((exception) => exception.message.startsWith('TEE-ORG-S'))!.message).toContain(
      'the warehouse counts 317, Business Central expects 320',
    );
    expect(drift.every((exception) => exception.category === 'drift' && exception.owner === 'operations')).toBe(true);
    expect((await sandbox.hub.operations.status()).monitors.find((figure) => figure.name === 'stock_drift_lines')?.value).toBe(4);
    expect(bcEntries()).toEqual([]);

    // The movements come in by polling and are booked as signed adjustments with reason codes.
    await runNow(sandbox, 'stock-movements.poll', 'stock-movements');
    const entries = bcEntries();
    expect(entries.map((entry) => `${String(entry.itemNumber)} ${String(entry.entryType)} ${String(entry.quantity)}`).sort()).toEqual([
      'HOOD-MRN-M Positive Adjmt. 2',
      'SOCK-WOOL-3PK Positive Adjmt. 5',
      'TEE-ORG-L Negative Adjmt. -1',
      'TEE-ORG-S Negative Adjmt. -3',
    ]);
    expect(entries.find((entry) => entry.itemNumber === 'TEE-ORG-S')!.description).toMatch(/^\[WRITEOFF\] Write Off - Scend movement \d+$/);
    expect(entries.find((entry) => entry.itemNumber === 'TEE-ORG-L')!.description).toMatch(/^\[DAMAGED\]/);
    const records = await recordsOf(sandbox, 'stock-movements');
    expect(records.filter((record) => record.state === 'posted')).toHaveLength(4);

    // Polling the same movements again books nothing twice.
    await runNow(sandbox, 'stock-movements.poll', 'stock-movements');
    await runNow(sandbox, 'stock-movements.book', 'stock-movements');
    expect(bcEntries()).toHaveLength(4);

    // Level again: the drift exceptions close by themselves.
    await runNow(sandbox, 'stock-movements.reconcile');
    expect(await openDrift()).toEqual([]);
    const resolved = (await listExceptions(sandbox.hub.store.db, { flow: 'stock-movements', status: 'resolved' })).filter(
      (exception) => exception.code === 'stock_drift',
    );
    expect(resolved).toHaveLength(4);
    expect((await sandbox.hub.operations.status()).monitors.find((figure) => figure.name === 'stock_drift_lines')?.value).toBe(0);
  }, 90_000);
});
