/**
 * BC online's limits, end to end on simulated time: the connector and the in-process emulator
 * share one fake clock, so the emulator's sliding window measures exactly what the connector
 * sent. No window may ever hold more than 6,000 requests and no more than 5 may run at once;
 * when BC does answer 429, the work is delayed, never lost or doubled.
 */
import { describe, expect, it } from 'vitest';
import type { SalesOrderDraft } from '../../core/domain/erp.ts';
import { documentedLimits } from '../../../emulators/bc/index.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';
import { createInProcessBc } from './test-support/emulated-bc.ts';
import { runSimulated } from './test-support/simulation.ts';

const draft = (reference: string): SalesOrderDraft => ({
  externalDocumentNumber: reference,
  customerNumber: 'WEB-GUEST',
  orderDate: '2026-11-22',
  pricesIncludeTax: true,
  lines: [{ lineType: 'Item', lineObjectNumber: 'SOCK-WOOL-3PK', quantity: '1', unitPrice: '18.50' }],
});

describe('documented limits on simulated time', () => {
  it('never lets a 5-minute window hold more than 6,000 requests, nor more than 5 run at once', async () => {
    const clock = new FakeClock();
    // The connector may use the whole documented budget; BC answers each request in 40 ms.
    const bc = createInProcessBc({
      clock,
      emulator: { limits: documentedLimits, tokenLifetimeSeconds: 86_400 },
      config: { limits: { maxRequestsPerWindow: 6_000, maxInFlight: 5 }, requestTimeoutMs: 3_600_000 },
    });
    bc.emulator.control.addFault({ kind: 'latency', latencyMs: 40, count: null });
    const started = clock.now();
    const total = 6_500;
    const work = Promise.all(
      Array.from({ length: total }, (_, i) => bc.connector.withLane(i % 3 ? 'orders' : 'inventory').listCompanies()),
    );
    const answers = await runSimulated(clock, work, bc.probe);
    expect(answers).toHaveLength(total);
    const peaks = bc.emulator.control.limitPeaks()!;
    expect(peaks).toMatchObject({ rejected: 0, peakRunning: 5, peakQueued: 0 });
    expect(peaks.peakInWindow).toBe(6_000);
    // The 6,001st request had to wait for the first to leave the window.
    expect(clock.now() - started).toBeGreaterThanOrEqual(5 * 60_000);
    expect(bc.connector.client.limiter.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  }, 120_000);

  it('counts each $batch operation against the window', async () => {
    const clock = new FakeClock();
    const bc = createInProcessBc({
      clock,
      emulator: { limits: { requestsPerWindow: 250 }, tokenLifetimeSeconds: 86_400 },
      config: { limits: { maxRequestsPerWindow: 250 }, requestTimeoutMs: 3_600_000 },
    });
    const journal = (await runSimulated(clock, bc.connector.findJournalByCode('SHOPIFY'), bc.probe))!;
    const lines = Array.from({ length: 300 }, (_, i) => ({
      accountNumber: i % 2 ? '18100' : '18200',
      postingDate: '2026-11-22',
      documentNumber: `P-${i >> 1}`,
      amount: i % 2 ? '-1' : '1',
    }));
    const created = await runSimulated(clock, bc.connector.createJournalLines(journal.id, lines), bc.probe);
    expect(created.created).toHaveLength(300);
    expect(bc.emulator.control.limitPeaks()).toMatchObject({ rejected: 0 });
    expect(bc.emulator.control.limitPeaks()!.peakInWindow).toBeLessThanOrEqual(250);
  }, 60_000);

  it('rides out a storm of 429s from BC without losing or doubling an order', async () => {
    const clock = new FakeClock();
    // BC allows far less than the connector thinks (another integration shares the user).
    const bc = createInProcessBc({
      clock,
      emulator: { limits: { requestsPerWindow: 40, windowMs: 60_000 }, tokenLifetimeSeconds: 86_400 },
      config: {
        retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 30_000, maxRateLimitWaitMs: 3_600_000 },
        requestTimeoutMs: 3_600_000,
      },
    });
    const references = Array.from({ length: 150 }, (_, i) => `STORM-${i}`);
    const orders = await runSimulated(
      clock,
      Promise.all(references.map((reference) => bc.connector.createSalesOrder(draft(reference)))),
      bc.probe,
    );
    expect(orders.map((order) => order.externalDocumentNumber).sort()).toEqual([...references].sort());
    expect(bc.emulator.rows('salesOrders')).toHaveLength(150);
    expect(bc.emulator.control.limitPeaks()!.rejected).toBeGreaterThan(100);
  }, 60_000);
});
