/**
 * Options of the Mintsoft adapter: plain data, validated once. The API key is passed
 * separately by the composition root (src/config reads the environment); nothing here
 * reads `process.env`. Mappings that differ per 3PL (courier services, return reasons,
 * stock-flow reasons, extra status names) are configuration, not code.
 */
import { z } from 'zod';
import {
  returnDispositions,
  returnGrades,
  stockMovementReasons,
  stockMovementSources,
  warehouseOrderStatuses,
} from '../../../core/domain/warehouse.ts';
import { ConnectorError } from '../../../core/errors.ts';

const courierSchema = z.object({
  /** The hub's shipping method code (from the BC shipment method or Shopify shipping line). */
  shippingMethod: z.string().min(1),
  /** What Mintsoft's `CourierService` field gets: a service name, a generic term the 3PL maps, or `AUTO`. */
  courierService: z.string().min(1),
  /** How the hub names the carrier and service when the order comes back despatched. */
  carrier: z.string().min(1),
  service: z.string().min(1),
});

const returnReasonSchema = z.object({ grade: z.enum(returnGrades), disposition: z.enum(returnDispositions) });
const movementReasonSchema = z.object({ reason: z.enum(stockMovementReasons), source: z.enum(stockMovementSources) });

/** Keys are matched without regard to case or surrounding spaces. */
export const defaultReturnReasons: Record<string, z.input<typeof returnReasonSchema>> = {
  'grade a - as new': { grade: 'A', disposition: 'restock' },
  'grade b - opened': { grade: 'B', disposition: 'restock' },
  'grade c - damaged': { grade: 'C', disposition: 'quarantine' },
  faulty: { grade: 'C', disposition: 'return_to_supplier' },
  'not received': { grade: 'ungraded', disposition: 'missing' },
};

/** Stock-flow reason texts the 3PL uses, mapped to the hub's reasons and sources. */
export const defaultMovementReasons: Record<string, z.input<typeof movementReasonSchema>> = {
  'write off': { reason: 'write_off', source: 'adjustment' },
  'written off': { reason: 'write_off', source: 'adjustment' },
  damaged: { reason: 'damaged', source: 'adjustment' },
  found: { reason: 'found', source: 'adjustment' },
  'stock found': { reason: 'found', source: 'adjustment' },
  'stock count': { reason: 'count_correction', source: 'count' },
  'cycle count': { reason: 'count_correction', source: 'count' },
  'goods in': { reason: 'other', source: 'receipt' },
  'asn booked in': { reason: 'other', source: 'receipt' },
  return: { reason: 'other', source: 'return' },
  transfer: { reason: 'other', source: 'transfer' },
};

export const mintsoftConfigSchema = z.object({
  baseUrl: z.url().default('https://api.mintsoft.co.uk'),
  /** Mintsoft `ClientId` of the brand; required with an admin-level key, harmless with a client key. */
  clientId: z.number().int().positive().optional(),
  /** Mintsoft `WarehouseId` orders, ASNs and stock belong to. */
  warehouseId: z.number().int().positive(),
  /** The hub's (BC's) code for that warehouse, written on snapshots and movements. */
  warehouseCode: z.string().min(1).default('SCEND'),
  couriers: z.array(courierSchema).default([]),
  /** Used when a shipping method has no mapping: `AUTO` lets the 3PL's rules choose. */
  defaultCourierService: z.string().min(1).default('AUTO'),
  /** Where Mintsoft should POST order and ASN callbacks; the secret travels as an Authorization header. */
  callback: z.object({ url: z.url(), secret: z.string().min(16) }).optional(),
  requestTimeoutMs: z.number().int().positive().default(30_000),
  /** Mintsoft publishes no limit; community clients keep to about 2 per second. null = no pacing. */
  requestsPerSecond: z.number().positive().max(100).nullable().default(2),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(10).default(4),
      baseDelayMs: z.number().int().nonnegative().default(1_000),
      maxDelayMs: z.number().int().positive().default(60_000),
    })
    .prefault({}),
  /** Page size of list calls (Mintsoft caps ASNs and stock movements at 100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Pages one poll may read before it hands back `hasMore`. */
  maxPagesPerPoll: z.number().int().min(1).max(1_000).default(20),
  /** "Updated since" polls look back this far before the cursor, for late writes and clock skew. */
  pollOverlapMs: z
    .number()
    .int()
    .nonnegative()
    .default(30 * 60_000),
  /** Where a feed starts when it has no cursor yet. */
  initialLookbackMs: z
    .number()
    .int()
    .positive()
    .default(7 * 24 * 60 * 60_000),
  /** Returns can be searched by date only: each poll re-reads this many days. */
  returnsLookbackDays: z.number().int().min(1).max(90).default(14),
  /** `GoodsInType` (one of `GET /api/ASN/GoodsInTypes`) and package count Mintsoft requires on an ASN. */
  asnDefaults: z.object({ goodsInType: z.string().min(1).default('Carton'), packages: z.number().int().min(0).default(1) }).prefault({}),
  /** How far back an ASN is searched for by its reference before creating another. */
  asnLookbackDays: z.number().int().min(1).max(730).default(180),
  /** Status names beyond the documented ones, e.g. a 3PL's own, mapped to the hub's statuses. */
  statusOverrides: z.record(z.string(), z.enum(warehouseOrderStatuses)).default({}),
  returnReasons: z.record(z.string(), returnReasonSchema).default(defaultReturnReasons),
  movementReasons: z.record(z.string(), movementReasonSchema).default(defaultMovementReasons),
  /** How Mintsoft words a duplicate-reference rejection (case-insensitive regular expression); a fallback after the structured checks (refusals.ts), to be confirmed on a real account. */
  duplicatePattern: z.string().default('already exists|duplicate'),
  /** How it words an unknown product; the first capture group, if any, is the SKU. */
  unknownSkuPattern: z.string().default("sku\\s*'([^']*)'[^.]*not\\s+found|unknown\\s+(?:sku|product)"),
});

export type MintsoftConfig = z.output<typeof mintsoftConfigSchema>;
export type MintsoftConfigInput = z.input<typeof mintsoftConfigSchema>;

/** Parses the options, naming every wrong path at once. */
export function parseMintsoftConfig(input: unknown): MintsoftConfig {
  const result = mintsoftConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConnectorError({
      system: 'warehouse',
      code: 'invalid_request',
      message: `invalid Mintsoft adapter options: ${problems.join('; ')}`,
    });
  }
  return result.data;
}

export function lookupIgnoringCase<T>(table: Record<string, T>, key: string | null | undefined): T | undefined {
  if (!key) return undefined;
  const wanted = key.trim().toLowerCase();
  for (const [name, value] of Object.entries(table)) if (name.trim().toLowerCase() === wanted) return value;
  return undefined;
}
