/**
 * Refund and inventory-level webhook bodies, read without losing 64-bit ids, as triggers:
 * the hub re-reads the refund (getRefund) or the level before acting. Duplicates are
 * dropped by event id at the receiver and, above all, by the record's own key (the refund
 * GID; the level's item, location and `updated_at`).
 */
import { z } from 'zod';
import type { ChannelInventoryLevelEvent } from '../../core/domain/channel-inventory.ts';
import type { ChannelRefundRef } from '../../core/domain/channel-refund.ts';
import { shopifyError } from './errors.ts';
import { parseWebhookJson, type RawBody } from './webhooks.ts';

const integerId = z.union([z.number().int().nonnegative(), z.bigint().nonnegative()]);
const refundGid = /^gid:\/\/shopify\/Refund\/(\d+)$/;
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
