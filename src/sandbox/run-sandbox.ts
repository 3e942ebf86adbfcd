/**
 * The sandbox: the Shopify and Business Central emulators on loopback, the hub wired to them
 * through the same connectors that talk to the real services, and a generator placing a
 * steady stream of realistic orders. Another composition root, beside src/app.ts.
 */
import { rmSync } from 'node:fs';
import { startBcEmulator, type RunningBcEmulator } from '../../emulators/bc/index.js';
import { startShopifyEmulator, type RunningShopifyEmulator } from '../../emulators/shopify/index.js';
import { startHub, type Hub } from '../app.js';
import { readEnv, setEnvDefaults } from '../config/env.js';
import { loadConfigFile, type LoadedConfig } from '../config/load-config.js';
import type { Logger } from '../core/logger.js';

/** Known secrets of the emulators; a real installation sets its own in the environment. */
export const sandboxSecrets = {
  SHOPIFY_ACCESS_TOKEN: 'shpat_ledgerbridge_sandbox',
  SHOPIFY_WEBHOOK_SECRETS: 'ledgerbridge-sandbox-app-secret',
  BC_CLIENT_SECRET: 'ledgerbridge-sandbox-bc-secret',
};

export interface SandboxOptions {
  configPath: string;
  logger: Logger;
  /** 0 places no orders (tests place their own). */
  ordersPerMinute: number;
  /** Keep the ledger of an earlier run (the emulators always start empty). */
  keepData?: boolean;
  /** Ports override the configuration; 0 picks free ones (tests). */
  ports?: { hub?: number; shopify?: number; bc?: number };
  /** Seed for the generator, for reproducible runs. */
  seed?: number;
  /** Queue polling interval for the hub. */
  pollingIntervalSeconds?: number;
}

export interface Sandbox {
  hub: Hub;
  shopify: RunningShopifyEmulator;
  bc: RunningBcEmulator;
  loaded: LoadedConfig;
  /** The OData URL listing the BC emulator's sales orders. */
  salesOrdersUrl: string;
  stop(): Promise<void>;
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
  try {
    shopify = await startShopifyEmulator({
      host: '127.0.0.1',
      port: options.ports?.shopify ?? portOf(config.shopify.adminUrl, 4101),
      shopDomain: config.shopify.shopDomain,
      accessToken: loaded.secrets.shopifyAccessToken!,
      appSecret: loaded.secrets.shopifyWebhookSecrets[0]!,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    // The hub talks to wherever the emulators really listen (port 0 in tests).
    const wired: LoadedConfig = {
      ...loaded,
      config: {
        ...config,
        server: { ...config.server, port: options.ports?.hub ?? config.server.port, publicUrl: options.ports?.hub === 0 ? undefined : config.server.publicUrl },
        shopify: { ...config.shopify, adminUrl: shopify.url },
        bc: { ...config.bc, baseUrl: bc.url, authorityHost: bc.url },
      },
    };
    const hub = await startHub({ loaded: wired, logger: options.logger, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 });
    if (options.ordersPerMinute > 0) shopify.startGenerator({ ratePerMinute: options.ordersPerMinute });
    const salesOrdersUrl = `${bc.url}/v2.0/${bc.tenantId}/${bc.environment}/api/v2.0/companies(${bc.companyId})/salesOrders`;
    const running = shopify;
    return {
      hub,
      shopify: running,
      bc,
      loaded: wired,
      salesOrdersUrl,
      async stop() {
        await running.stopGenerator();
        await hub.stop();
        await running.close();
        await bc.close();
      },
    };
  } catch (error) {
    await shopify?.close();
    await bc.close();
    throw error;
  }
}

/** What the terminal shows once the sandbox runs: where to look and what to try. */
export function describeSandbox(sandbox: Sandbox, ordersPerMinute: number): string {
  const { bc } = sandbox;
  const tokenUrl = `${bc.url}/${bc.tenantId}/oauth2/v2.0/token`;
  return [
    '',
    'LedgerBridge sandbox is running.',
    '',
    `  Shopify emulator   ${sandbox.shopify.url}   (Admin GraphQL: ${sandbox.shopify.graphqlUrl})`,
    `  BC emulator        ${bc.url}   (API v2.0, company "${bc.companyName}")`,
    `  LedgerBridge hub   ${sandbox.hub.url}   (JSON status: ${sandbox.hub.url}/status)`,
    `  Dashboard          ${sandbox.hub.url}/dashboard${sandbox.loaded.secrets.apiToken ? '   (sign in with LEDGERBRIDGE_API_TOKEN)' : ''}`,
    `  Ledger             ${sandbox.hub.store.location}`,
    '',
    `About ${ordersPerMinute} orders a minute are placed in Shopify; within a minute they are Sales Orders in BC.`,
    'Read them through the BC OData API like any client (a client-credentials token, then the API):',
    `  TOKEN=$(curl -s ${tokenUrl} -d grant_type=client_credentials -d client_id=${bc.clientId} \\`,
    `          -d client_secret=${bc.clientSecret} -d scope=https://api.businesscentral.dynamics.com/.default \\`,
    `          | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
    `  curl -s -H "Authorization: Bearer $TOKEN" '${sandbox.salesOrdersUrl}?$select=number,externalDocumentNumber,customerNumber,totalAmountIncludingTax'`,
    '',
    'Roughly one order in twenty carries a SKU that BC does not know: it is held as an exception. In another terminal:',
    '  npx ledgerbridge status',
    '  npx ledgerbridge exceptions list',
    '  npx ledgerbridge records show <Shopify order number, e.g. 1003>',
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
