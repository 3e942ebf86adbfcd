/**
 * Shopify webhook intake: verify the HMAC over the raw bytes, read the headers, parse the
 * body without losing 64-bit ids. Bodies are triggers only: the hub re-reads the order by
 * GraphQL, so an order webhook yields just a reference keyed on `admin_graphql_api_id`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isInteger, isSafeNumber, parse as parseLossless } from 'lossless-json';
import { z } from 'zod';
import type { ChannelOrderRef } from '../../core/domain/channel-order.ts';
import { shopifyError } from './errors.ts';
import { mapRestOrder, type RestOrderPart } from './map-rest-order.ts';

export type RawBody = Uint8Array | string;

function bytesOf(raw: RawBody): Buffer {
  return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** Base64 HMAC-SHA256 of the raw body keyed with the app's client secret, as Shopify signs. */
export function signWebhookBody(rawBody: RawBody, secret: string): string {
  return createHmac('sha256', secret).update(bytesOf(rawBody)).digest('base64');
}

/**
 * True when the header matches the body under any of the secrets: after a rotation Shopify
 * may sign with the old secret for a while, so both are configured until it ends.
 */
export function verifyWebhookHmac(rawBody: RawBody, hmacHeader: string | null | undefined, secrets: readonly string[]): boolean {
  if (!hmacHeader) return false;
  const text = hmacHeader.trim();
  const received = Buffer.from(text, 'base64');
  // Node's base64 decoding skips what it cannot read: only the canonical form of a digest counts.
  if (received.toString('base64') !== text) return false;
  let valid = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = createHmac('sha256', secret).update(bytesOf(rawBody)).digest();
    // Compare every secret in constant time; the length check leaks only the digest size.
    if (expected.length === received.length && timingSafeEqual(expected, received)) valid = true;
  }
  return valid;
}

export interface WebhookHeaders {
  hmac: string | null;
  topic: string;
  shopDomain: string;
  webhookId: string;
  eventId: string | null;
  triggeredAt: string | null;
  apiVersion: string | null;
  name: string | null;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function headerOf(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Reads Shopify's delivery headers; a missing required one is named in the error. */
export function readWebhookHeaders(headers: HeaderSource): WebhookHeaders {
  const required = (name: string): string => {
    const value = headerOf(headers, name)?.trim();
    if (!value) throw shopifyError('invalid_request', `webhook without the ${name} header`, { upstreamCode: 'webhook_header_missing' });
    return value;
  };
  const optional = (name: string) => headerOf(headers, name)?.trim() || null;
  return {
    hmac: optional('x-shopify-hmac-sha256'),
    topic: required('x-shopify-topic'),
    shopDomain: required('x-shopify-shop-domain'),
    webhookId: required('x-shopify-webhook-id'),
    eventId: optional('x-shopify-event-id'),
    triggeredAt: optional('x-shopify-triggered-at'),
    apiVersion: optional('x-shopify-api-version'),
    name: optional('x-shopify-name'),
  };
}

/** Verifies the signature and reads the headers; throws `auth_failed` on a bad or missing HMAC. */
export function verifyWebhookRequest(input: { rawBody: RawBody; headers: HeaderSource; secrets: readonly string[] }): WebhookHeaders {
  const headers = readWebhookHeaders(input.headers);
  if (!headers.hmac)
    throw shopifyError('auth_failed', 'webhook without the x-shopify-hmac-sha256 header', { upstreamCode: 'webhook_hmac_missing' });
  if (!verifyWebhookHmac(input.rawBody, headers.hmac, input.secrets)) {
    throw shopifyError('auth_failed', 'webhook HMAC does not match the body: wrong secret, or the body was altered', {
      upstreamCode: 'webhook_hmac_invalid',
    });
  }
  return headers;
}

/**
 * Parses a webhook body as JSON keeping every integer exact: integers beyond 2^53 become
 * bigint (JSON.parse would silently round them); other numbers stay numbers.
 */
export function parseWebhookJson(rawBody: RawBody): unknown {
  const text = typeof rawBody === 'string' ? rawBody : bytesOf(rawBody).toString('utf8');
  try {
    return parseLossless(text, null, (value) => (isInteger(value) && !isSafeNumber(value) ? BigInt(value) : Number(value)));
  } catch (error) {
    throw shopifyError('invalid_request', `webhook body is not JSON: ${(error as Error).message}`, {
      upstreamCode: 'webhook_malformed',
      cause: error,
    });
  }
}

const orderGid = /^gid:\/\/shopify\/Order\/(\d+)$/;

const orderWebhookSchema = z.object({
  admin_graphql_api_id: z.string().regex(orderGid, 'expected an order GID such as gid://shopify/Order/123'),
  id: z.union([z.number().int(), z.bigint()]).optional(),
  name: z.string().nullable().optional(),
  updated_at: z.iso.datetime({ offset: true }),
});

/** An `orders/*` body as a reference to fetch; the error names the field that is wrong. */
export function parseOrderWebhook(rawBody: RawBody): ChannelOrderRef {
  const json = parseWebhookJson(rawBody);
  const result = orderWebhookSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `field \`${issue.path.join('.') || '(body)'}\`: ${issue.message}`);
    throw shopifyError('invalid_request', `order webhook body is malformed: ${problems.join('; ')}`, { upstreamCode: 'webhook_malformed' });
  }
  const body = result.data;
  // Numeric ids in Shopify's own examples have already lost precision; the GID is the key.
  const legacyId = orderGid.exec(body.admin_graphql_api_id)![1]!;
  const ref: ChannelOrderRef = { id: body.admin_graphql_api_id, legacyId, name: body.name ?? null, updatedAt: body.updated_at };
  // The body stands for the order where it can; one it cannot map is still a good trigger.
  const snapshot = snapshotOf(json);
  return snapshot ? { ...ref, snapshot } : ref;
}

function snapshotOf(json: unknown): RestOrderPart | undefined {
  try {
    return mapRestOrder(json);
  } catch {
    return undefined;
  }
}
