import { describe, expect, it } from 'vitest';
import { collect } from '../../core/iterables.ts';
import { readReconciliationOrders, reconciliationOrdersQuery } from './reconciliation-reads.ts';
import { emulatedShop } from './test-support/emulated-shop.ts';

describe('the reconciliation read', () => {
  it('reads every order changed since a time with its total and refunds, in one bulk operation', async () => {
    const { connector, emulator, clock, sent } = emulatedShop({ bulkOperationDurationMs: 10 });
    const since = new Date(clock.now()).toISOString();
    const placed = Array.from({ length: 3 }, () => emulator.placeOrder(undefined, { paypalRate: 0 }));
    const refund = await emulator.app.request(`/_emulator/orders/${placed[1]!.legacyId}/refunds`, {
      method: 'POST',
      body: '{"shipping": true}',
    });
    const made = (await refund.json()) as { id: string; legacyId: string; amount: string };

    const orders = await collect(readReconciliationOrders(connector.runBulkQuery(reconciliationOrdersQuery(since))));
    expect(orders.map((order) => order.name).sort()).toEqual(placed.map((order) => order.name).sort());
    const refunded = orders.find((order) => order.id === placed[1]!.id)!;
    expect(refunded).toMatchObject({ total: placed[1]!.total, test: false, cancelledAt: null });
    expect(refunded.refunds).toEqual([{ id: made.id, legacyId: made.legacyId, createdAt: expect.any(String), refunded: made.amount }]);
    expect(sent.filter((request) => request.operationName === 'BulkOperationRunQuery')).toHaveLength(1);
    expect(() => reconciliationOrdersQuery('last month')).toThrow(/ISO/);
  });
});
