/**
 * The root fields the emulator implements, over the in-memory shop. Every one of them is
 * declared in the subset schema cut from Shopify's official 2026-10 schema.
 */
import { createAfterSaleRoot, type AfterSaleOptions } from './after-sale-resolvers.ts';
import { buildConnection, sortableId, type ConnectionArgs } from './connection.ts';
import { mapOrderCreateInput, type OrderCreateInput } from './order-input.ts';
import { placeOrder, type InventoryBehaviour } from './place-order.ts';
import { gid, parseGid, type OrderRecord } from './records.ts';
import { matchesTime, parseSearchQuery } from './search-query.ts';
import type { EmulatedShop } from './shop.ts';
import { fulfillmentOrderView, locationView, orderView, variantView, webhookSubscriptionView } from './views.ts';

const orderSortKeys: Record<string, (order: OrderRecord) => string> = {
  CREATED_AT: (order) => `${order.createdAt}|${sortableId(order.id)}`,
  UPDATED_AT: (order) => `${order.updatedAt}|${sortableId(order.id)}`,
  PROCESSED_AT: (order) => `${order.processedAt}|${sortableId(order.id)}`,
  ID: (order) => sortableId(order.id),
};

function matchesOrder(order: OrderRecord, query: string | null | undefined): boolean {
  return parseSearchQuery(query).every((term) => {
    switch (term.field) {
      case 'updated_at':
        return matchesTime(order.updatedAt, term);
      case 'created_at':
        return matchesTime(order.createdAt, term);
      case 'processed_at':
        return matchesTime(order.processedAt, term);
      case 'name':
        return order.name === term.value || order.name === `#${term.value}`;
      case 'email':
        return order.email?.trim().toLowerCase() === term.value.toLowerCase();
      case 'financial_status':
        return order.financialStatus.toLowerCase() === term.value.toLowerCase();
      case 'sku':
        return order.lines.some((line) => line.sku === term.value);
      default:
        return true;
    }
  });
}

/** Shopify accepts http(s) endpoints, Pub/Sub and EventBridge; the emulator delivers over HTTP only. */
function uriProblem(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : `Address protocol ${url.protocol}// is not supported`;
  } catch {
    return 'Address is invalid';
  }
}

export type RootValueOptions = Omit<AfterSaleOptions, 'rootValue'>;

export function createRootValue(shop: EmulatedShop, options: RootValueOptions) {
  const root: ReturnType<typeof createOrderRoot> & ReturnType<typeof createAfterSaleRoot> = {
    ...createOrderRoot(shop),
    ...createAfterSaleRoot(shop, { ...options, rootValue: (): unknown => root }),
  };
  return root;
}

function createOrderRoot(shop: EmulatedShop) {
  const findOrder = (id: string) => {
    const numeric = parseGid(id, 'Order');
    return numeric === undefined ? undefined : shop.orders.get(numeric);
  };
  const findFulfillmentOrder = (id: string) => {
    const numeric = parseGid(id, 'FulfillmentOrder');
    for (const order of shop.orders.values()) {
      const found = order.fulfillmentOrders.find((fulfillmentOrder) => fulfillmentOrder.id === numeric);
      if (found) return fulfillmentOrderView(shop, order, found);
    }
    return null;
  };
  /** `nodes(ids:)` for the node types the emulator serves by id; any other id answers null, as an unknown id does. */
  const findNode = (id: string) => {
    const order = findOrder(id);
    if (order) return { ...orderView(shop, order), __typename: 'Order' };
    const fulfillmentOrder = findFulfillmentOrder(id);
    if (fulfillmentOrder) return { ...fulfillmentOrder, __typename: 'FulfillmentOrder' };
    const variantId = parseGid(id, 'ProductVariant');
    const variant = variantId === undefined ? undefined : shop.variants.get(variantId);
    return variant ? { ...variantView(shop, variant), __typename: 'ProductVariant' } : null;
  };
  return {
    nodes: ({ ids }: { ids: string[] }) => ids.map(findNode),
    order: ({ id }: { id: string }) => {
      const order = findOrder(id);
      return order ? orderView(shop, order) : null;
    },
    orders: (args: ConnectionArgs & { query?: string | null; sortKey?: string | null }) => {
      const keyOf = orderSortKeys[args.sortKey ?? 'PROCESSED_AT'] ?? orderSortKeys.ID!;
      const matching = [...shop.orders.values()]
        .filter((order) => matchesOrder(order, args.query))
        .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
      return buildConnection(matching, args, keyOf, (order) => orderView(shop, order));
    },
    fulfillmentOrder: ({ id }: { id: string }) => findFulfillmentOrder(id),
    productVariants: (args: ConnectionArgs & { query?: string | null }) => {
      const terms = parseSearchQuery(args.query);
      const variants = [...shop.variants.values()].filter((variant) =>
        terms.every((term) =>
          term.field === 'sku' ? variant.sku === term.value : term.field === 'barcode' ? variant.barcode === term.value : true,
        ),
      );
      return buildConnection(
        variants,
        args,
        (variant) => sortableId(variant.id),
        (variant) => variantView(shop, variant),
      );
    },
    location: ({ id }: { id?: string | null }) => {
      const location = id ? shop.locations.find((candidate) => gid('Location', candidate.id) === id) : shop.locations[0];
      return location ? locationView(shop, location) : null;
    },
    // Shopify's default order is by name; the connection needs its items in key order.
    locations: (args: ConnectionArgs) =>
      buildConnection(
        [...shop.locations].sort((a, b) => (a.name < b.name ? -1 : 1)),
        args,
        (location) => location.name,
        (location) => locationView(shop, location),
      ),
    webhookSubscriptions: (args: ConnectionArgs & { topics?: string[] | null; uri?: string | null }) => {
      const subscriptions = [...shop.webhookSubscriptions.values()].filter(
        (subscription) =>
          (!args.topics?.length || args.topics.includes(subscription.topic)) && (!args.uri || subscription.uri === args.uri),
      );
      return buildConnection(
        subscriptions,
        args,
        (subscription) => `${subscription.createdAt}|${sortableId(subscription.id)}`,
        webhookSubscriptionView,
      );
    },

    orderCreate: ({ order, options }: { order: OrderCreateInput; options?: { inventoryBehaviour?: string | null } | null }) => {
      const behaviour = (options?.inventoryBehaviour ?? 'BYPASS') as InventoryBehaviour;
      const draft = mapOrderCreateInput(shop, order, behaviour);
      if ('errors' in draft) return { order: null, userErrors: draft.errors };
      const result = placeOrder(shop, draft);
      return result.order ? { order: orderView(shop, result.order), userErrors: [] } : { order: null, userErrors: result.errors };
    },
    webhookSubscriptionCreate: ({
      topic,
      webhookSubscription,
    }: {
      topic: string;
      webhookSubscription: {
        uri?: string | null;
        format?: string | null;
        filter?: string | null;
        includeFields?: string[] | null;
        name?: string | null;
      };
    }) => {
      const uri = webhookSubscription.uri?.trim();
      const problem = uri ? uriProblem(uri) : "Address can't be blank";
      const taken = [...shop.webhookSubscriptions.values()].some(
        (subscription) => subscription.topic === topic && subscription.uri === uri,
      );
      if (problem || taken) {
        return {
          webhookSubscription: null,
          userErrors: [
            { field: ['webhookSubscription', 'callbackUrl'], message: problem ?? 'Address for this topic has already been taken' },
          ],
        };
      }
      const now = shop.timestamp();
      const record = {
        id: shop.nextId(),
        topic,
        uri: uri!,
        format: webhookSubscription.format ?? 'JSON',
        filter: webhookSubscription.filter ?? null,
        includeFields: webhookSubscription.includeFields ?? [],
        name: webhookSubscription.name ?? null,
        createdAt: now,
        updatedAt: now,
      };
      shop.webhookSubscriptions.set(record.id, record);
      return { webhookSubscription: webhookSubscriptionView(record), userErrors: [] };
    },
    webhookSubscriptionDelete: ({ id }: { id: string }) => {
      const numeric = parseGid(id, 'WebhookSubscription');
      if (numeric === undefined || !shop.webhookSubscriptions.delete(numeric)) {
        return { deletedWebhookSubscriptionId: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] };
      }
      return { deletedWebhookSubscriptionId: id, userErrors: [] };
    },
  };
}
