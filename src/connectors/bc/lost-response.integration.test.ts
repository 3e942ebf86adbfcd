/**
 * BC has no idempotency key: a create whose answer is lost may or may not exist. The
 * connector must say so (outcomeUnknown) and never repeat it by itself; a lookup by the
 * reference then decides. These tests play the hub's side of that rule.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesOrderDraft } from '../../core/domain/erp.ts';
import { isConnectorError } from '../../core/errors.ts';
import type { BcConnector } from './index.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { startEmulatedBc, type EmulatedBc } from './test-support/emulated-bc.ts';

const draft = (reference: string): SalesOrderDraft => ({
  externalDocumentNumber: reference,
  customerNumber: 'C00010',
  orderDate: '2026-11-22',
  pricesIncludeTax: true,
  lines: [{ lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', quantity: '2', unitPrice: '18.50' }],
});

/** The hub's exactly-once rule in miniature: create; on doubt, look up and adopt, else create. */
async function createExactlyOnce(bc: BcConnector, order: SalesOrderDraft, first?: Promise<unknown>) {
  try {
    return { adopted: false, doubt: undefined, order: await (first ?? bc.createSalesOrder(order)) };
  } catch (doubt) {
    if (!isConnectorError(doubt) || !doubt.outcomeUnknown) throw doubt;
    const found = await bc.findSalesOrdersByExternalDocumentNumber(order.externalDocumentNumber);
    if (found.length === 1) return { adopted: true, doubt, order: found[0]! };
    if (found.length === 0) return { adopted: false, doubt, order: await bc.createSalesOrder(order) };
    throw new Error(`ambiguous: ${found.length} orders carry ${order.externalDocumentNumber}`, { cause: doubt });
  }
}

describe('lost responses', () => {
  let env: EmulatedBc | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it('BC commits the order but the answer is lost: outcome unknown, then exactly one order', async () => {
    env = await startEmulatedBc();
    env.bc.emulator.control.addFault({ kind: 'drop-response', method: 'POST', path: 'salesOrders' });
    const result = await createExactlyOnce(env.connector, draft('SHOPIFY-5001'));
    expect(result.doubt).toMatchObject({ system: 'bc', code: 'network', outcomeUnknown: true });
    expect(result.adopted).toBe(true);
    expect(await env.connector.findSalesOrdersByExternalDocumentNumber('shopify-5001')).toHaveLength(1);
    expect(env.bc.emulator.rows('salesOrders')).toHaveLength(1);
    expect(env.requests().filter((r) => r === 'POST salesOrders')).toHaveLength(1);
  });

  it('BC commits, then goes silent until the client gives up: a timeout with outcome unknown', async () => {
    const clock = new FakeClock();
    env = await startEmulatedBc({ clock, config: { requestTimeoutMs: 30_000 } });
    env.bc.emulator.control.addFault({ kind: 'hang', commit: true, method: 'POST', path: 'salesOrders' });
    const first = env.connector.createSalesOrder(draft('SHOPIFY-5002'));
    first.catch(() => undefined);
    // Poll for the commit on the emulator side, then let the client's deadline pass.
    for (let i = 0; i < 2_000 && env.bc.emulator.rows('salesOrders').length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(env.bc.emulator.rows('salesOrders')).toHaveLength(1);
    await clock.advance(30_000);

    const result = await createExactlyOnce(env.connector, draft('SHOPIFY-5002'), first);
    expect(result.doubt).toMatchObject({ code: 'timeout', outcomeUnknown: true });
    expect(result).toMatchObject({ adopted: true, order: { externalDocumentNumber: 'SHOPIFY-5002' } });
    expect(env.bc.emulator.rows('salesOrders')).toHaveLength(1);
  });

  it('a gateway error before BC processed anything: outcome unknown, the lookup finds none, one create follows', async () => {
    env = await startEmulatedBc();
    env.bc.emulator.control.addFault({ kind: 'status', status: 504, method: 'POST', path: 'salesOrders' });
    const result = await createExactlyOnce(env.connector, draft('SHOPIFY-5003'));
    expect(result.doubt).toMatchObject({ code: 'upstream_unavailable', outcomeUnknown: true });
    expect(result.adopted).toBe(false);
    expect(env.bc.emulator.rows('salesOrders').map((o) => o.externalDocumentNumber)).toEqual(['SHOPIFY-5003']);
    expect(env.requests().filter((r) => r === 'POST salesOrders')).toHaveLength(2);
  });
});
