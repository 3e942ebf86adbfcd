import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load-config.ts';

const base = `
shopify: { shopDomain: brand.myshopify.com }
bc: { tenantId: t, environment: Production, company: { name: Brand }, clientId: c }
`;
const env = { SHOPIFY_ACCESS_TOKEN: 'x', SHOPIFY_WEBHOOK_SECRETS: 's', BC_CLIENT_SECRET: 's' };

function parse(text: string, extraEnv: Record<string, string> = {}) {
  return parseConfig(text, { source: 'test.yaml', baseDir: '/srv', env: { ...env, ...extraEnv } });
}

function problems(text: string, extraEnv: Record<string, string> = {}): string[] {
  try {
    parse(text, extraEnv);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    throw error;
  }
}

describe('warehouse configuration', () => {
  it('is optional: without it the hub has no warehouse, and the flow sections still have defaults', () => {
    const { config } = parse(base);
    expect(config.warehouse).toBeUndefined();
    expect(config.flows.release).toMatchObject({ autoRelease: false, ackTimeoutMinutes: 30, referencePrefix: '' });
    expect(config.flows.shipments).toMatchObject({ invoice: 'on-full-shipment', notifyCustomer: true });
    expect(config.flows.returns.grades).toEqual({
      A: { action: 'restock' },
      B: { action: 'restock' },
      C: { action: 'write-off' },
      ungraded: { action: 'hold' },
    });
    expect(config.flows.stockMovements.reasonCodes.write_off).toBe('WRITEOFF');
  });

  it('reads the connection with defaults, and takes its key from WAREHOUSE_API_KEY only', () => {
    const text = `${base}warehouse: { warehouseId: 3, clientId: 12 }\n`;
    expect(problems(text)).toEqual(['warehouse: has no API key: WAREHOUSE_API_KEY is not set']);
    const loaded = parse(text, { WAREHOUSE_API_KEY: 'key', WAREHOUSE_CALLBACK_SECRET: 'a-long-enough-secret' });
    expect(loaded.config.warehouse).toMatchObject({
      adapter: 'mintsoft',
      baseUrl: 'https://api.mintsoft.co.uk',
      locationCode: 'SCEND',
      callback: { path: '/webhooks/warehouse' },
    });
    expect(loaded.secrets).toMatchObject({ warehouseApiKey: 'key', warehouseCallbackSecret: 'a-long-enough-secret' });
    expect(problems(text, { WAREHOUSE_API_KEY: 'key', WAREHOUSE_CALLBACK_SECRET: 'short' })).toEqual([
      'warehouse.callback: WAREHOUSE_CALLBACK_SECRET is shorter than 16 characters',
    ]);
  });

  it('names each wrong warehouse setting by its path', () => {
    const found = problems(
      `${base}warehouse: { warehouseId: 0, adapter: peoplevox }\nflows:\n  shipments: { invoice: sometimes }\n  returns: { grades: { C: { action: burn } } }\n  stockReconciliation: { cron: daily }\n`,
      { WAREHOUSE_API_KEY: 'key' },
    );
    expect(found.map((problem) => problem.split(':')[0])).toEqual(
      expect.arrayContaining([
        'warehouse.warehouseId',
        'warehouse.adapter',
        'flows.shipments.invoice',
        'flows.returns.grades.C.action',
        'flows.stockReconciliation.cron',
      ]),
    );
  });
});
