/**
 * The Mintsoft adapter of the WMS port: Mintsoft's public REST API (the WMS many UK 3PLs
 * hand their clients) behind `WarehousePort`. One adapter per API key and warehouse.
 */
import { systemClock, type Clock } from '../../../core/clock.ts';
import type { ConnectorError } from '../../../core/errors.ts';
import { silentLogger, type Logger } from '../../../core/logger.ts';
import type { WarehouseCapabilities, WarehousePort } from '../port.ts';
import { createAsn, getAsn, listAsnsSince } from './asns.ts';
import { checkMintsoftHealth } from './auth.ts';
import { MintsoftClient } from './client.ts';
import { parseMintsoftConfig, type MintsoftConfig, type MintsoftConfigInput } from './config.ts';
import { statusResolverFor, type MintsoftContext } from './context.ts';
import { listOrderUpdatesSince, listShipmentsSince } from './feeds.ts';
import { mapShipment } from './map-order.ts';
import { amendOrder, cancelOrder } from './order-changes.ts';
import { createOrder, findOrder, searchOrderParts } from './orders.ts';
import { getProduct, upsertProduct } from './products.ts';
import { listReturnsSince } from './returns.ts';
import { OrderStatusBook } from './statuses.ts';
import { getStockSnapshot, listStockMovementsSince } from './stock.ts';
import type { FetchLike } from './transport.ts';
import { parseMintsoftCallback } from './webhooks.ts';

export interface MintsoftAdapterOptions {
  config: MintsoftConfigInput;
  /** A static `ms-apikey` from the 3PL, from the environment via src/config. */
  apiKey: string;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** Called once when Mintsoft rejects the key (401/403): raise the operator alert here. */
  onAuthFailed?: (error: ConnectorError) => void;
}

export interface MintsoftAdapter extends WarehousePort {
  readonly config: MintsoftConfig;
  readonly client: MintsoftClient;
  /** Reads Mintsoft's status table now (it is otherwise read on first use). */
  loadStatuses(): Promise<void>;
}

export function mintsoftCapabilities(config: MintsoftConfig): WarehouseCapabilities {
  return {
    adapter: 'mintsoft',
    cancelAfterRelease: true,
    amendAfterRelease: true,
    callbacks: { despatch: true, cancel: true, split: true, delivered: true, asn: true, stock: false, returns: false },
    splitsOrders: true,
    multiParcel: true,
    lineLevelShipments: false,
    returnAdvice: false,
    asn: true,
    stockDeltas: true,
    stockBuckets: ['onHand', 'allocated', 'available', 'quarantine'],
    maxPageSize: config.pageSize,
    requestsPerSecond: config.requestsPerSecond,
  };
}

export function createMintsoftAdapter(options: MintsoftAdapterOptions): MintsoftAdapter {
  const config = parseMintsoftConfig(options.config);
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child({ connector: 'warehouse', adapter: 'mintsoft' });
  const client = new MintsoftClient({
    config,
    apiKey: options.apiKey,
    fetch: options.fetch,
    clock,
    logger,
    random: options.random,
    onAuthFailed: options.onAuthFailed,
  });
  const statuses = new OrderStatusBook(client, config.statusOverrides, logger, () => clock.now());
  const ctx: MintsoftContext = { client, config, statuses, clock, logger, caches: { asnIds: new Map() } };

  return {
    config,
    client,
    capabilities: mintsoftCapabilities(config),
    loadStatuses: () => statuses.load(),
    async checkHealth() {
      const health = await checkMintsoftHealth(client);
      if (health.ok) await statuses.load();
      return health;
    },
    upsertProduct: (product) => upsertProduct(ctx, product),
    getProduct: (sku) => getProduct(ctx, sku),
    createOrder: (order) => createOrder(ctx, order),
    findOrderByReference: (reference) => findOrder(ctx, reference),
    async getOrderStatus(reference) {
      return (await findOrder(ctx, reference))?.status ?? null;
    },
    amendOrder: (reference, amendment) => amendOrder(ctx, reference, amendment),
    cancelOrder: (reference) => cancelOrder(ctx, reference),
    listOrderUpdatesSince: (cursor) => listOrderUpdatesSince(ctx, cursor),
    async listShipments(reference) {
      const parts = await searchOrderParts(ctx, reference);
      const resolve = await statusResolverFor(ctx, parts);
      return parts.flatMap((part) => mapShipment(part, resolve, config) ?? []).sort((a, b) => a.partNumber - b.partNumber);
    },
    listShipmentsSince: (cursor) => listShipmentsSince(ctx, cursor),
    getStockSnapshot: (snapshotOptions) => getStockSnapshot(ctx, snapshotOptions),
    listStockMovementsSince: (cursor) => listStockMovementsSince(ctx, cursor),
    createAsn: (asn) => createAsn(ctx, asn),
    getAsn: (reference) => getAsn(ctx, reference),
    listAsnsSince: (cursor) => listAsnsSince(ctx, cursor),
    listReturnsSince: (cursor) => listReturnsSince(ctx, cursor),
    parseCallback: (request) => parseMintsoftCallback(request, { config, statuses, now: () => clock.now() }),
  };
}

export { MintsoftClient } from './client.ts';
export {
  mintsoftConfigSchema,
  parseMintsoftConfig,
  defaultMovementReasons,
  defaultReturnReasons,
  type MintsoftConfig,
  type MintsoftConfigInput,
} from './config.ts';
export { endpoints as mintsoftEndpoints, type Endpoint as MintsoftEndpoint, type Safety } from './endpoints.ts';
export { hubStatusByMintsoftName, confirmedStatusIds } from './statuses.ts';
export { callbackUrl, orderConnectAction, type CallbackKind } from './webhooks.ts';
export type { FetchLike } from './transport.ts';
