/**
 * The optional `connections:` list: one entry per Shopify store the hub serves, each with its
 * BC company (and tenant or environment when they differ), optionally its warehouse, and its
 * own reference prefix, mappings and accounts. Without the list the hub has one connection,
 * `default`, made of the top-level `shopify`, `bc`, `warehouse` and `flows` (decision 0026).
 *
 * An entry is checked here for its shape only; its sections are checked, merged over the
 * top-level ones, by the full schema (connections.ts), so a problem is reported once with the
 * connection's name in its path.
 */
import { z } from 'zod';

export const DEFAULT_CONNECTION = 'default';

/** Short, lowercase: it goes into ledger keys, job names and environment variable names. */
export const connectionIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,23}$/, 'a lowercase name of letters, digits and dashes (at most 24), starting with a letter, e.g. "uk"');

const section = z.record(z.string(), z.unknown());

/** What a connection may set of the flows' settings: its references, mappings and accounts. */
export const connectionFlowsSchema = z.strictObject({
  orders: z
    .strictObject({
      referencePrefix: z.unknown().optional(),
      shippingMethods: z.unknown().optional(),
      locations: z.unknown().optional(),
      customers: z.unknown().optional(),
      shipping: z.unknown().optional(),
      giftCards: z.unknown().optional(),
      tips: z.unknown().optional(),
      readyToFulfil: z.unknown().optional(),
    })
    .optional(),
  refunds: z
    .strictObject({
      referencePrefix: z.unknown().optional(),
      refundAccountNumber: z.unknown().optional(),
      adjustmentAccountNumber: z.unknown().optional(),
    })
    .optional(),
  payouts: z
    .strictObject({ journalBatch: z.unknown().optional(), bank: z.unknown().optional(), accounts: z.unknown().optional() })
    .optional(),
  cashApplication: z.strictObject({ journalBatch: z.unknown().optional(), gateways: z.unknown().optional() }).optional(),
  inventory: z.strictObject({ locations: z.unknown().optional() }).optional(),
});

export const connectionEntrySchema = z.strictObject({
  id: connectionIdSchema,
  /** The store: the same settings as the top-level `shopify`. */
  shopify: section,
  /** Merged over the top-level `bc` (tenant, app registration): usually just `company`. */
  bc: section.optional(),
  /** This store's warehouse, when it ships through one. */
  warehouse: section.optional(),
  flows: connectionFlowsSchema.optional(),
});

export type ConnectionEntry = z.infer<typeof connectionEntrySchema>;
