/**
 * The warehouse connection: the WMS port built from the `warehouse` section (the adapter is
 * configuration), and the callback receiver's handler, which hands each event to the flow
 * module that takes it. Each connection with a warehouse has its own port, callback path and
 * handler (decision 0029). The six warehouse flows are modules in their own folders; without a
 * `warehouse` section none of them is defined and the hub works without a warehouse.
 */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import {
  createWarehousePort,
  type CallbackParseResult,
  type CallbackRequest,
  type WarehouseEvent,
  type WarehousePort,
} from '../connectors/warehouse/index.ts';
import type { WarehouseEventHandlers } from '../flows/shared/flow-module.ts';
import { raiseException } from '../ledger/index.ts';
import { connectionEnvSuffix } from '../config/connections.ts';
import { connectionOf, DEFAULT_CONNECTION_ID } from '../store/connection-scope.ts';
import type { Executor } from '../store/open-store.ts';

export interface WarehouseOptions {
  logger: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
}

/** What the HTTP server mounts for the warehouse's callbacks. */
export interface WarehouseCallbacks {
  path: string;
  parse(request: CallbackRequest): CallbackParseResult;
  handle(event: WarehouseEvent): Promise<string>;
}

/** The address the warehouse calls back on, when the hub has a public one and a secret. */
function callbackOf(loaded: LoadedConfig): { url: string; secret: string } | undefined {
  const { config, secrets } = loaded;
  const base =
    config.warehouse?.callback.publicUrl ??
    (config.server.publicUrl ? `${config.server.publicUrl.replace(/\/+$/, '')}${config.warehouse?.callback.path ?? ''}` : undefined);
  return base && secrets.warehouseCallbackSecret ? { url: base, secret: secrets.warehouseCallbackSecret } : undefined;
}

/** A connection's own variable for a warehouse secret: WAREHOUSE_API_KEY, or WAREHOUSE_API_KEY_EU for connection eu. */
function variableOf(name: string, connection: string): string {
  return connection === DEFAULT_CONNECTION_ID ? name : `${name}_${connectionEnvSuffix(connection)} (or ${name})`;
}

/** The connection's warehouse port; `db` is the connection's store handle (its exceptions carry the connection). */
export function buildWarehousePort(loaded: LoadedConfig, db: Executor, options: WarehouseOptions): WarehousePort | undefined {
  const warehouse = loaded.config.warehouse;
  if (!warehouse) return undefined;
  const connection = connectionOf(db);
  const logger = connection === DEFAULT_CONNECTION_ID ? options.logger : options.logger.child({ connection });
  const callback = callbackOf(loaded);
  if (!callback)
    logger.warn(
      `warehouse callbacks are off (no public URL or no ${variableOf('WAREHOUSE_CALLBACK_SECRET', connection)}): the warehouse is polled only`,
    );
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
    logger,
    onAuthFailed: (error) =>
      void raiseException(db, {
        flow: 'warehouse',
        code: 'warehouse_auth_failed',
        category: 'upstream',
        severity: 'critical',
        owner: 'integration',
        message: `The warehouse refused the hub's API key: ${error.message}`,
        action: `Ask the 3PL for a static API key (Mintsoft keys expire after 24 hours unless made static), set ${variableOf('WAREHOUSE_API_KEY', connection)} and restart the hub.`,
        evidence: error.toJSON(),
        fingerprint: 'warehouse:auth_failed',
      }).catch((failure: unknown) => logger.error({ err: failure }, 'could not record the warehouse auth failure')),
  });
}

/** A warehouse event's handler, with whether its flow is on. */
export type WarehouseEventRoutes = Partial<
  Record<WarehouseEvent['type'], { enabled: boolean; handle(event: WarehouseEvent): Promise<string> }>
>;

/** Adds a module's event handlers to the routes; two flows taking one event type is a wiring mistake. */
export function addWarehouseEventRoutes(routes: WarehouseEventRoutes, handlers: WarehouseEventHandlers, enabled: boolean): void {
  for (const [type, handle] of Object.entries(handlers) as [WarehouseEvent['type'], (event: WarehouseEvent) => Promise<string>][]) {
    if (routes[type]) throw new Error(`two flows take the warehouse event ${type}`);
    routes[type] = { enabled, handle };
  }
}

/**
 * Each callback event to the flow that takes it: a disabled flow's events are only kept in the
 * inbox, and an event no flow takes (a delivery) is noted.
 */
export function warehouseCallbacksOf(port: WarehousePort, path: string, routes: WarehouseEventRoutes): WarehouseCallbacks {
  return {
    path,
    parse: (request) => port.parseCallback(request),
    async handle(event) {
      const route = routes[event.type];
      if (!route) return 'noted';
      return route.enabled ? route.handle(event) : 'flow-disabled';
    },
  };
}
