/**
 * The emulator's state and operations, without HTTP: the shop, its cost bucket, tokens,
 * webhook dispatcher, fault switches and order generator. app.ts puts routes in front.
 */
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { EMULATED_API_VERSION as SHOPIFY_API_VERSION } from './api-version.ts';
import { LeakyBucket, planLimits, type PlanLimits } from './cost.ts';
import { defaultGeneratorMix, generateOrderDraft, type GeneratorMix } from './generator.ts';
import { TokenRegistry } from './oauth.ts';
import { startOrderStream, type OrderStream, type OrderStreamOptions } from './order-stream.ts';
import { placeOrder, type OrderDraft } from './place-order.ts';
import { createRandom, type Random } from './random.ts';
import { gid, type OrderRecord } from './records.ts';
import { createRootValue } from './resolvers.ts';
import { attachPaymentsLedger } from './shopify-payments.ts';
import { loadSubsetSchema } from './schema/subset-schema.ts';
import { EmulatedShop } from './shop.ts';
import { WebhookDispatcher, noWebhookFaults, type WebhookFaults } from './webhook-dispatcher.ts';

export interface ShopifyEmulatorOptions {
  shopDomain?: string;
  /** The shop's currency (ISO 4217): its prices, orders and payouts are in it. Default GBP. */
  currency?: string;
  /** Where the shop's ids start (a second shop beside another: ids of its own). */
  firstId?: bigint;
  /** The permanent Admin API token the emulator accepts (a legacy custom app's). */
  accessToken?: string;
  /** Client id and secret of the app, for the client-credentials grant. */
  clientId?: string;
  /** The app's client secret: signs webhooks and authenticates the grant. */
  appSecret?: string;
  /** Rate-limit plan, or explicit limits. Default standard: 2,000 points, 100/s. */
  plan?: keyof typeof planLimits | PlanLimits;
  clock?: Clock;
  /** Seeds generated orders and fault dice, for reproducible runs. */
  seed?: number;
  /** Used to deliver webhooks. */
  fetch?: typeof globalThis.fetch;
  webhookRetryDelaysMs?: number[];
  tokenLifetimeSeconds?: number;
  /** How long a bulk operation runs before its result is ready, on the emulator's clock. Default 1 s. */
  bulkOperationDurationMs?: number;
}

export interface GraphqlFaults {
  throttleNext: number;
  http5xxNext: number;
  http5xxStatus: number;
  http5xxRate: number;
  latencyMs: number;
  /** Run the next N mutations, then answer 502 as if the response was lost on the way back. */
  loseMutationResponseNext: number;
  /** Fail the next N bulk operations with INTERNAL_SERVER_ERROR. */
  bulkFailNext: number;
}

export type FaultsInput = Partial<GraphqlFaults> & { drainBucket?: boolean; webhooks?: Partial<WebhookFaults> };

export interface OrderSummary {
  id: string;
  legacyId: string;
  name: string;
  updatedAt: string;
  total: string;
  cancelled: boolean;
}

const noGraphqlFaults: GraphqlFaults = {
  throttleNext: 0,
  http5xxNext: 0,
  http5xxStatus: 503,
  http5xxRate: 0,
  latencyMs: 0,
  loseMutationResponseNext: 0,
  bulkFailNext: 0,
};
const scopes = [
  'read_orders',
  'write_orders',
  'read_products',
  'read_inventory',
  'write_inventory',
  'read_locations',
  'read_customers',
  'read_merchant_managed_fulfillment_orders',
  'write_merchant_managed_fulfillment_orders',
  'read_shopify_payments_accounts',
].join(',');

export type EmulatorCore = ReturnType<typeof createEmulatorCore>;

export function createEmulatorCore(options: ShopifyEmulatorOptions = {}) {
  const clock = options.clock ?? systemClock;
  const shopDomain = options.shopDomain ?? 'ledgerbridge-sandbox.myshopify.com';
  const accessToken = options.accessToken ?? 'shpat_emulator_token';
  const clientId = options.clientId ?? 'emulator-client-id';
  const appSecret = options.appSecret ?? 'emulator-app-secret';
  const limits = typeof options.plan === 'object' ? options.plan : planLimits[options.plan ?? 'standard'];
  const random: Random = createRandom(options.seed ?? 20261001);
  const shop = new EmulatedShop({
    shopDomain,
    clock,
    ...(options.currency ? { currency: options.currency } : {}),
    ...(options.firstId ? { firstId: options.firstId } : {}),
  });
  const schema = loadSubsetSchema();
  let faults: GraphqlFaults = { ...noGraphqlFaults };
  const takeFault = (name: 'bulkFailNext' | 'loseMutationResponseNext') => {
    if (faults[name] <= 0) return false;
    faults[name] -= 1;
    return true;
  };
  const rootValue = createRootValue(shop, {
    clock,
    schema,
    bulkDurationMs: options.bulkOperationDurationMs ?? 1_000,
    bulkFailNext: () => takeFault('bulkFailNext'),
  });
  const detachPayments = attachPaymentsLedger(shop);
  const tokens = new TokenRegistry({
    accessToken,
    clientId,
    clientSecret: appSecret,
    clock,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 86_399,
    scopes,
  });
  const dispatcher = new WebhookDispatcher({
    shop,
    appSecret,
    clock,
    random,
    fetch: options.fetch,
    retryDelaysMs: options.webhookRetryDelaysMs,
  });
  let bucket = new LeakyBucket(limits, clock.now());
  let stream: OrderStream | undefined;
  const costByOperation = new Map<string, { queries: number; points: number }>();

  const summary = (order: OrderRecord): OrderSummary => ({
    id: gid('Order', order.id),
    legacyId: String(order.id),
    name: order.name,
    updatedAt: order.updatedAt,
    total: order.totals.total,
    cancelled: order.cancelledAt !== null,
  });

  const emulator = {
    shopDomain,
    accessToken,
    clientId,
    appSecret,
    shop,
    dispatcher,
    tokens,
    clock,
    schema,
    rootValue,
    random,
    graphqlPath: `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
    get bucket() {
      return bucket;
    },
    get faults() {
      return faults;
    },
    summary,
    takeFault,
    /** Queries and actual points per operation name since start (or reset): where a client's points go. */
    costByOperation,
    noteCost(operation: string, actual: number) {
      const tally = costByOperation.get(operation) ?? { queries: 0, points: 0 };
      costByOperation.set(operation, { queries: tally.queries + 1, points: tally.points + actual });
    },
    setFaults(input: FaultsInput) {
      const { drainBucket, webhooks, ...graphql } = input;
      faults = { ...faults, ...graphql };
      if (webhooks) dispatcher.faults = { ...dispatcher.faults, ...webhooks };
      if (drainBucket) bucket.drain(clock.now());
    },
    clearFaults() {
      faults = { ...noGraphqlFaults };
      dispatcher.faults = { ...noWebhookFaults };
    },
    /** Places `draft`, or a generated checkout order when none is given. */
    placeOrder(draft?: OrderDraft, mix?: Partial<GeneratorMix>): OrderSummary {
      const result = placeOrder(shop, draft ?? generateOrderDraft(shop, random, { ...defaultGeneratorMix, ...mix }));
      if (!result.order)
        throw new Error(`order refused: ${result.errors.map((error) => `${error.field.join('.')}: ${error.message}`).join('; ')}`);
      return summary(result.order);
    },
    async startGenerator(streamOptions: OrderStreamOptions = {}): Promise<OrderStream> {
      await stream?.stop();
      stream = startOrderStream(shop, random, clock, streamOptions);
      return stream;
    },
    async stopGenerator() {
      await stream?.stop();
      stream = undefined;
    },
    async reset() {
      await emulator.stopGenerator();
      await dispatcher.idle();
      shop.reset();
      tokens.reset();
      dispatcher.deliveries.length = 0;
      costByOperation.clear();
      emulator.clearFaults();
      bucket = new LeakyBucket(limits, clock.now());
    },
    describe() {
      const deliveries = dispatcher.deliveries;
      return {
        shopDomain,
        apiVersion: SHOPIFY_API_VERSION,
        graphqlPath: emulator.graphqlPath,
        orders: shop.orders.size,
        customers: shop.customers.size,
        webhookSubscriptions: [...shop.webhookSubscriptions.values()].map((subscription) => ({
          topic: subscription.topic,
          uri: subscription.uri,
        })),
        deliveries: Object.fromEntries(
          ['pending', 'delivered', 'failed', 'dropped'].map((status) => [status, deliveries.filter((d) => d.status === status).length]),
        ),
        bucket: bucket.status(clock.now()),
        costByOperation: Object.fromEntries(costByOperation),
        generator: stream ? { running: true, placed: stream.placed } : { running: false },
        faults: { ...faults, webhooks: dispatcher.faults },
      };
    },
    async close() {
      await emulator.stopGenerator();
      detachPayments();
      await dispatcher.close();
    },
  };
  return emulator;
}
