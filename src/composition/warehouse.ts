/**
 * The warehouse's wiring: the WMS port built from the `warehouse` section (the adapter is
 * configuration), the six warehouse flows with their jobs, the callback receiver's handler,
 * how the operator retries their records, and their monitoring figures. Without a
 * `warehouse` section nothing here runs and the hub works without a warehouse.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { BcConnector, DegradableBcConnector } from '../connectors/bc/index.ts';
import {
  createWarehousePort,
  type CallbackParseResult,
  type CallbackRequest,
  type WarehouseEvent,
  type WarehousePort,
} from '../connectors/warehouse/index.ts';
import { ITEMS_FLOW, itemsJobs, type ItemsFlowDeps } from '../flows/items/deps.ts';
import { defineItemsJobs } from '../flows/items/jobs.ts';
import type { ErpWarehouseItem, ItemsErp } from '../flows/items/ports.ts';
import { RECEIPTS_FLOW, receiptsJobs, type ReceiptsFlowDeps } from '../flows/receipts/deps.ts';
import { takeInAsn } from '../flows/receipts/intake.ts';
import { defineReceiptsJobs } from '../flows/receipts/jobs.ts';
import { RELEASE_FLOW, releaseJobs, type ReleaseFlowDeps } from '../flows/release/deps.ts';
import { defineReleaseJobs } from '../flows/release/jobs.ts';
import type { ErpSalesOrderHeader, ReleaseErp } from '../flows/release/ports.ts';
import { releaseMonitors } from '../flows/release/watch.ts';
import { applyWarehouseSplit, applyWarehouseStatus } from '../flows/release/warehouse-status.ts';
import { RETURNS_FLOW, returnsJobs, type ReturnsFlowDeps } from '../flows/returns/deps.ts';
import { takeInReturn } from '../flows/returns/intake.ts';
import { defineReturnsJobs } from '../flows/returns/jobs.ts';
import { SHIPMENTS_FLOW, type ShipmentsFlowDeps } from '../flows/shipments/deps.ts';
import { queueShipments, takeInShipment } from '../flows/shipments/intake.ts';
import { defineShipmentsJobs } from '../flows/shipments/jobs.ts';
import { shipmentsMonitors } from '../flows/shipments/monitors.ts';
import { retryPolicyOf } from '../flows/shared/warehouse-records.ts';
import { STOCK_FLOW, stockJobs, type StockFlowDeps } from '../flows/stock-movements/deps.ts';
import { takeInMovement } from '../flows/stock-movements/intake.ts';
import { defineStockJobs } from '../flows/stock-movements/jobs.ts';
import { stockMonitors } from '../flows/stock-movements/reconcile.ts';
import { getRecord, raiseException } from '../ledger/index.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import { OperatorRefusal } from '../operations/refusal.ts';
import type { MonitorFigure } from '../operations/types.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Executor, Store } from '../store/open-store.ts';
import type { Connectors } from './connectors.ts';

export interface WarehouseOptions {
  logger: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
}

export interface WarehouseFlows {
  port: WarehousePort;
  items: ItemsFlowDeps;
  release: ReleaseFlowDeps;
  shipments: ShipmentsFlowDeps;
  stock: StockFlowDeps;
  returns: ReturnsFlowDeps;
  receipts: ReceiptsFlowDeps;
  /** What the HTTP server mounts for the warehouse's callbacks. */
  callbacks: { path: string; parse(request: CallbackRequest): CallbackParseResult; handle(event: WarehouseEvent): Promise<string> };
}

/** The address the warehouse calls back on, when the hub has a public one and a secret. */
function callbackOf(loaded: LoadedConfig): { url: string; secret: string } | undefined {
  const { config, secrets } = loaded;
  const base =
    config.warehouse?.callback.publicUrl ??
    (config.server.publicUrl ? `${config.server.publicUrl.replace(/\/+$/, '')}${config.warehouse?.callback.path ?? ''}` : undefined);
  return base && secrets.warehouseCallbackSecret ? { url: base, secret: secrets.warehouseCallbackSecret } : undefined;
}

export function buildWarehousePort(loaded: LoadedConfig, db: Executor, options: WarehouseOptions): WarehousePort | undefined {
  const warehouse = loaded.config.warehouse;
  if (!warehouse) return undefined;
  const callback = callbackOf(loaded);
  if (!callback)
    options.logger.warn('warehouse callbacks are off (no public URL or no WAREHOUSE_CALLBACK_SECRET): the warehouse is polled only');
  return createWarehousePort({
    connection: {
      adapter: warehouse.adapter,
      apiKey: loaded.secrets.warehouseApiKey ?? '',
      config: {
        ...warehouse.adapterOptions,
        baseUrl: warehouse.baseUrl,
        ...(warehouse.clientId === undefined ? {} : { clientId: warehouse.clientId }),
        warehouseId: warehouse.warehouseId,
        warehouseCode: warehouse.locationCode,
        couriers: warehouse.couriers,
        defaultCourierService: warehouse.defaultCourierService,
        requestTimeoutMs: warehouse.requestTimeoutSeconds * 1000,
        requestsPerSecond: warehouse.requestsPerSecond,
        ...(callback ? { callback } : {}),
      },
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    clock: options.clock ?? systemClock,
    logger: options.logger,
    onAuthFailed: (error) =>
      void raiseException(db, {
        flow: 'warehouse',
        code: 'warehouse_auth_failed',
        category: 'upstream',
        severity: 'critical',
        owner: 'integration',
        message: `The warehouse refused the hub's API key: ${error.message}`,
        action:
          'Ask the 3PL for a static API key (Mintsoft keys expire after 24 hours unless made static), set WAREHOUSE_API_KEY and restart the hub.',
        evidence: error.toJSON(),
        fingerprint: 'warehouse:auth_failed',
      }).catch((failure: unknown) => options.logger.error({ err: failure }, 'could not record the warehouse auth failure')),
  });
}

/** BC items as the items flow reads them. BC's API v2.0 gives no weight or customs data: those stay null. */
function itemsErp(bc: BcConnector): ItemsErp {
  type Wire = { number: string; displayName: string; gtin: string; blocked: boolean; type: string; lastModifiedDateTime: string };
  return {
    async *listItemsChangedSince(since) {
      for await (const wire of bc.iterateModifiedSince<Wire>('items', since, {
        select: ['id', 'number', 'displayName', 'gtin', 'blocked', 'type', 'lastModifiedDateTime'],
      })) {
        yield {
          number: wire.number,
          displayName: wire.displayName ?? '',
          gtin: wire.gtin || null,
          blocked: wire.blocked === true,
          type: wire.type ?? '',
          weightKg: null,
          hsCode: null,
          countryOfOrigin: null,
          lastModifiedDateTime: wire.lastModifiedDateTime,
        } satisfies ErpWarehouseItem;
      }
    },
  };
}

const headerSelect = [
  'id',
  'number',
  'externalDocumentNumber',
  'customerNumber',
  'status',
  'currencyCode',
  'email',
  'phoneNumber',
  'shipToName',
  'shipToContact',
  'shipToAddressLine1',
  'shipToAddressLine2',
  'shipToCity',
  'shipToState',
  'shipToPostCode',
  'shipToCountry',
  'shipmentMethodId',
  'lastModifiedDateTime',
];

/** BC for the release flow: the connector, plus sales order headers with their ship-to, read by the modification poll. */
function releaseErp(bc: BcConnector, features: DegradableBcConnector): ReleaseErp {
  type Wire = Record<string, string | undefined> & { lastModifiedDateTime: string };
  return {
    getSalesOrder: (id, options) => bc.getSalesOrder(id, options),
    listLocations: () => bc.listLocations(),
    findItemByNumber: (number) => bc.findItemByNumber(number),
    ...(features.releaseSalesOrder ? { releaseSalesOrder: (id: string) => bc.releaseSalesOrder(id) } : {}),
    async *listSalesOrdersChangedSince(since) {
      const methods = new Map((await bc.listShipmentMethods()).map((method) => [method.id, method.code]));
      const text = (value: string | undefined) => (value && value.trim() !== '' ? value : null);
      for await (const wire of bc.iterateModifiedSince<Wire>('salesOrders', since, { select: headerSelect })) {
        yield {
          id: wire.id ?? '',
          number: wire.number ?? '',
          externalDocumentNumber: wire.externalDocumentNumber ?? '',
          customerNumber: wire.customerNumber ?? '',
          status: wire.status ?? '',
          currencyCode: wire.currencyCode ?? '',
          email: text(wire.email),
          phone: text(wire.phoneNumber),
          shipTo: {
            name: text(wire.shipToName),
            contact: text(wire.shipToContact),
            address1: text(wire.shipToAddressLine1),
            address2: text(wire.shipToAddressLine2),
            city: text(wire.shipToCity),
            state: text(wire.shipToState),
            postCode: text(wire.shipToPostCode),
            country: text(wire.shipToCountry),
          },
          shipmentMethodCode: methods.get(wire.shipmentMethodId ?? '') ?? null,
          lastModifiedDateTime: wire.lastModifiedDateTime,
        } satisfies ErpSalesOrderHeader;
      }
    },
  };
}

export function defineWarehouseFlows(
  store: Store,
  queue: JobQueue,
  loaded: LoadedConfig,
  connectors: Connectors,
  options: WarehouseOptions,
): WarehouseFlows | undefined {
  const { config } = loaded;
  const port = buildWarehousePort(loaded, store.db, options);
  if (!port || !config.warehouse) return undefined;
  const warehouse = config.warehouse;
  const flows = config.flows;
  const clock = options.clock ?? systemClock;
  const bc = connectors.bc.withLane('warehouse');
  const retry = retryPolicyOf(warehouse.retry);
  const retryOpenCron = flows.orders.retryOpenExceptionsCron;
  const base = { db: store.db, queue, retry, clock };
  const logger = (flow: string) => options.logger.child({ flow });
  const locationCode = warehouse.locationCode;

  const shipments: ShipmentsFlowDeps = {
    ...base,
    erp: bc,
    channel: connectors.shopify,
    warehouse: port,
    config: flows.shipments,
    orders: flows.orders,
    locationCode,
    logger: logger(SHIPMENTS_FLOW),
  };
  const wired: WarehouseFlows = {
    port,
    items: { ...base, erp: itemsErp(bc), warehouse: port, config: flows.items, logger: logger(ITEMS_FLOW) },
    release: {
      ...base,
      erp: releaseErp(bc, connectors.bcFeatures),
      warehouse: port,
      config: flows.release,
      orders: flows.orders,
      locationCode,
      logger: logger(RELEASE_FLOW),
      afterRelease: (reference) => queueShipments(shipments, reference),
    },
    shipments,
    stock: {
      ...base,
      erp: bc,
      warehouse: port,
      config: flows.stockMovements,
      reconciliation: flows.stockReconciliation,
      locationCode,
      warehouseName: warehouse.name,
      logger: logger(STOCK_FLOW),
    },
    returns: {
      ...base,
      erp: bc,
      warehouse: port,
      config: flows.returns,
      locationCode,
      localCurrency: flows.release.localCurrency,
      logger: logger(RETURNS_FLOW),
    },
    receipts: { ...base, erp: bc, warehouse: port, config: flows.receipts, locationCode, logger: logger(RECEIPTS_FLOW) },
    callbacks: {
      path: warehouse.callback.path,
      parse: (request) => port.parseCallback(request),
      handle: (event) => handleWarehouseEvent(wired, loaded, event),
    },
  };
  if (flows.items.enabled) defineItemsJobs(queue, wired.items, retryOpenCron);
  if (flows.release.enabled) defineReleaseJobs(queue, wired.release, port, retryOpenCron);
  if (flows.shipments.enabled) defineShipmentsJobs(queue, shipments, retryOpenCron);
  defineStockJobs(queue, wired.stock, {
    movements: flows.stockMovements.enabled,
    reconciliation: flows.stockReconciliation.enabled,
    retryOpenCron,
  });
  if (flows.returns.enabled) defineReturnsJobs(queue, wired.returns, retryOpenCron);
  if (flows.receipts.enabled) defineReceiptsJobs(queue, wired.receipts, retryOpenCron);
  return wired;
}

/** Each callback event to the flow it belongs to (a disabled flow's events are only kept in the inbox). */
export async function handleWarehouseEvent(flows: WarehouseFlows, loaded: LoadedConfig, event: WarehouseEvent): Promise<string> {
  const enabled = loaded.config.flows;
  const actor = 'warehouse-callback';
  switch (event.type) {
    case 'shipment.despatched':
      return enabled.shipments.enabled ? takeInShipment(flows.shipments, event.shipment, actor) : 'flow-disabled';
    case 'order.status_changed':
      return enabled.release.enabled ? applyWarehouseStatus(flows.release, event) : 'flow-disabled';
    case 'order.split':
      return enabled.release.enabled ? applyWarehouseSplit(flows.release, event) : 'flow-disabled';
    case 'shipment.delivered':
      return 'noted';
    case 'asn.updated':
      return enabled.receipts.enabled ? takeInAsn(flows.receipts, event.asn, actor) : 'flow-disabled';
    case 'stock.moved':
      return enabled.stockMovements.enabled ? takeInMovement(flows.stock, event.movement, actor) : 'flow-disabled';
    case 'return.updated':
      return enabled.returns.enabled ? takeInReturn(flows.returns, event.return, actor) : 'flow-disabled';
  }
}

/** How the operator's `exceptions retry` puts a warehouse flow's record back in its queue. */
export function warehouseRecordRetriers(store: Store, queue: JobQueue): Record<string, RecordRetrier> {
  const byRecord =
    (job: string): RecordRetrier =>
    async (recordId, { overrides }) => {
      if (overrides)
        throw new OperatorRefusal('invalid_request', 'warehouse flows take no overrides; fix the data in BC or at the warehouse and retry');
      return (await queue.enqueue(job, { recordId }, { key: String(recordId) })) !== null;
    };
  return {
    [ITEMS_FLOW]: byRecord(itemsJobs.sync),
    [RELEASE_FLOW]: byRecord(releaseJobs.send),
    [RETURNS_FLOW]: byRecord(returnsJobs.credit),
    [RECEIPTS_FLOW]: byRecord(receiptsJobs.sync),
    [STOCK_FLOW]: async () => (await queue.enqueue(stockJobs.book, {}, { key: 'journal' })) !== null,
    [SHIPMENTS_FLOW]: async (recordId) => {
      const record = await getRecord(store.db, recordId);
      if (!record?.sourceRef) throw new Error(`shipment record ${recordId} names no warehouse order`);
      await queueShipments({ queue }, record.sourceRef);
      return true;
    },
  };
}

/** The warehouse's monitoring figures for `ledgerbridge status` and /status; none without a warehouse. */
export function warehouseMonitors(db: Executor, loaded: LoadedConfig, clock: Clock = systemClock): (() => Promise<MonitorFigure[]>)[] {
  if (!loaded.config.warehouse) return [];
  return [
    () => releaseMonitors(db, clock.now(), loaded.config.flows.release.ackTimeoutMinutes),
    () => shipmentsMonitors(db, clock.now()),
    () => stockMonitors(db, clock.now()),
  ];
}
