/**
 * Webhook subscriptions the hub manages at start-up: list, make sure one exists (Shopify can
 * drop a failing subscription, so this runs on every start), remove.
 */
import type { ShopifyGraphqlClient } from './client.ts';
import * as documents from './documents.ts';
import { errorFromUserErrors, shopifyError } from './errors.ts';
import { collect, paginate } from './paging.ts';
import * as schemas from './schemas.ts';

export interface WebhookSubscriptionInfo {
  id: string;
  /** Shopify's enum name, e.g. `ORDERS_CREATE`. */
  topic: string;
  uri: string;
  format: string;
  apiVersion: string;
  createdAt: string;
}

export interface SubscriptionMethods {
  listWebhookSubscriptions(topic?: string): Promise<WebhookSubscriptionInfo[]>;
  ensureWebhookSubscription(topic: string, callbackUrl: string): Promise<{ subscription: WebhookSubscriptionInfo; created: boolean }>;
  deleteWebhookSubscription(id: string): Promise<void>;
}

/** `orders/create` and `ORDERS_CREATE` name the same topic; Shopify's API wants the enum. */
export function toTopicEnum(topic: string): string {
  const value = topic.trim().replace(/[/.]/g, '_').toUpperCase();
  if (!/^[A-Z][A-Z0-9_]*$/.test(value)) throw shopifyError('invalid_request', `not a webhook topic: ${topic}`);
  return value;
}

function toSubscriptionInfo(node: schemas.WebhookSubscription): WebhookSubscriptionInfo {
  return {
    id: node.id,
    topic: node.topic,
    uri: node.uri,
    format: node.format,
    apiVersion: node.apiVersion.handle,
    createdAt: node.createdAt,
  };
}

export function createSubscriptionMethods(client: ShopifyGraphqlClient): SubscriptionMethods {
  async function listSubscriptions(topic?: string): Promise<WebhookSubscriptionInfo[]> {
    const topics = topic === undefined ? null : [toTopicEnum(topic)];
    const nodes = paginate(async (after) => {
      const { data } = await client.request(documents.webhookSubscriptions, { after, topics }, schemas.webhookSubscriptionsResponse);
      return data.webhookSubscriptions;
    });
    return (await collect(nodes)).map(toSubscriptionInfo);
  }

  return {
    listWebhookSubscriptions: listSubscriptions,

    async ensureWebhookSubscription(topic, callbackUrl) {
      const existing = (await listSubscriptions(topic)).find((subscription) => subscription.uri === callbackUrl);
      if (existing) return { subscription: existing, created: false };
      const { data } = await client.request(
        documents.webhookSubscriptionCreate,
        { topic: toTopicEnum(topic), uri: callbackUrl },
        schemas.webhookSubscriptionCreateResponse,
      );
      const payload = data.webhookSubscriptionCreate;
      if (payload?.userErrors.length) throw errorFromUserErrors(payload.userErrors, 'webhookSubscriptionCreate');
      if (!payload?.webhookSubscription)
        throw shopifyError('upstream_unavailable', 'webhookSubscriptionCreate returned no subscription', { retryable: false });
      return { subscription: toSubscriptionInfo(payload.webhookSubscription), created: true };
    },

    async deleteWebhookSubscription(id) {
      const { data } = await client.request(documents.webhookSubscriptionDelete, { id }, schemas.webhookSubscriptionDeleteResponse);
      const payload = data.webhookSubscriptionDelete;
      if (payload?.userErrors.length) throw errorFromUserErrors(payload.userErrors, 'webhookSubscriptionDelete');
    },
  };
}
