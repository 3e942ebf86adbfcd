/**
 * The Mintsoft adapter of the WMS port: Mintsoft's public REST API (the WMS many UK 3PLs
 * hand their clients) behind `WarehousePort`. One adapter per API key and warehouse.
 */
import { systemClock, type Clock } from '../../../core/clock.js';
import type { ConnectorError } from '../../../core/errors.js';
import { silentLogger, type Logger } from '../../../core/logger.js';
import type { WarehouseCapabilities, WarehousePort } from '../port.js';
import { createAsn, getAsn, listAsnsSince } from './asns.js';
import { checkMintsoftHealth } from './auth.js';
import { MintsoftClient } from './client.js';
import { parseMintsoftConfig, type MintsoftConfig, type MintsoftConfigInput } from './config.js';
import { statusResolverFor, type MintsoftContext } from './context.js';
import { listOrderUpdatesSince, listShipmentsSince } from './feeds.js';
import { mapShipment } from './map-order.js';
import { amendOrder, cancelOrder } from './order-changes.js';
import { createOrder, findOrder, searchOrderParts } from './orders.js';
import { getProduct, upsertProduct } from './products.js';
import { listReturnsSince } from './returns.js';
import { OrderStatusBook } from './statuses.js';
import { getStockSnapshot, listStockMovementsSince } from './stock.js';
import type { FetchLike } from './transport.js';
import { parseMintsoftCallback } from './webhooks.js';

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
  const client = new MintsoftClient({ config, apiKey: options.apiKey, fetch: options.fetch, clock, logger, random: options.random, onAuthFailed: options.onAuthFailed });
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

export { MintsoftClient } from './client.js';
export { mintsoftConfigSchema, parseMintsoftConfig, defaultMovementReasons, defaultReturnReasons, type MintsoftConfig, type MintsoftConfigInput } from './config.js';
export { endpoints as mintsoftEndpoints, type Endpoint as MintsoftEndpoint, type Safety } from './endpoints.js';
export { hubStatusByMintsoftName, confirmedStatusIds } from './statuses.js';
export { callbackUrl, orderConnectAction, type CallbackKind } from './webhooks.js';
export type { FetchLike } from './transport.js';
