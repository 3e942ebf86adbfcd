import { describe, expect, it } from 'vitest';
import { buffersSchema } from '../../config/inventory-schema.ts';
import { ConfigError, parseConfig } from '../../config/load-config.ts';
import { computeAvailableToSell } from './available.ts';
import { bufferUnits, compileBufferRules } from './buffers.ts';

const rules = compileBufferRules(
  buffersSchema.parse({
    default: { units: 1 },
    locations: { SHOP: { units: 3 }, SCEND: { percent: 10 } },
    skus: [
      { pattern: 'TEE-*', units: 2 },
      { skus: ['MUG-01', 'mug-02'], percent: 50 },
      { pattern: 'TEE-*', location: 'SHOP', units: 7 },
      { skus: ['MUG-01'], location: 'SCEND', units: 0 },
    ],
  }),
);

describe('buffer precedence', () => {
  // sku, location, BC available → rule chosen, units held back
  it.each([
    ['TEE-RED-M', 'SHOP', 20, 'skus[2] (pattern "TEE-*") at SHOP', 7], // SKU rule at this location beats the SKU rule everywhere
    ['TEE-RED-M', 'SCEND', 20, 'skus[0] (pattern "TEE-*")', 2], // SKU rule everywhere beats the location rule
    ['MUG-01', 'SCEND', 20, 'skus[3] (list of 1) at SCEND', 0], // a zero rule is a rule: it beats the others
    ['MUG-01', 'SHOP', 20, 'skus[1] (list of 2)', 10], // lists match whatever the case
    ['MUG-02', 'SHOP', 7, 'skus[1] (list of 2)', 3], // 50 % of 7 = 3.5, rounded down
    ['CAP-01', 'SHOP', 20, 'locations.SHOP', 3], // no SKU rule: the location's
    ['CAP-01', 'SCEND', 19, 'locations.SCEND', 1], // 10 % of 19 = 1.9 → 1
    ['CAP-01', 'SCEND', 9, 'locations.SCEND', 0], // 10 % of 9 = 0.9 → 0
    ['CAP-01', 'POPUP', 20, 'default', 1], // nothing else: the global default
  ])('%s at %s (BC %i): %s, %i units', (sku, location, available, source, units) => {
    const buffer = rules.select(sku, location);
    expect(buffer.source).toBe(source);
    expect(bufferUnits(buffer, available)).toBe(units);
  });

  it('holds nothing back without any rule, and a percentage of nothing is nothing', () => {
    const none = compileBufferRules(buffersSchema.parse({}));
    expect(none.select('ANY', 'SHOP')).toEqual({ source: 'none', units: 0 });
    expect(bufferUnits({ source: 'x', percent: 50 }, -4)).toBe(0);
    expect(bufferUnits({ source: 'x', percent: 12.5 }, 8)).toBe(1);
  });
});

describe('available to sell', () => {
  const base = { basis: 'inventory-less-outstanding' as const, inFlight: 0, held: 0, buffer: { source: 'none', units: 0 }, zeroBelow: 0 };

  it.each([
    // inventory, outstanding, reserved, basis → BC available
    ['10', '3', '2', 'inventory-less-outstanding', 7],
    ['10', '3', '2', 'inventory-less-outstanding-and-reserved', 5],
    ['10', '3', '2', 'inventory', 10],
    ['4.5', '0', '0', 'inventory-less-outstanding', 4], // half a unit cannot be sold
    ['2', '5', '0', 'inventory-less-outstanding', -3], // BC oversold
  ] as const)('inventory %s, outstanding %s, reserved %s under %s: %i', (inventory, outstanding, reserved, basis, expected) => {
    const terms = computeAvailableToSell({ ...base, basis, figures: { inventory, outstanding, reserved } });
    expect(terms.bcAvailable).toBe(expected);
    expect(terms.quantity).toBe(Math.max(0, expected));
  });

  it('takes off demand BC has not seen and the buffer, never goes below zero, and shows 0 below N', () => {
    const figures = { inventory: '20', outstanding: '2', reserved: '0' };
    const buffer = { source: 'default', units: 3 };
    expect(computeAvailableToSell({ ...base, figures, inFlight: 4, held: 1, buffer }).quantity).toBe(10);
    expect(computeAvailableToSell({ ...base, figures, inFlight: 30, held: 0, buffer }).quantity).toBe(0);
    expect(computeAvailableToSell({ ...base, figures, inFlight: 4, held: 1, buffer, zeroBelow: 11 }).quantity).toBe(0);
    expect(computeAvailableToSell({ ...base, figures, inFlight: 4, held: 1, buffer, zeroBelow: 10 }).quantity).toBe(10);
    expect(computeAvailableToSell({ ...base, figures: undefined }).quantity).toBe(0);
  });
});

describe('buffer configuration', () => {
  it.each([
    [{ default: { units: 1, percent: 5 } }, 'either units or percent'],
    [{ default: {} }, 'either units or percent'],
    [{ skus: [{ pattern: 'A*', skus: ['A'], units: 1 }] }, 'either skus'],
    [{ skus: [{ units: 1 }] }, 'either skus'],
    [{ locations: { SHOP: { percent: 120 } } }, '<=100'],
    [{ default: { units: 1.5 } }, 'whole number'],
  ])('refuses %j', (value, message) => {
    const result = buffersSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

describe('inventory configuration in the file', () => {
  const base = `
shopify: { shopDomain: brand.myshopify.com }
bc: { tenantId: t, environment: Production, company: { name: Brand }, clientId: c }
`;
  const env = { SHOPIFY_ACCESS_TOKEN: 'x', SHOPIFY_WEBHOOK_SECRETS: 's', BC_CLIENT_SECRET: 's' };
  const parse = (text: string) => parseConfig(text, { source: 'test.yaml', baseDir: '/srv', env });

  it('is off by default, with safe guard rails', () => {
    const { inventory } = parse(base).config.flows;
    expect(inventory).toMatchObject({ enabled: false, basis: 'inventory-less-outstanding', pageSize: 20_000 });
    expect(inventory.guardRails).toEqual({ maxZeroedPercent: 20, maxUnitDropPercent: 30, minPairs: 20 });
  });

  it('names the path of a bad buffer', () => {
    let problems: string[] = [];
    try {
      parse(`${base}flows: { inventory: { buffers: { skus: [{ pattern: 'TEE-*', units: 2, percent: 5 }] } } }\n`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    }
    expect(problems).toEqual([expect.stringMatching(/^flows\.inventory\.buffers\.skus\.0.*either units or percent/)]);
  });
});
