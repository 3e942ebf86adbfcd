/**
 * Refund, inventory-level and order-transaction webhook bodies, read without losing 64-bit
 * ids. Refunds and levels are triggers: the hub re-reads the refund (getRefund) or the level
 * before acting. Duplicates are dropped by event id at the receiver and, above all, by the
 * record's own key (the refund GID; the level's item, location and `updated_at`). An order's
 * transactions are kept as announced, so that reading the order need not ask for them again
 * (announcedTransactionsCover).
 */
import { z } from 'zod';
import type { ChannelInventoryLevelEvent } from '../../core/domain/channel-inventory.ts';
import type { AnnouncedTransaction } from '../../core/domain/channel-order.ts';
import type { ChannelRefundRef } from '../../core/domain/channel-refund.ts';
import { shopifyError } from './errors.ts';
import { normalizeAmount } from './map-order.ts';
import { transactionKind, transactionStatus } from './schemas.ts';
import { parseWebhookJson, type RawBody } from './webhooks.ts';

const integerId = z.union([z.number().int().nonnegative(), z.bigint().nonnegative()]);
const refundGid = /^gid:\/\/shopify\/Refund\/(\d+)$/;
const transactionGid = /^gid:\/\/shopify\/OrderTransaction\/(\d+)$/;
const levelGid = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/;

function parseWith<T extends z.ZodType>(schema: T, rawBody: RawBody, what: string): z.output<T> {
  const result = schema.safeParse(parseWebhookJson(rawBody));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `field \`${issue.path.join('.') || '(body)'}\`: ${issue.message}`);
    throw shopifyError('invalid_request', `${what} webhook body is malformed: ${problems.join('; ')}`, {
      upstreamCode: 'webhook_malformed',
    });
  }
  return result.data;
}

const refundWebhookSchema = z.object({
  admin_graphql_api_id: z.string().regex(refundGid, 'expected a refund GID such as gid://shopify/Refund/123'),
  id: integerId.optional(),
  order_id: integerId,
  processed_at: z.iso.datetime({ offset: true }).nullable().optional(),
  created_at: z.iso.datetime({ offset: true }).nullable().optional(),
});

/** A `refunds/create` body as a reference to fetch with getRefund. */
export function parseRefundWebhook(rawBody: RawBody): ChannelRefundRef {
  const body = parseWith(refundWebhookSchema, rawBody, 'refund');
  // The GID is a string and exact; `order_id` is exact only because the body was read losslessly.
  return {
    id: body.admin_graphql_api_id,
    legacyId: refundGid.exec(body.admin_graphql_api_id)![1]!,
    orderId: `gid://shopify/Order/${String(body.order_id)}`,
    processedAt: body.processed_at ?? body.created_at ?? null,
  };
}

const inventoryLevelWebhookSchema = z.object({
  admin_graphql_api_id: z
    .string()
    .regex(levelGid, 'expected an inventory level GID such as gid://shopify/InventoryLevel/1?inventory_item_id=2'),
  inventory_item_id: integerId,
  location_id: integerId,
  available: z.number().int().nullable(),
  updated_at: z.iso.datetime({ offset: true }),
});

/** An `inventory_levels/update` body: which item at which location, and `available` after the change. */
export function parseInventoryLevelWebhook(rawBody: RawBody): ChannelInventoryLevelEvent {
  const body = parseWith(inventoryLevelWebhookSchema, rawBody, 'inventory level');
  // The item id inside the GID is text, exact even where a sender rounded the number (as
  // Shopify's own published examples are).
  const itemFromGid = levelGid.exec(body.admin_graphql_api_id)![2]!;
  return {
    inventoryItemId: `gid://shopify/InventoryItem/${itemFromGid}`,
    locationId: `gid://shopify/Location/${String(body.location_id)}`,
    available: body.available,
    updatedAt: body.updated_at,
    levelId: body.admin_graphql_api_id,
  };
}

const transactionWebhookSchema = z.object({
  admin_graphql_api_id: z.string().regex(transactionGid, 'expected a transaction GID such as gid://shopify/OrderTransaction/123'),
  order_id: integerId,
});

/** An `order_transactions/create` body: whose order it is (the inbox keeps it under that order). */
export function parseTransactionWebhook(rawBody: RawBody): { orderId: string; transactionId: string } {
  const body = parseWith(transactionWebhookSchema, rawBody, 'order transaction');
  return { orderId: `gid://shopify/Order/${String(body.order_id)}`, transactionId: body.admin_graphql_api_id };
}

const announcedTransactionSchema = transactionWebhookSchema.extend({
  kind: z
    .string()
    .transform((kind) => kind.toUpperCase())
    .pipe(transactionKind),
  status: z
    .string()
    .transform((status) => status.toUpperCase())
    .pipe(transactionStatus),
  gateway: z.string().nullable(),
  payment_id: z.string().nullable().optional(),
  amount: z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected a currency code'),
  processed_at: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  parent_id: integerId.nullable().optional(),
  test: z.boolean(),
});

/**
 * The transaction a stored `order_transactions/create` body announced, as the order's
 * transactions read by GraphQL show it, with the currency of its amount. A body the hub cannot
 * read whole (a kind it does not know, say) gives `undefined`: the order's transactions are then
 * read from Shopify as before, never guessed.
 */
export function readAnnouncedTransaction(rawBody: RawBody): AnnouncedTransaction | undefined {
  let body: z.output<typeof announcedTransactionSchema>;
  try {
    body = parseWith(announcedTransactionSchema, rawBody, 'order transaction');
  } catch {
    return undefined;
  }
  return {
    orderId: `gid://shopify/Order/${String(body.order_id)}`,
    currency: body.currency,
    transaction: {
      id: body.admin_graphql_api_id,
      kind: body.kind,
      status: body.status,
      gateway: body.gateway ?? 'unknown',
      paymentId: body.payment_id || null,
      amount: normalizeAmount(body.amount, body.currency),
      processedAt: body.processed_at ?? body.created_at ?? null,
      parentTransactionId: body.parent_id == null ? null : `gid://shopify/OrderTransaction/${String(body.parent_id)}`,
      test: body.test,
    },
  };
}
