/**
 * The sandbox: the Shopify and Business Central emulators on loopback, the hub wired to them
 * through the same connectors that talk to the real services, and a generator placing a
 * steady stream of realistic orders. Another composition root, beside src/app.ts.
 */
import { rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { startBcEmulator, type RunningBcEmulator } from '../../emulators/bc/index.ts';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../emulators/shopify/index.ts';
import {
  sandboxFloor,
  startWarehouseEmulator,
  type FloorSettings,
  type RunningWarehouseEmulator,
} from '../../emulators/warehouse/index.ts';
import { startHub, type Hub } from '../app.ts';
import { startStockEvents } from './stock-events.ts';
import { SECOND_WAREHOUSE, secondWarehouseOf, startSecondWarehouse } from './second-warehouse.ts';
import { readEnv, setEnvDefaults } from '../config/env.ts';
import { loadConfigFile, type ConnectionConfig, type LoadedConfig } from '../config/load-config.ts';
import type { Logger } from '../core/logger.ts';

/** Known secrets of the emulators; a real installation sets its own in the environment. */
export const sandboxSecrets = {
  SHOPIFY_ACCESS_TOKEN: 'shpat_ledgerbridge_sandbox',
  SHOPIFY_WEBHOOK_SECRETS: 'ledgerbridge-sandbox-app-secret',
  BC_CLIENT_SECRET: 'ledgerbridge-sandbox-bc-secret',
  WAREHOUSE_API_KEY: 'scend-sandbox-ms-apikey',
  WAREHOUSE_CALLBACK_SECRET: 'ledgerbridge-sandbox-warehouse-callbacks',
  BC_WEBHOOK_CLIENT_STATE: 'ledgerbridge-sandbox-bc-client-state',
};

/**
 * Scend's floor in the sandbox: the emulator's busy sandbox floor (splits, multi-parcel
 * despatches, write-offs, returns, ASN variances), paced so an order placed in Shopify is
 * despatched about half a minute after it reaches Scend.
 */
export const sandboxScendFloor: Partial<FloorSettings> = {
  ...sandboxFloor,
  pickAfterMs: 10_000,
  despatchAfterMs: 20_000,
  inspectReturnsAfterMs: 3 * 60_000,
  asnArriveAfterMs: 2 * 60_000,
  asnBookInAfterMs: 4 * 60_000,
};

export interface SandboxOptions {
  configPath: string;
  logger: Logger;
  /** 0 places no orders (tests place their own). */
  ordersPerMinute: number;
  /** Keep the ledger of an earlier run (the emulators always start empty). */
  keepData?: boolean;
  /** Ports override the configuration; 0 picks free ones (tests). */
  ports?: { hub?: number; shopify?: number; bc?: number; warehouse?: number };
  /** Scend's floor; default `sandboxScendFloor` (tests pass `{ auto: false }` and drive it themselves). */
  warehouseFloor?: Partial<FloorSettings>;
  /** Seed for the generator, for reproducible runs. */
  seed?: number;
  /** Queue polling interval for the hub. */
  pollingIntervalSeconds?: number;
  /**
   * Shopify stores (default 1). With 2, a second emulated shop trading in euros runs beside
   * the first, as a second connection (`eu`, prefix EU-) into the same BC company (decision 0026).
   */
  shops?: number;
  /** With two shops: the euro shop posts into a BC company of its own (a second BC emulator, LCY EUR) instead of the first's. */
  secondCompany?: boolean;
  /**
   * Warehouses (default 1). With 2 (and two shops), the euro shop ships through a warehouse of its
   * own, a second warehouse emulator, and posts into its own company (decision 0029).
   */
  warehouses?: number;
}

export interface Sandbox {
  hub: Hub;
  /** The first shop (the `default` connection). */
  shopify: RunningShopifyEmulator;
  /** Every shop, the first one first; the second is the `eu` connection's. */
  shops: RunningShopifyEmulator[];
  bc: RunningBcEmulator;
  /** The euro shop's own BC company, with `secondCompany`. */
  secondBc?: RunningBcEmulator;
  /** The warehouse emulator, run as "Scend"; absent when the configuration has no warehouse. */
  warehouse?: RunningWarehouseEmulator;
  /** The euro shop's own warehouse ("Berlin 3PL"), with `warehouses: 2`. */
  secondWarehouse?: RunningWarehouseEmulator;
  loaded: LoadedConfig;
  /** The OData URL listing the BC emulator's sales orders. */
  salesOrdersUrl: string;
  stop(): Promise<void>;
}

/** A free loopback port, for a hub whose callback address must be known before it listens. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Scend holds what BC books at its location: the warehouse emulator seeds the whole catalogue
 * while BC's opening balances put part of it in the London shop, so each SKU's opening stock
 * at Scend is set to BC's quantity at the warehouse location before anything runs; the
 * reconciliation then starts level.
 */
export function levelOpeningStock(scend: RunningWarehouseEmulator, bc: RunningBcEmulator, locationCode: string): void {
  const atWarehouse = new Map<string, number>();
  for (const entry of bc.emulator.rows('itemLedgerEntries')) {
    if (entry._locationCode !== locationCode || entry._variantCode) continue;
    const sku = String(entry.itemNumber);
    atWarehouse.set(sku, (atWarehouse.get(sku) ?? 0) + Number(entry.quantity));
  }
  const { state } = scend.emulator;
  for (const product of state.products.values()) state.stockOf(product.id).onHand = Math.max(0, atWarehouse.get(product.sku) ?? 0);
}

function portOf(url: string | undefined, fallback: number): number {
  if (!url) return fallback;
  const parsed = new URL(url);
  return parsed.port ? Number(parsed.port) : fallback;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  setEnvDefaults(sandboxSecrets);
  const env = readEnv();
  const loaded = loadConfigFile(options.configPath, env);
  const { config } = loaded;
  const twoWarehouses = (options.warehouses ?? 1) > 1;
  if (twoWarehouses && ((options.shops ?? 1) < 2 || !config.warehouse))
    throw new Error('two warehouses need two shops (--shops 2) and a warehouse in the configuration');
  if (config.store.backend === 'embedded' && !options.keepData) rmSync(loaded.dataDir, { recursive: true, force: true });

  const bc = await startBcEmulator({
    host: '127.0.0.1',
    port: options.ports?.bc ?? portOf(config.bc.baseUrl, 4102),
    tenantId: config.bc.tenantId,
    environment: config.bc.environment,
    clientId: config.bc.clientId,
    clientSecret: loaded.secrets.bcClientSecret!,
    ...('name' in config.bc.company ? { companyName: config.bc.company.name } : { companyId: config.bc.company.id }),
  });
  let shopify: RunningShopifyEmulator | undefined;
  let second: RunningShopifyEmulator | undefined;
  let secondBc: RunningBcEmulator | undefined;
  let warehouse: RunningWarehouseEmulator | undefined;
  let secondWarehouse: RunningWarehouseEmulator | undefined;
  try {
    shopify = await startShopifyEmulator({
      host: '127.0.0.1',
      port: options.ports?.shopify ?? portOf(config.shopify.adminUrl, 4101),
      shopDomain: config.shopify.shopDomain,
      accessToken: loaded.secrets.shopifyAccessToken!,
      appSecret: loaded.secrets.shopifyWebhookSecrets[0]!,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    if ((options.shops ?? 1) > 1)
      second = await startShopifyEmulator({
        host: '127.0.0.1',
        port: 0,
        shopDomain: SECOND_SHOP.shopDomain,
        currency: SECOND_SHOP.currency,
        firstId: SECOND_SHOP.firstId,
        accessToken: loaded.secrets.shopifyAccessToken!,
        appSecret: loaded.secrets.shopifyWebhookSecrets[0]!,
        ...(options.seed === undefined ? {} : { seed: options.seed + 1 }),
      });
    // Two warehouses are never taken into one company: the euro shop's then has its own.
    if (second && (options.secondCompany || twoWarehouses))
      secondBc = await startBcEmulator({
        host: '127.0.0.1',
        port: 0,
        tenantId: config.bc.tenantId,
        environment: config.bc.environment,
        clientId: config.bc.clientId,
        clientSecret: loaded.secrets.bcClientSecret!,
        companyName: SECOND_SHOP.companyName,
        companyId: SECOND_SHOP.companyId,
        localCurrency: SECOND_SHOP.currency,
      });
    if (config.warehouse) {
      warehouse = await startWarehouseEmulator({
        host: '127.0.0.1',
        // Tests that take free ports for the hub take one for Scend too.
        port: options.ports?.warehouse ?? (options.ports?.hub === 0 ? 0 : portOf(config.warehouse.baseUrl, 4103)),
        apiKey: loaded.secrets.warehouseApiKey!,
        ...(config.warehouse.clientId === undefined ? {} : { clientId: config.warehouse.clientId }),
        warehouseId: config.warehouse.warehouseId,
        warehouseName: `${config.warehouse.name} Warehouse`,
        floor: options.warehouseFloor ?? sandboxScendFloor,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
      levelOpeningStock(warehouse, bc, config.warehouse.locationCode);
      if (twoWarehouses && secondBc)
        secondWarehouse = await startSecondWarehouse({
          like: config.warehouse,
          bc: secondBc,
          floor: options.warehouseFloor ?? sandboxScendFloor,
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          level: levelOpeningStock,
        });
    }
    // The hub talks to wherever the emulators really listen (port 0 in tests). The hub's own
    // address must be known before it starts: Shopify, BC and Scend call it back.
    const hubPort = options.ports?.hub === 0 ? await freePort() : (options.ports?.hub ?? config.server.port);
    const publicUrl = options.ports?.hub === 0 ? `http://127.0.0.1:${hubPort}` : config.server.publicUrl;
    const first: LoadedConfig['config'] = {
      ...config,
      server: { ...config.server, port: hubPort, publicUrl },
      shopify: { ...config.shopify, adminUrl: shopify.url },
      bc: { ...config.bc, baseUrl: bc.url, authorityHost: bc.url, ...(second ? { localCurrency: bc.localCurrency } : {}) },
      ...(config.warehouse && warehouse
        ? { warehouse: { ...config.warehouse, baseUrl: warehouse.url, callback: { path: config.warehouse.callback.path } } }
        : {}),
    };
    const wired: LoadedConfig = {
      ...loaded,
      config: first,
      ...(second ? { connections: twoShops(loaded, first, second, secondBc, secondWarehouse) } : {}),
    };
    const hub = await startHub({
      loaded: wired,
      logger: options.logger,
      ...(options.pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
    });
    if (options.ordersPerMinute > 0) shopify.startGenerator({ ratePerMinute: options.ordersPerMinute, payoutEveryMinutes: 5 });
    // Sales in BC from another channel and warehouse write-offs, for the inventory fast path.
    const stockEvents =
      options.ordersPerMinute > 0 && config.flows.inventory.enabled
        ? startStockEvents({ bc, ...(warehouse ? { warehouse } : {}), everyMs: 45_000, logger: options.logger })
        : undefined;
    const salesOrdersUrl = `${bc.url}/v2.0/${bc.tenantId}/${bc.environment}/api/v2.0/companies(${bc.companyId})/salesOrders`;
    const running = shopify;
    const other = second;
    const otherBc = secondBc;
    const scend = warehouse;
    const berlin = secondWarehouse;
    if (other && options.ordersPerMinute > 0) other.startGenerator({ ratePerMinute: options.ordersPerMinute, payoutEveryMinutes: 5 });
    return {
      hub,
      shopify: running,
      shops: other ? [running, other] : [running],
      ...(otherBc ? { secondBc: otherBc } : {}),
      bc,
      ...(scend ? { warehouse: scend } : {}),
      ...(berlin ? { secondWarehouse: berlin } : {}),
      loaded: wired,
      salesOrdersUrl,
      async stop() {
        stockEvents?.stop();
        await running.stopGenerator();
        await other?.stopGenerator();
        await hub.stop();
        await scend?.close();
        await berlin?.close();
        await other?.close();
        await running.close();
        await otherBc?.close();
        await bc.close();
      },
    };
  } catch (error) {
    await warehouse?.close();
    await secondWarehouse?.close();
    await second?.close();
    await shopify?.close();
    await secondBc?.close();
    await bc.close();
    throw error;
  }
}

/** The sandbox's second shop: euros, into the same BC company as the first. */
export const SECOND_SHOP = {
  id: 'eu',
  shopDomain: 'ledgerbridge-sandbox-eu.myshopify.com',
  currency: 'EUR',
  referencePrefix: 'EU-',
  refundPrefix: 'EUR-',
  /** Its own journal batches: a batch is posted whole, so two shops in one company never share one. */
  payoutsBatch: 'SHOPIFY-EU',
  cashBatch: 'SHOP-EU-CR',
  /** Shopify's ids are unique across shops: the second shop's start elsewhere. */
  firstId: 9_100_000_000_000_000_001n,
  /** Its own company, when the sandbox runs one (`secondCompany`). */
  companyName: 'LedgerBridge Sandbox GmbH',
  companyId: '5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5',
};

/**
 * The two connections of `--shops 2`: the sandbox's own (`default`, with the warehouse) and the
 * euro shop's, which posts with its own reference prefix and ships through no warehouse, or
 * through its own with `--warehouses 2`.
 */
function twoShops(
  loaded: LoadedConfig,
  first: LoadedConfig['config'],
  second: RunningShopifyEmulator,
  ownBc?: RunningBcEmulator,
  ownWarehouse?: RunningWarehouseEmulator,
): ConnectionConfig[] {
  const { warehouse: _none, ...withoutWarehouse } = first;
  const own = ownWarehouse && first.warehouse ? secondWarehouseOf(first.warehouse, ownWarehouse, loaded.secrets) : undefined;
  const eu: LoadedConfig['config'] = {
    ...withoutWarehouse,
    ...(own ? { warehouse: own.warehouse } : {}),
    shopify: { ...first.shopify, shopDomain: second.shopDomain, adminUrl: second.url },
    ...(ownBc
      ? {
          bc: {
            ...first.bc,
            baseUrl: ownBc.url,
            authorityHost: ownBc.url,
            company: { name: ownBc.companyName },
            localCurrency: ownBc.localCurrency,
          },
        }
      : {}),
    flows: {
      ...first.flows,
      orders: {
        ...first.flows.orders,
        referencePrefix: SECOND_SHOP.referencePrefix,
        // The euro shop ships inside the EU, from no UK warehouse: no customs data to ask for.
        readyToFulfil: { ...first.flows.orders.readyToFulfil, customs: { ...first.flows.orders.readyToFulfil.customs, enabled: false } },
      },
      refunds: { ...first.flows.refunds, referencePrefix: SECOND_SHOP.refundPrefix },
      payouts: { ...first.flows.payouts, journalBatch: SECOND_SHOP.payoutsBatch },
      cashApplication: { ...first.flows.cashApplication, journalBatch: SECOND_SHOP.cashBatch },
    },
  };
  return [
    { id: 'default', config: first, secrets: loaded.secrets },
    { id: SECOND_SHOP.id, config: eu, secrets: own?.secrets ?? loaded.secrets },
  ];
}

/** What the terminal shows once the sandbox runs: where to look and what to try. */
export function describeSandbox(sandbox: Sandbox, ordersPerMinute: number): string {
  const { bc } = sandbox;
  const tokenUrl = `${bc.url}/${bc.tenantId}/oauth2/v2.0/token`;
  // The built-in emulator secrets are public (they are above); one set in the environment is
  // never printed: the line names its variable instead.
  const shown = (name: keyof typeof sandboxSecrets, value: string) => (value === sandboxSecrets[name] ? value : `"$${name}"`);
  const clientSecret = shown('BC_CLIENT_SECRET', bc.clientSecret);
  return [
    '',
    'LedgerBridge sandbox is running.',
    '',
    `  Shopify emulator   ${sandbox.shopify.url}   (Admin GraphQL: ${sandbox.shopify.graphqlUrl})`,
    ...sandbox.shops
      .slice(1)
      .map(
        (shop) =>
          `  Second shop (EUR)  ${shop.url}   (${shop.shopDomain}: connection ${SECOND_SHOP.id}, references ${SECOND_SHOP.referencePrefix}…)`,
      ),
    `  BC emulator        ${bc.url}   (API v2.0, company "${bc.companyName}")`,
    ...(sandbox.secondBc
      ? [`  Second company     ${sandbox.secondBc.url}   (company "${sandbox.secondBc.companyName}", connection ${SECOND_SHOP.id}'s)`]
      : []),
    ...(sandbox.warehouse
      ? [`  Scend (warehouse)  ${sandbox.warehouse.url}   (Mintsoft-shaped API; control: ${sandbox.warehouse.url}/_emulator)`]
      : []),
    ...(sandbox.secondWarehouse
      ? [
          `  ${SECOND_WAREHOUSE.name} (EUR)   ${sandbox.secondWarehouse.url}   (connection ${SECOND_SHOP.id}'s warehouse; control: ${sandbox.secondWarehouse.url}/_emulator)`,
        ]
      : []),
    `  LedgerBridge hub   ${sandbox.hub.url}   (JSON status: ${sandbox.hub.url}/status)`,
    `  Dashboard          ${sandbox.hub.url}/dashboard${sandbox.loaded.secrets.apiToken ? '   (sign in with LEDGERBRIDGE_API_TOKEN)' : ''}`,
    `  Ledger             ${sandbox.hub.store.location}`,
    '',
    'Credentials (sandbox values, loopback only):',
    `  Shopify Admin API  X-Shopify-Access-Token: ${shown('SHOPIFY_ACCESS_TOKEN', sandbox.shopify.accessToken)}   webhook secret: ${shown('SHOPIFY_WEBHOOK_SECRETS', sandbox.shopify.appSecret)}`,
    `  Business Central   tenant ${bc.tenantId}, environment ${bc.environment}, company ${bc.companyId}, client_id ${bc.clientId}, client_secret ${clientSecret}`,
    ...(sandbox.warehouse
      ? [
          `  Scend (warehouse)  ms-apikey: ${shown('WAREHOUSE_API_KEY', sandbox.warehouse.apiKey)}   client ${sandbox.warehouse.clientId}, warehouse ${sandbox.warehouse.warehouseId}`,
        ]
      : []),
    ...(sandbox.secondWarehouse ? [`  ${SECOND_WAREHOUSE.name} (EUR)   ms-apikey: ${sandbox.secondWarehouse.apiKey}`] : []),
    `  Operator API       ${sandbox.loaded.secrets.apiToken ? 'Authorization: Bearer $LEDGERBRIDGE_API_TOKEN' : 'no token: answers on this machine only'}`,
    '',
    `About ${ordersPerMinute} orders a minute are placed in Shopify; within a minute they are Sales Orders in BC.`,
    'Read them through the BC OData API like any client (a client-credentials token, then the API):',
    `  TOKEN=$(curl -s ${tokenUrl} -d grant_type=client_credentials -d client_id=${bc.clientId} \\`,
    `          -d client_secret=${clientSecret} -d scope=https://api.businesscentral.dynamics.com/.default \\`,
    `          | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${sandbox.salesOrdersUrl}?$select=number,externalDocumentNumber,customerNumber,totalAmountIncludingTax'`,
    '',
    ...(sandbox.warehouse
      ? [
          'Each Sales Order is released to Scend; the warehouse picks and despatches it within about a minute (sometimes',
          'split in two parts or in two parcels), calls the hub back, and the hub ships and invoices the order in BC and',
          'fulfils it in Shopify with the tracking numbers. Now and then stock is written off, a return comes back graded',
          '(a draft credit memo in BC) and purchase order deliveries are booked in. To despatch an order at once:',
          `  curl -s ${sandbox.warehouse.url}/_emulator/orders/<BC order number, e.g. S-ORD101001>`,
          `  curl -s -X POST ${sandbox.warehouse.url}/_emulator/orders/<id from the answer>/despatch`,
          '',
        ]
      : []),
    'Roughly one order in twenty carries a SKU that BC does not know: it is held as an exception. In another terminal:',
    '  npx ledgerbridge status',
    '  npx ledgerbridge exceptions list',
    '  npx ledgerbridge records show <Shopify order number, e.g. 1003>',
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
