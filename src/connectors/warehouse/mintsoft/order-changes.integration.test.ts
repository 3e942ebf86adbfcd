/**
 * Cancelling and amending against the emulator. Mintsoft cancels with a GET that changes
 * state: when its answer is lost or late, the adapter reads the order back and never sends
 * the cancel a second time — while an ordinary read in the same trouble is retried.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../../core/errors.ts';
import { FakeClock } from '../../../../test/support/fake-clock.ts';
import { startEmulatedWarehouse, type EmulatedWarehouse } from '../test-support/emulated-warehouse.ts';
import { warehouseOrder } from '../test-support/orders.ts';

let env: EmulatedWarehouse | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const cancelCalls = () => env!.count('GET', /^\/api\/Order\/\d+\/Cancel$/);

async function released(reference: string, lines: [string, number][] = [['TEE-ORG-M', 1]]): Promise<number> {
  const result = await env!.adapter.createOrder(warehouseOrder(reference, lines));
  if (result.outcome !== 'created') throw new Error(`not created: ${result.outcome}`);
  return Number(result.order.parts[0]!.wmsOrderId);
}

describe('cancelling', () => {
  it('cancels a released order and releases its stock', async () => {
    env = await startEmulatedWarehouse();
    await released('SO-4001', [['HOOD-MRN-M', 2]]);
    expect(env.warehouse.emulator.control.stock('HOOD-MRN-M').allocated).toBe(2);
    const result = await env.adapter.cancelOrder('SO-4001');
    expect(result).toMatchObject({
      outcome: 'cancelled',
      order: { status: 'cancelled', parts: [{ status: 'cancelled', wmsStatus: 'CANCELLED' }] },
    });
    expect(env.warehouse.emulator.control.stock('HOOD-MRN-M').allocated).toBe(0);
    expect(cancelCalls()).toBe(1);
    // Cancelling again reads the state and sends nothing.
    expect(await env.adapter.cancelOrder('SO-4001')).toMatchObject({ outcome: 'cancelled' });
    expect(cancelCalls()).toBe(1);
  });

  it('is too late once picking started, and says which part', async () => {
    env = await startEmulatedWarehouse();
    const id = await released('SO-4002');
    env.warehouse.emulator.control.pick(id);
    const result = await env.adapter.cancelOrder('SO-4002');
    expect(result).toMatchObject({ outcome: 'too_late', order: { status: 'picking' } });
    if (result.outcome === 'too_late') expect(result.reason).toContain('PICKINGSTARTED');
  });

  it('with one part despatched, cancels the rest and reports too late', async () => {
    env = await startEmulatedWarehouse();
    env.warehouse.emulator.control.writeOff('BOOK-CARE', 199);
    const created = await env.adapter.createOrder(warehouseOrder('SO-4003', [['BOOK-CARE', 3]]));
    if (created.outcome !== 'created') throw new Error(created.outcome);
    env.warehouse.emulator.control.despatch(Number(created.order.parts[0]!.wmsOrderId));
    const result = await env.adapter.cancelOrder('SO-4003');
    expect(result).toMatchObject({
      outcome: 'too_late',
      order: { status: 'despatched', parts: [{ status: 'despatched' }, { status: 'cancelled' }] },
    });
  });

  it('answers not_found for a reference the warehouse does not have', async () => {
    env = await startEmulatedWarehouse();
    expect(await env.adapter.cancelOrder('SO-404')).toEqual({ outcome: 'not_found' });
  });
});

describe('a side-effecting GET is never retried blindly', () => {
  it('a cancel that times out after the warehouse acted: one cancel request, then a read confirms it', async () => {
    const clock = new FakeClock();
    env = await startEmulatedWarehouse({ clock, config: { requestTimeoutMs: 30_000 } });
    await released('SO-5001');
    env.warehouse.emulator.control.addFault({ kind: 'hang', commit: true, method: 'GET', path: '/Cancel' });
    const pending = env.adapter.cancelOrder('SO-5001');
    // Wait for the warehouse to commit the cancel, then let the client's deadline pass.
    for (let i = 0; i < 400 && env.warehouse.emulator.control.orderParts('SO-5001')[0]!.statusId !== 8; i += 1)
      await new Promise((r) => setTimeout(r, 5));
    await clock.advance(30_000);
    expect(await pending).toMatchObject({ outcome: 'cancelled' });
    expect(cancelCalls()).toBe(1);
  }, 10_000);

  it('a cancel that times out before the warehouse acted: still one request, and an outcome-unknown error for the job to retry', async () => {
    const clock = new FakeClock();
    env = await startEmulatedWarehouse({ clock, config: { requestTimeoutMs: 30_000 } });
    await released('SO-5002');
    env.warehouse.emulator.control.addFault({ kind: 'hang', commit: false, method: 'GET', path: '/Cancel' });
    const pending = env.adapter.cancelOrder('SO-5002').catch((error: unknown) => error);
    for (let i = 0; i < 400 && clock.pending().length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    // The deadline timer starts before the request is written: give it time to reach the warehouse.
    await new Promise((r) => setTimeout(r, 300));
    // Only the request deadline is pending: no retry was scheduled.
    await clock.advance(30_000);
    const error = await pending;
    expect(isConnectorError(error) && error).toMatchObject({ code: 'timeout', outcomeUnknown: true, retryable: true });
    expect(String((error as Error).message)).toContain('reads NEW');
    expect(cancelCalls()).toBe(1);
    expect(env.warehouse.emulator.control.orderParts('SO-5002')[0]!.statusId).toBe(1);
    // The job runs again: it reads first, then cancels once more.
    expect(await env.adapter.cancelOrder('SO-5002')).toMatchObject({ outcome: 'cancelled' });
    expect(cancelCalls()).toBe(2);
  }, 10_000);

  it('a 503 on the cancel is not retried, while a 503 on a read is', async () => {
    env = await startEmulatedWarehouse();
    await released('SO-5003');
    env.warehouse.emulator.control.addFault({ kind: 'status', status: 503, method: 'GET', path: '/Cancel' });
    const error = await env.adapter.cancelOrder('SO-5003').catch((caught: unknown) => caught);
    expect(isConnectorError(error) && error).toMatchObject({ code: 'upstream_unavailable', outcomeUnknown: true });
    expect(cancelCalls()).toBe(1);

    env.warehouse.emulator.control.addFault({ kind: 'status', status: 503, method: 'GET', path: '/api/Order/Search' });
    expect(await env.adapter.getOrderStatus('SO-5003')).toBe('released');
    expect(env.count('GET', '/api/Order/Search')).toBeGreaterThanOrEqual(2);
  });
});

describe('amending', () => {
  it('changes address and service before picking; too late after', async () => {
    env = await startEmulatedWarehouse();
    const id = await released('SO-6001');
    const shipTo = { ...warehouseOrder('x', []).shipTo, address1: '1 New Street', postCode: 'LE2 2BB' };
    const amended = await env.adapter.amendOrder('SO-6001', { shipTo, shippingMethod: 'EXPRESS', deliveryNotes: 'Leave with neighbour' });
    expect(amended).toMatchObject({ outcome: 'amended' });
    const record = env.warehouse.emulator.state.orders.get(id)!;
    expect(record).toMatchObject({
      address1: '1 New Street',
      postCode: 'LE2 2BB',
      courierService: 'DPD Next Day',
      deliveryNotes: 'Leave with neighbour',
    });

    env.warehouse.emulator.control.pick(id);
    expect(await env.adapter.amendOrder('SO-6001', { deliveryNotes: 'too late' })).toMatchObject({ outcome: 'too_late' });
    expect(env.count('POST', `/api/Order/${id}`)).toBe(1);
  });
});
