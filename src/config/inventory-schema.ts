/**
 * The inventory flow in the configuration file: what BC figure counts as available to sell,
 * which BC location feeds which Shopify location, the safety buffers, the guard rails and
 * the two schedules (full sync, fast path). See docs/guides/inventory.md.
 */
import { z } from 'zod';

const cron = z.string().regex(/^(\S+\s+){4}\S+$/, 'expected a five-field cron expression, e.g. "0 * * * *"');
const locationCode = z.string().min(1).max(10);

/**
 * A buffer: whole units, or a percentage of BC's available-to-sell rounded down to whole
 * units. Exactly one of the two.
 */
export const bufferSchema = z
  .strictObject({
    units: z.number().int('units must be a whole number').min(0).optional(),
    percent: z.number().min(0).max(100).optional(),
  })
  .refine((buffer) => (buffer.units === undefined) !== (buffer.percent === undefined), {
    message: 'give either units or percent, not both and not neither',
  });

/** A buffer for some SKUs: a list, or a glob pattern (`*` any run of characters, `?` one), optionally at one location. */
export const skuBufferRuleSchema = z
  .strictObject({
    skus: z.array(z.string().min(1)).min(1).optional(),
    pattern: z.string().min(1).optional(),
    /** Only at this BC location; without it, at every location. */
    location: locationCode.optional(),
    units: z.number().int('units must be a whole number').min(0).optional(),
    percent: z.number().min(0).max(100).optional(),
  })
  .refine((rule) => (rule.skus === undefined) !== (rule.pattern === undefined), {
    message: 'a SKU rule names either skus (a list) or pattern, not both and not neither',
  })
  .refine((rule) => (rule.units === undefined) !== (rule.percent === undefined), {
    message: 'give either units or percent, not both and not neither',
  });

export const buffersSchema = z
  .strictObject({
    /** Applies where no SKU or location rule does. */
    default: bufferSchema.optional(),
    /** BC location code → buffer. */
    locations: z.record(locationCode, bufferSchema).default({}),
    /** First matching rule wins; a rule with a location beats one without (see the guide). */
    skus: z.array(skuBufferRuleSchema).default([]),
    /** Show 0 when fewer than this many units would be shown ("show 0 below N"); 0 = off. */
    zeroBelow: z.number().int().min(0).default(0),
  })
  .prefault({});

export const inventoryFlowSchema = z.strictObject({
  /** Off by default: this flow writes the shop's stock. */
  enabled: z.boolean().default(false),
  /**
   * What BC figure counts as available (the companion extension 1.3's stockAvailability):
   * inventory less outstanding sales-order quantities (default), also less reservations, or
   * inventory alone.
   */
  basis: z
    .enum(['inventory-less-outstanding', 'inventory-less-outstanding-and-reserved', 'inventory'])
    .default('inventory-less-outstanding'),
  /** BC location code → Shopify location (name or GID). Empty: flows.orders.locations, reversed. */
  locations: z.record(locationCode, z.string().min(1)).default({}),
  /** SKU = item number, or item number + this + variant code (as flows.orders.items.variantSeparator). */
  variantSeparator: z.string().min(1).max(3).optional(),
  buffers: buffersSchema,
  guardRails: z
    .strictObject({
      /** Hold the run when more than this percentage of the pairs it would change would go to zero. */
      maxZeroedPercent: z.number().min(0).max(100).default(20),
      /** Hold the run when it would cut the total units shown by more than this percentage. */
      maxUnitDropPercent: z.number().min(0).max(100).default(30),
      /** Runs touching fewer pairs than this are never held (one sale is not a mass drop). */
      minPairs: z.number().int().min(1).default(20),
    })
    .prefault({}),
  /** The full sync: every pair, read from both sides, diffed, deltas pushed. */
  fullSyncCron: cron.default('0 * * * *'),
  /** BC rows per page (Prefer: odata.maxpagesize); BC serves at most 20,000. */
  pageSize: z.number().int().min(100).max(20_000).default(20_000),
  fastPath: z
    .strictObject({
      enabled: z.boolean().default(true),
      /**
       * How often BC's item ledger and sales demand are looked at (two small reads). BC webhooks
       * and the hub's own bookings wake it sooner; BC collects its notifications for about 30 s.
       */
      pollSeconds: z.number().int().min(2).max(3600).default(10),
      /** Events for the same pairs within this window are pushed together. */
      coalesceMs: z.number().int().min(0).max(60_000).default(1_000),
    })
    .prefault({}),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100).default(8),
      baseDelaySeconds: z.number().positive().default(5),
      maxDelaySeconds: z.number().positive().default(900),
    })
    .prefault({}),
});

export type InventoryFlowConfig = z.infer<typeof inventoryFlowSchema>;
export type BufferConfig = z.infer<typeof buffersSchema>;
export type Buffer = z.infer<typeof bufferSchema>;
export type SkuBufferRule = z.infer<typeof skuBufferRuleSchema>;

export const inventoryFlowsShape = {
  inventory: inventoryFlowSchema.prefault({}),
};
