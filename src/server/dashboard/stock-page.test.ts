import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { formatStock } from '../../cli/stock-commands.ts';
import { silentLogger } from '../../core/logger.ts';
import type { StockExplanation } from '../../operations/types.ts';
import { mountDashboard } from './index.ts';
import { fakeOperations } from './test-support/fake-operations.ts';
import { FormClient, textOf } from './test-support/form-client.ts';

const terms = {
  inventory: '40',
  outstanding: '6',
  reserved: '2',
  basis: 'inventory-less-outstanding' as const,
  bcAvailable: 34,
  inFlight: 3,
  held: 1,
  buffer: { source: 'skus[0] (pattern "TEE-*")', percent: 10 },
  bufferUnits: 3,
  zeroBelow: 0,
  quantity: 27,
};

const explanation: StockExplanation = {
  sku: 'TEE-ORG-M',
  live: true,
  locations: [
    {
      locationCode: 'SCEND',
      shopifyLocationId: 'gid://shopify/Location/1',
      now: terms,
      shopifyShows: 27,
      lastPush: { quantity: 27, previous: 31, at: '2026-12-07T09:00:00.000Z', recordId: 812, terms },
    },
  ],
  problems: [],
};

describe('the Stock page and `stock show`', () => {
  it('explains a SKU term by term: BC figures, orders BC has not seen, the buffer rule, the last push and what Shopify shows', async () => {
    const operations = fakeOperations({ stock: [explanation] });
    const app = new Hono();
    mountDashboard(app, { operations, apiToken: undefined, logger: silentLogger });
    const client = new FormClient(app);
    expect(textOf((await client.get('/dashboard/stock')).body)).toContain('SKU');
    const page = await client.get('/dashboard/stock?sku=tee-org-m');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(/BC on hand \(inventory\) 40/);
    expect(text).toMatch(/BC outstanding on sales orders − 6/);
    expect(text).toMatch(/Shopify orders accepted, not yet in BC − 3/);
    expect(text).toMatch(/Shopify orders held as exceptions − 1/);
    expect(text).toMatch(/Buffer \(skus\[0\] \(pattern "TEE-\*"\): 10 % of 34, rounded down\) − 3/);
    expect(text).toMatch(/To push \(never below 0\) 27/);
    expect(text).toMatch(/Last pushed 27 \(was 31\)/);
    expect(page.body).toContain('href="/dashboard/records/812"');
    expect(text).toMatch(/Shopify shows now 27/);
    expect(operations.calls).toContainEqual({ method: 'explainStock', args: ['tee-org-m'] });
  });

  it('prints the same terms in the terminal', () => {
    const printed = formatStock(explanation);
    expect(printed).toContain('At SCEND:');
    expect(printed).toMatch(/BC available to sell \(inventory − outstanding, whole units\)\s+34/);
    expect(printed).toMatch(/Last pushed: 27 \(was 31\) at 2026-12-07T09:00:00.000Z, push record 812/);
    expect(printed).toMatch(/Shopify shows now: 27/);
  });
});
