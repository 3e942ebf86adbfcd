import { describe, expect, it } from 'vitest';
import type { RunReport } from '../operations/types.ts';
import { formatReport } from './reconcile-commands.ts';

const report: RunReport = {
  id: 9,
  connection: 'default',
  period: { from: '2026-11-01', to: '2026-12-01' },
  trigger: 'operator:cli',
  status: 'finished',
  compared: { orders: 3, 'Shopify SKU-locations': 40 },
  notes: ['Warehouse stock was not compared: there is no warehouse, or flows.stockReconciliation is off.'],
  startedAt: '2026-12-01T06:00:00.000Z',
  finishedAt: '2026-12-01T06:00:02.000Z',
  counts: { stock_channel_drift: 1 },
  differences: [
    {
      id: 1,
      category: 'stock_channel_drift',
      reference: 'TEE-ORG-M at SCEND',
      fingerprint: 'shopify-stock:SCEND:TEE-ORG-M',
      message:
        "Shopify shows 7, the hub's figure is 5 (BC available 8, 1 in orders not yet in BC, buffer 2). The hub last set 5 on 2026-11-28 (record 42).",
      shopifyAmount: null,
      bcAmount: null,
      recordId: 42,
      linkGroup: 'g',
      detail: {},
      change: 'new',
    },
  ],
  previous: null,
};

describe('ledgerbridge reconcile show', () => {
  it('prints what was compared, what was not, and the Shopify stock section with its push record', () => {
    const text = formatReport(report);
    expect(text).toContain('Compared: 3 orders, 40 Shopify SKU-locations');
    expect(text).toContain('Not compared: Warehouse stock was not compared');
    expect(text).toContain("Shopify stock that differs from the hub's figure (Business Central less open orders and buffers) (1)");
    expect(text).toContain("+ TEE-ORG-M at SCEND: Shopify shows 7, the hub's figure is 5");
    expect(text).toMatch(/\[record 42\]$/);
  });
});
