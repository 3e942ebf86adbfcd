/**
 * Safety buffers: which rule applies to a SKU at a location, and how many units it holds
 * back. One rule applies, never a sum of several; the most specific wins:
 *
 *   1. a SKU rule for this location (list or pattern; the first such rule in the file);
 *   2. a SKU rule for every location (the first such rule in the file);
 *   3. the location's rule;
 *   4. the global default;
 *   5. none (0 units).
 *
 * A percentage is of BC's available-to-sell, rounded down to whole units, so a 10 % buffer
 * on 9 units holds back 0 and on 10 holds back 1.
 */
import type { Buffer, BufferConfig, SkuBufferRule } from '../../config/inventory-schema.ts';

export interface AppliedBuffer {
  /** Where the rule came from, in the configuration's words, e.g. `skus[2] (pattern "TEE-*") at SCEND`. */
  source: string;
  units?: number;
  percent?: number;
}

export const noBuffer: AppliedBuffer = { source: 'none', units: 0 };

/** A compiled buffer configuration: patterns turned into regular expressions once, SKU lists into sets. */
export interface BufferRules {
  select(sku: string, locationCode: string): AppliedBuffer;
  zeroBelow: number;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function amountOf(rule: Buffer | SkuBufferRule): Pick<AppliedBuffer, 'units' | 'percent'> {
  return rule.units !== undefined ? { units: rule.units } : { percent: rule.percent! };
}

export function compileBufferRules(config: BufferConfig): BufferRules {
  const skuRules = config.skus.map((rule, index) => {
    const pattern = rule.pattern === undefined ? undefined : globToRegExp(rule.pattern);
    const list = rule.skus === undefined ? undefined : new Set(rule.skus.map((sku) => sku.toUpperCase()));
    const what = pattern ? `pattern "${rule.pattern}"` : `list of ${list!.size}`;
    return {
      location: rule.location?.toUpperCase(),
      matches: (sku: string) => (list ? list.has(sku.toUpperCase()) : pattern!.test(sku)),
      applied: (at: string) => ({ source: `skus[${index}] (${what})${rule.location ? ` at ${at}` : ''}`, ...amountOf(rule) }),
    };
  });
  const atLocation = skuRules.filter((rule) => rule.location !== undefined);
  const everywhere = skuRules.filter((rule) => rule.location === undefined);
  const locations = new Map(Object.entries(config.locations).map(([code, buffer]) => [code.toUpperCase(), buffer]));
  return {
    zeroBelow: config.zeroBelow,
    select(sku, locationCode) {
      const location = locationCode.toUpperCase();
      const specific = atLocation.find((rule) => rule.location === location && rule.matches(sku));
      if (specific) return specific.applied(location);
      const general = everywhere.find((rule) => rule.matches(sku));
      if (general) return general.applied(location);
      const byLocation = locations.get(location);
      if (byLocation) return { source: `locations.${location}`, ...amountOf(byLocation) };
      if (config.default) return { source: 'default', ...amountOf(config.default) };
      return noBuffer;
    },
  };
}

/** Units the buffer holds back from `available` (whole units, never negative). */
export function bufferUnits(buffer: AppliedBuffer, available: number): number {
  if (buffer.units !== undefined) return buffer.units;
  if (available <= 0) return 0;
  // Integer arithmetic on hundredths of a percent: 12.5 % of 8 is exactly 1.
  return Math.floor((available * Math.round((buffer.percent ?? 0) * 100)) / 10_000);
}
