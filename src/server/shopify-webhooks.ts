/**
 * The Shopify webhook receiver. It answers within Shopify's few seconds by doing only the
 * durable minimum: verify the HMAC over the raw bytes, store the delivery in the inbox
 * (a redelivery is recognised by its event id), hand the order or refund to its flow,
 * which records it in the ledger and queues the work. Every refusal gets a clear status, and
 * the server's audit of refusals keeps the evidence (rejections.ts); the body's size limit
 * is the server's too (body-limits.ts).
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { Logger } from '../core/logger.ts';
import { acceptInboxEvent, markInboxEvent, type InboxAcceptance, type InboxEvent } from '../ledger/index.ts';
import { findUnstorableText } from '../ledger/storable.ts';
import type { Executor } from '../store/open-store.ts';
import { problem } from './http-errors.ts';
import { createInboxHandover, type InboxHandover } from './inbox-handover.ts';
import { createInboxWriter } from './inbox-writer.ts';
import { createIntakeGate, type IntakeGate } from './intake-gate.ts';

/** About the store's connection pool: more at once only wait for a connection, holding memory. */
const DEFAULT_INTAKE_CONCURRENCY = 8;
/** Parsed and stored at once when handed over after the answer: a few store round trips in all. */
export const HANDED_OVER_INTAKE_CONCURRENCY = 64;
import { noteRejection } from './rejections.ts';

/** One topic the hub handles: how to read its payload and which flow takes it. */
export interface WebhookTopicHandler {
  /** Parses the body without losing 64-bit ids; throws naming the bad field. */
  parse(rawBody: string): { businessKey: string; ref: unknown };
  /** Hands the reference to its flow; resolves once the work is durably queued. */
  takeIn(ref: unknown, topic: string): Promise<string>;
  /**
   * The stored delivery is all the flow needs (it reads the inbox later): stored as processed
   * and answered, never handed over, which spares the store a claim and a mark a delivery.
   */
  storedOnly?: boolean;
}

/** One shop the hub serves: its connection's webhook secrets, topic handlers and ledger handle. */
export interface ShopRoute {
  secrets: readonly string[];
  /** Topics the hub subscribes to, e.g. `orders/create`; any other is refused. */
  topics: Record<string, WebhookTopicHandler>;
  /** The shop (`brand.myshopify.com`); a delivery naming another is refused, even signed. */
  shopDomain?: string;
  /** The connection's store handle, so the inbox keeps the delivery under its connection. */
  db?: Executor;
  /**
   * Hand deliveries to their flow after answering (createShopifyHandover): the answer then
   * waits only for the delivery to be stored, in a batch with the others arriving. Without it,
   * each delivery is handed over before it is answered.
   */
  handOver?: Pick<ShopifyHandover, 'store'>;
}

export interface ShopifyWebhookOptions extends Partial<ShopRoute> {
  db: Executor;
  /**
   * Every shop the hub serves, one per connection; a delivery goes to the one its
   * X-Shopify-Shop-Domain names (decision 0026). Without it, the one shop of `secrets`,
   * `topics` and `shopDomain`.
   */
  shops?: readonly ShopRoute[];
  /** HMAC-SHA256 of the raw body, base64, compared in constant time with any of the secrets. */
  verify(rawBody: Uint8Array, signature: string | undefined, secrets: readonly string[]): boolean;
  /** Largest body accepted (the server's limit for this endpoint). */
  maxBodyBytes: number;
  logger: Logger;
  /** Deliveries parsed and stored at once (intake-gate.ts); the rest wait their turn. */
  intakeGate?: IntakeGate;
}

export function mountShopifyWebhooks(app: Hono, options: ShopifyWebhookOptions): void {
  const shops: readonly ShopRoute[] = options.shops ?? [
    {
      secrets: options.secrets ?? [],
      topics: options.topics ?? {},
      ...(options.shopDomain ? { shopDomain: options.shopDomain } : {}),
    },
  ];
  const served = shops.map((shop) => shop.shopDomain ?? '(any)').join(', ');
  // Handed over after the answer, a delivery in its turn is only parsed and stored: more at once
  // make bigger batches for the inbox writer.
  const handingOver = shops.some((shop) => shop.handOver);
  const gate = options.intakeGate ?? createIntakeGate(handingOver ? HANDED_OVER_INTAKE_CONCURRENCY : DEFAULT_INTAKE_CONCURRENCY);

  function reject(c: Context, status: 400 | 401 | 403 | 415, reason: string) {
    noteRejection(c, {
      actor: 'shopify-webhook',
      entity: 'webhook',
      entityId: c.req.header('x-shopify-event-id') ?? c.req.header('x-shopify-webhook-id') ?? 'unknown',
      detail: { topic: c.req.header('x-shopify-topic') ?? null, shop: c.req.header('x-shopify-shop-domain') ?? null },
    });
    return problem(c, status, 'webhook_rejected', reason);
  }

  app.post('/webhooks/shopify', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const text = Buffer.from(raw).toString('utf8');
    const signature = c.req.header('x-shopify-hmac-sha256');
    if (!signature) return reject(c, 401, 'missing X-Shopify-Hmac-Sha256 header');
    // The shop's connection: one shop is served whatever the header says (and checked below).
    const shop = c.req.header('x-shopify-shop-domain');
    const route = shops.length === 1 ? shops[0]! : shops.find((candidate) => candidate.shopDomain?.toLowerCase() === shop?.toLowerCase());
    if (!route) {
      // No connection serves this shop: a forged delivery is told as such, a signed one as not ours.
      if (!shops.some((candidate) => options.verify(raw, signature, candidate.secrets)))
        return reject(c, 401, 'HMAC signature does not match the body');
      return reject(c, 403, `webhook from shop ${shop ?? '(none)'}, but the hub serves ${served}`);
    }
    if (!options.verify(raw, signature, route.secrets)) return reject(c, 401, 'HMAC signature does not match the body');
    // An app's secret signs the webhooks of every shop that installed it: the shop must be ours.
    if (route.shopDomain && shop?.toLowerCase() !== route.shopDomain.toLowerCase())
      return reject(c, 403, `webhook from shop ${shop ?? '(none)'}, but the hub serves ${route.shopDomain}`);
    if ((c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json')
      return reject(c, 415, 'Shopify webhooks are JSON: Content-Type must be application/json');
    if (!isUtf8(raw)) return reject(c, 400, 'the body is not valid UTF-8');
    const topic = c.req.header('x-shopify-topic');
    if (!topic) return reject(c, 400, 'missing X-Shopify-Topic header');
    // An own property only: a topic such as `toString` must not find Object.prototype's.
    const handler = Object.hasOwn(route.topics, topic) ? route.topics[topic] : undefined;
    if (!handler) return reject(c, 400, `unknown topic ${topic}: the hub does not subscribe to it`);
    return gate.run(() => handle(c, route, handler, raw, text, topic));
  });

  async function handle(c: Context, route: ShopRoute, handler: WebhookTopicHandler, raw: Uint8Array, text: string, topic: string) {
    const db = route.db ?? options.db;
    let parsed: { businessKey: string; ref: unknown };
    try {
      parsed = handler.parse(text);
    } catch (error) {
      return reject(c, 400, `malformed ${topic} payload: ${(error as Error).message}`);
    }
    const unstorable = findUnstorableText(parsed);
    if (unstorable)
      return reject(c, 400, `malformed ${topic} payload: a field (${unstorable}) holds a NUL character or broken text the hub cannot keep`);
    const payloadHash = createHash('sha256').update(raw).digest('hex');
    const eventId = c.req.header('x-shopify-event-id') ?? c.req.header('x-shopify-webhook-id') ?? `hash:${payloadHash}`;
    const event = {
      source: 'shopify',
      topic,
      eventId,
      webhookId: c.req.header('x-shopify-webhook-id') ?? null,
      businessKey: parsed.businessKey,
      payloadHash,
      body: raw,
      ...(handler.storedOnly ? { settled: true } : {}),
    };
    const inbox = route.handOver ? await route.handOver.store(event) : await acceptInboxEvent(db, event);
    // A redelivery of an event already handled is answered and dropped; one whose handling
    // was cut short is handled again.
    if (!inbox.inserted && inbox.status === 'processed') return c.json({ accepted: true, duplicate: true });
    if (route.handOver || handler.storedOnly) {
      return c.json({ accepted: true, duplicate: !inbox.inserted, outcome: 'stored' });
    }
    const outcome = await handler.takeIn(parsed.ref, topic);
    await markInboxEvent(db, inbox.id, 'processed');
    return c.json({ accepted: true, duplicate: !inbox.inserted, outcome });
  }
}

/** A shop's deliveries stored in batches and handed to their flows once answered. */
export interface ShopifyHandover extends InboxHandover {
  /** Stores the delivery (with the others arriving) and hands it over soon after. */
  store(event: InboxEvent): Promise<InboxAcceptance>;
}

/**
 * Hands a shop's stored deliveries to their flows once answered (see ShopRoute.handOver): each
 * is parsed again from its stored bytes and taken in by its topic's flow, exactly as it would
 * have been before the answer. Storing comes first: while deliveries wait to be stored, the
 * hand-over waits, so that a burst is answered in time on a store with one connection.
 */
export function createShopifyHandover(route: Pick<ShopRoute, 'topics'> & { db: Executor }, logger: Logger): ShopifyHandover {
  const writer = createInboxWriter(route.db);
  const handover = createInboxHandover({
    db: route.db,
    source: 'shopify',
    logger,
    yieldTo: () => writer.idle(),
    async handle(event, body) {
      const handler = Object.hasOwn(route.topics, event.topic) ? route.topics[event.topic] : undefined;
      if (!handler) return 'ignored';
      await handler.takeIn(handler.parse(body).ref, event.topic);
      return 'processed';
    },
  });
  return {
    ...handover,
    async store(event) {
      const acceptance = await writer.accept(event);
      if (acceptance.status !== 'processed') handover.wake();
      return acceptance;
    },
  };
}
