/**
 * The hub's whole HTTP surface on loopback, as `startHub` wires it, for hostile-input tests:
 * the real server (createServer), real Shopify HMAC checks and order intake into a real
 * embedded ledger, the real Mintsoft callback parser, the BC receiver, the operator API and
 * the dashboard — twice: once without an operator token, once with one. Only what lies
 * beyond the hub (Shopify's GraphQL, BC, the warehouse's API) is faked, as in flow tests.
 */
import type { ChannelOrderRef } from '../../../src/core/domain/channel-order.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { ordersFlowSchema } from '../../../src/config/schema.ts';
import { parseOrderWebhook, signWebhookBody, verifyWebhookHmac } from '../../../src/connectors/shopify/webhooks.ts';
import { createMintsoftAdapter } from '../../../src/connectors/warehouse/mintsoft/index.ts';
import type { WarehouseEvent } from '../../../src/connectors/warehouse/port.ts';
import type { OrdersFlowDeps } from '../../../src/flows/orders/deps.ts';
import { takeInOrder } from '../../../src/flows/orders/intake.ts';
import { raiseException, receiveRecord, transitionRecord } from '../../../src/ledger/index.ts';
import { mapAuditRow } from '../../../src/ledger/map-rows.ts';
import type { AuditEntry } from '../../../src/ledger/types.ts';
import { createLocalOperations } from '../../../src/operations/local-operations.ts';
import { createServer } from '../../../src/server/create-server.ts';
import { listen, type Listening } from '../../../src/server/listen.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { embeddedBackend } from '../../support/backends.ts';
import { FakeChannel, FakeErp, RecordingQueue } from '../../support/fake-orders-world.ts';
import { send, type RawRequest, type RawResponse } from './raw-http.ts';

export const secrets = {
  shopify: 'shpss_hostile-test-webhook-secret-01',
  apiToken: 'operator-token-hostile-tests-0123456789abcdef',
  bcClientState: 'bc-client-state-hostile-tests-0123',
  warehouse: 'warehouse-callback-secret-hostile-0123',
};
export const shopDomain = 'brand.myshopify.com';
export const warehousePath = '/webhooks/warehouse';

export interface HostileHub {
  store: Store;
  open: Listening;
  token: Listening;
  /** Warehouse events handed to their flow, in order. */
  handled: WarehouseEvent[];
  /** Entity sets whose poll a BC notification woke. */
  woken: string[];
  /** Exception ids an operator can act on. */
  exceptionIds: number[];
  close(): Promise<void>;
}

export async function startHostileHub(): Promise<HostileHub> {
  const store = await embeddedBackend().open();
  const queue = new RecordingQueue();
  const deps: OrdersFlowDeps = {
    db: store.db,
    channel: new FakeChannel(),
    erp: new FakeErp(),
    queue,
    config: ordersFlowSchema.parse({}),
    clock: systemClock,
    logger: silentLogger,
  };
  const orderTopic = {
    parse: (raw: string) => {
      const ref = parseOrderWebhook(raw);
      return { businessKey: ref.id, ref };
    },
    takeIn: (ref: unknown, topic: string) => takeInOrder(deps, ref as ChannelOrderRef, `webhook:${topic}`),
  };
  const handled: WarehouseEvent[] = [];
  const woken: string[] = [];
  const adapter = createMintsoftAdapter({
    config: {
      baseUrl: 'http://127.0.0.1:9',
      clientId: 1,
      warehouseId: 1,
      requestsPerSecond: null,
      couriers: [{ shippingMethod: 'STANDARD', courierService: 'Royal Mail Tracked 48', carrier: 'Royal Mail', service: 'Tracked 48' }],
      callback: { url: `http://127.0.0.1:8080${warehousePath}`, secret: secrets.warehouse },
    },
    apiKey: 'unused-warehouse-api-key',
  });
  const operations = createLocalOperations({
    store,
    hubName: 'hostile-tests',
    clock: systemClock,
    queueCounts: async () => [],
    retriers: { orders: async () => true },
  });
  const serve = (apiToken: string | undefined) =>
    createServer({
      store,
      operations,
      apiToken,
      isReady: () => true,
      logger: silentLogger,
      // Every refusal of the corpus is itemised: the per-client budget has its own test.
      rejectionsPerMinute: 100_000,
      wrongTokenLimits: { attempts: 10, windowMs: 15 * 60_000 },
      shopifyWebhooks: {
        secrets: [secrets.shopify],
        maxBodyBytes: 256 * 1024,
        verify: verifyWebhookHmac,
        topics: { 'orders/create': orderTopic, 'orders/updated': orderTopic },
        shopDomain,
      },
      warehouseCallbacks: [
        {
          path: warehousePath,
          maxBodyBytes: 256 * 1024,
          secret: secrets.warehouse,
          parse: (request) => adapter.parseCallback(request),
          handle: async (event) => {
            handled.push(event);
            return 'applied';
          },
        },
      ],
      bcWebhooks: {
        clientState: secrets.bcClientState,
        maxBodyBytes: 1024 * 1024,
        triggers: {
          items: async () => woken.push('items'),
          salesOrders: async () => woken.push('salesOrders'),
        },
      },
    });
  const open = await listen(serve(undefined), '127.0.0.1', 0);
  const token = await listen(serve(secrets.apiToken), '127.0.0.1', 0);
  const exceptionIds: number[] = [];
  for (let index = 0; index < 100; index += 1) {
    const { record } = await receiveRecord(store.db, {
      flow: 'orders',
      sourceSystem: 'shopify',
      sourceId: `gid://shopify/Order/${9000 + index}`,
      sourceRef: `#${9000 + index}`,
      actor: 'test',
    });
    await transitionRecord(store.db, record.id, { to: 'exception', actor: 'test' });
    const exception = await raiseException(store.db, {
      recordId: record.id,
      flow: 'orders',
      code: 'unknown_sku',
      category: 'master_data',
      severity: 'error',
      owner: 'ecommerce',
      message: `Order #${9000 + index} cannot be posted: SKU X-${index} is unknown.`,
      action: 'Create the item.',
    });
    exceptionIds.push(exception.id);
  }
  return {
    store,
    open,
    token,
    handled,
    woken,
    exceptionIds,
    async close() {
      await open.close();
      await token.close();
      await store.close();
    },
  };
}

export function signShopify(body: string | Uint8Array, secret = secrets.shopify): string {
  return signWebhookBody(typeof body === 'string' ? body : Buffer.from(body), secret);
}

export async function lastAuditId(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('lb_audit')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export async function auditSince(store: Store, id: number): Promise<AuditEntry[]> {
  const rows = await store.db.selectFrom('lb_audit').selectAll().where('id', '>', id).orderBy('id').execute();
  return rows.map(mapAuditRow);
}

/** What was accepted so far: every inbox delivery (its bytes' hash) and every ledger record. */
export async function acceptedSoFar(store: Store): Promise<Map<string, string>> {
  const inbox = await store.db.selectFrom('lb_inbox').select(['id', 'source', 'event_id', 'payload_hash', 'body', 'status']).execute();
  const records = await store.db.selectFrom('lb_record').select(['id', 'source_id', 'state']).execute();
  const seen = new Map<string, string>();
  for (const row of inbox) seen.set(`inbox:${row.id}`, `${row.source}|${row.event_id}|${row.payload_hash}|${row.body.length}`);
  for (const row of records) seen.set(`record:${row.id}`, row.source_id);
  return seen;
}

export function request(hub: Listening, raw: RawRequest): Promise<RawResponse> {
  return send(hub.port, raw);
}
