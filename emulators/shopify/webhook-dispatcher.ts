/**
 * Delivers the shop's webhooks the way Shopify does: one delivery per subscription, REST
 * JSON signed with HMAC-SHA256 of the raw body under the app secret, Shopify's headers,
 * at least once, retried on failure. Faults make it worse on purpose: dropped, duplicated,
 * delayed and (through random delays) reordered deliveries.
 */
import { randomUUID, createHmac } from 'node:crypto';
import type { Clock } from '../../src/core/clock.ts';
import { EMULATED_API_VERSION as SHOPIFY_API_VERSION } from './api-version.ts';
import type { Random } from './random.ts';
import { gid, type WebhookSubscriptionRecord } from './records.ts';
import { buildRestOrder, serializeWebhookBody } from './rest-payload.ts';
import { buildRestInventoryLevel, buildRestRefund, buildRestTransactionWebhook } from './rest-refund-payload.ts';
import type { EmulatedShop, ShopEvent, ShopTopic } from './shop.ts';

export interface WebhookFaults {
  /** Probability that a delivery is silently lost. */
  dropRate: number;
  /** Lose exactly the next N deliveries. */
  dropNext: number;
  /** Probability that a delivery is sent twice (same webhook and event id). */
  duplicateRate: number;
  /** Fixed delay before each delivery. */
  delayMs: number;
  /** Extra random delay up to this long, so later events can arrive first. */
  reorderWindowMs: number;
}

export const noWebhookFaults: WebhookFaults = { dropRate: 0, dropNext: 0, duplicateRate: 0, delayMs: 0, reorderWindowMs: 0 };

export interface DeliveryRecord {
  webhookId: string;
  eventId: string;
  topic: ShopTopic;
  uri: string;
  /** The order the event is about (for refunds and transactions, their order); null for inventory levels. */
  orderId: string | null;
  /** `admin_graphql_api_id` of the resource in the body. */
  resourceId: string;
  triggeredAt: string;
  duplicate: boolean;
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

export interface DispatcherOptions {
  shop: EmulatedShop;
  appSecret: string;
  clock: Clock;
  random: Random;
  fetch?: typeof globalThis.fetch;
  /** Waits between attempts; Shopify's real schedule is 8 retries over 4 hours, compressed here. */
  retryDelaysMs?: number[];
  requestTimeoutMs?: number;
}

const defaultRetryDelaysMs = [1_000, 5_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];

function subscriptionTopic(topic: ShopTopic): string {
  return topic.replace('/', '_').toUpperCase();
}

/** A subscription with `includeFields` gets only those top-level fields, as Shopify trims them. */
function trimToIncludedFields(payload: Record<string, unknown>, includeFields: readonly string[]): Record<string, unknown> {
  if (!includeFields.length) return payload;
  return Object.fromEntries(Object.entries(payload).filter(([key]) => includeFields.includes(key)));
}

export class WebhookDispatcher {
  faults: WebhookFaults = { ...noWebhookFaults };
  readonly deliveries: DeliveryRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly unsubscribe: () => void;

  private readonly options: DispatcherOptions;
  constructor(options: DispatcherOptions) {
    this.options = options;
    this.unsubscribe = options.shop.onChange((event) => this.publish(event));
  }

  /** Resolves once no delivery is waiting or being sent. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.abort.abort(new Error('webhook dispatcher closed'));
    await Promise.allSettled([...this.inFlight]);
  }

  private publish(event: ShopEvent): void {
    const { topic } = event;
    const subscriptions = [...this.options.shop.webhookSubscriptions.values()].filter(
      (subscription) => subscription.topic === subscriptionTopic(topic),
    );
    if (!subscriptions.length) return;
    const { payload, orderId, resourceId } = this.payloadOf(event);
    const eventId = randomUUID();
    const triggeredAt = new Date(this.options.clock.now()).toISOString();
    for (const subscription of subscriptions) {
      const body = serializeWebhookBody(trimToIncludedFields(payload, subscription.includeFields));
      const base = {
        webhookId: randomUUID(),
        eventId,
        topic,
        uri: subscription.uri,
        orderId,
        resourceId,
        triggeredAt,
        attempts: 0,
        lastStatus: null,
        lastError: null,
      };
      if (this.shouldDrop()) {
        this.deliveries.push({ ...base, duplicate: false, status: 'dropped' });
        continue;
      }
      this.schedule({ ...base, duplicate: false, status: 'pending' }, subscription, body);
      if (this.options.random.chance(this.faults.duplicateRate))
        this.schedule({ ...base, duplicate: true, status: 'pending' }, subscription, body);
    }
  }

  private payloadOf(event: ShopEvent): { payload: Record<string, unknown>; orderId: string | null; resourceId: string } {
    switch (event.topic) {
      case 'refunds/create':
        return {
          payload: buildRestRefund(event.order, event.refund),
          orderId: String(event.order.id),
          resourceId: gid('Refund', event.refund.id),
        };
      case 'order_transactions/create':
        return {
          payload: buildRestTransactionWebhook(event.order, event.transaction),
          orderId: String(event.order.id),
          resourceId: gid('OrderTransaction', event.transaction.id),
        };
      case 'inventory_levels/update': {
        const payload = buildRestInventoryLevel(event.level);
        return { payload, orderId: null, resourceId: String(payload.admin_graphql_api_id) };
      }
      default:
        return {
          payload: buildRestOrder(this.options.shop, event.order),
          orderId: String(event.order.id),
          resourceId: gid('Order', event.order.id),
        };
    }
  }

  private shouldDrop(): boolean {
    if (this.faults.dropNext > 0) {
      this.faults.dropNext -= 1;
      return true;
    }
    return this.options.random.chance(this.faults.dropRate);
  }

  private schedule(delivery: DeliveryRecord, subscription: WebhookSubscriptionRecord, body: string): void {
    this.deliveries.push(delivery);
    const firstDelay = this.faults.delayMs + Math.floor(this.options.random.next() * this.faults.reorderWindowMs);
    const task = this.run(delivery, subscription, body, firstDelay).catch(() => {
      if (delivery.status === 'pending') delivery.status = 'failed';
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  private async run(delivery: DeliveryRecord, subscription: WebhookSubscriptionRecord, body: string, firstDelay: number): Promise<void> {
    const delays = this.options.retryDelaysMs ?? defaultRetryDelaysMs;
    for (let attempt = 0; attempt <= delays.length; attempt += 1) {
      const wait = attempt === 0 ? firstDelay : delays[attempt - 1]!;
      if (wait > 0) await this.options.clock.sleep(wait, this.abort.signal);
      if (this.abort.signal.aborted) return;
      delivery.attempts += 1;
      if (await this.send(delivery, subscription, body)) {
        delivery.status = 'delivered';
        return;
      }
    }
    delivery.status = 'failed';
  }

  private async send(delivery: DeliveryRecord, subscription: WebhookSubscriptionRecord, body: string): Promise<boolean> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-shopify-topic': delivery.topic,
      'x-shopify-hmac-sha256': signBody(body, this.options.appSecret),
      'x-shopify-shop-domain': this.options.shop.shopDomain,
      'x-shopify-api-version': SHOPIFY_API_VERSION,
      'x-shopify-webhook-id': delivery.webhookId,
      'x-shopify-event-id': delivery.eventId,
      'x-shopify-triggered-at': delivery.triggeredAt,
    };
    if (subscription.name) headers['x-shopify-name'] = subscription.name;
    try {
      const response = await (this.options.fetch ?? globalThis.fetch)(subscription.uri, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.requestTimeoutMs ?? 5_000)]),
      });
      delivery.lastStatus = response.status;
      delivery.lastError = null;
      await response.body?.cancel();
      return response.ok;
    } catch (error) {
      delivery.lastError = error instanceof Error ? error.message : String(error);
      return false;
    }
  }
}

/** Shopify signs each webhook with HMAC-SHA256 of the raw body under the app's client secret, base64. */
function signBody(body: string | Uint8Array, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}
