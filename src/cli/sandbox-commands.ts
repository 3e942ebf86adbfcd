/** `ledgerbridge sandbox` and `ledgerbridge emulate shopify|bc|warehouse`. */
import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import { sandboxConfigPath } from './config-path.ts';
import { stopOnSignals } from './shutdown.ts';

// The emulators and the hub are loaded when a command runs, so the rest of the CLI starts without them.

const integer = (value: string) => {
  if (!/^[0-9]{1,9}$/.test(value)) throw new InvalidArgumentError('Expected a whole number.');
  return Number(value);
};

const port = (value: string) => {
  const parsed = integer(value);
  if (parsed > 65535) throw new InvalidArgumentError('Expected a port from 0 to 65535.');
  return parsed;
};

const oneOrTwo = (value: string) => {
  const parsed = integer(value);
  if (parsed < 1 || parsed > 2) throw new InvalidArgumentError('Expected 1 or 2.');
  return parsed;
};

export function registerSandboxCommands(program: Command): void {
  program
    .command('sandbox')
    .description('run the hub against local Shopify and Business Central emulators with a stream of generated orders')
    .option('-c, --config <file>', 'sandbox configuration', sandboxConfigPath)
    .option('--orders-per-minute <n>', 'how many orders the generator places', integer, 12)
    .option('--keep-data', 'keep the ledger of the previous sandbox run')
    .option('--hub-port <port>', 'override the hub port (0 picks a free one)', port)
    .option('--shopify-port <port>', 'override the Shopify emulator port', port)
    .option('--bc-port <port>', 'override the BC emulator port', port)
    .option('--seed <n>', 'seed the order generator for a reproducible run', integer)
    .option('--shops <n>', 'Shopify stores: 1, or 2 for a second shop in euros into the same BC company', oneOrTwo, 1)
    .option(
      '--warehouses <n>',
      'warehouses: 1, or 2 (with --shops 2) for the euro shop to ship through its own, into its own BC company',
      oneOrTwo,
      1,
    )
    .action(
      async (options: {
        config: string;
        ordersPerMinute: number;
        keepData?: boolean;
        hubPort?: number;
        shopifyPort?: number;
        bcPort?: number;
        seed?: number;
        shops: number;
        warehouses: number;
      }) => {
        const [{ readEnv, secretEnvValues }, { createLogger }, { describeSandbox, sandboxSecrets, startSandbox }] = await Promise.all([
          import('../config/env.ts'),
          import('../core/logger.ts'),
          import('../sandbox/run-sandbox.ts'),
        ]);
        const env = readEnv();
        const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn', secrets: secretEnvValues({ ...sandboxSecrets, ...env }) });
        const sandbox = await startSandbox({
          configPath: options.config,
          logger,
          ordersPerMinute: options.ordersPerMinute,
          keepData: options.keepData ?? false,
          ports: { hub: options.hubPort, shopify: options.shopifyPort, bc: options.bcPort },
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(options.shops > 1 ? { shops: options.shops } : {}),
          ...(options.warehouses > 1 ? { warehouses: options.warehouses } : {}),
        });
        console.log(describeSandbox(sandbox, options.ordersPerMinute));
        // One machine-readable line for scripts and tests.
        console.log(
          `SANDBOX_READY ${JSON.stringify({
            hub: sandbox.hub.url,
            shopify: sandbox.shopify.url,
            bc: sandbox.bc.url,
            salesOrders: sandbox.salesOrdersUrl,
            ...(sandbox.shops.length > 1 ? { shops: sandbox.shops.map((shop) => shop.url) } : {}),
          })}`,
        );
        stopOnSignals(() => sandbox.stop());
      },
    );

  program
    .command('emulate')
    .description('run one emulator alone, for your own client or tests')
    .addArgument(new Argument('<system>', 'shopify, bc or warehouse (the Mintsoft-shaped 3PL)').choices(['shopify', 'bc', 'warehouse']))
    .addOption(new Option('--port <port>', 'port to listen on').argParser(port))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (system: 'shopify' | 'bc' | 'warehouse', options: { port?: number; host: string }) => {
      if (system === 'warehouse') {
        const { startWarehouseEmulator } = await import('../../emulators/warehouse/index.ts');
        const warehouse = await startWarehouseEmulator({ host: options.host, port: options.port ?? 4103 });
        console.log(`Warehouse emulator (Mintsoft-shaped) on ${warehouse.url}
  API:           ${warehouse.url}/api  (header ms-apikey: ${warehouse.apiKey})
  client:        ${warehouse.clientId}, warehouse ${warehouse.warehouseId}
  control:       ${warehouse.url}/_emulator (see emulators/warehouse/README.md)`);
        stopOnSignals(() => warehouse.close());
      } else if (system === 'bc') {
        const { startBcEmulator } = await import('../../emulators/bc/index.ts');
        const bc = await startBcEmulator({ host: options.host, port: options.port ?? 4102 });
        console.log(`Business Central emulator on ${bc.url}
  API root:      ${bc.url}/v2.0/${bc.tenantId}/${bc.environment}/api/v2.0
  company:       ${bc.companyName} (${bc.companyId})
  token:         POST ${bc.url}/${bc.tenantId}/oauth2/v2.0/token  client_id=${bc.clientId} client_secret=${bc.clientSecret}
  control:       ${bc.url}/_emulator (see emulators/bc/README.md)`);
        stopOnSignals(() => bc.close());
      } else {
        const { startShopifyEmulator } = await import('../../emulators/shopify/index.ts');
        const shopify = await startShopifyEmulator({ host: options.host, port: options.port ?? 4101 });
        console.log(`Shopify emulator on ${shopify.url}
  GraphQL:       ${shopify.graphqlUrl}  (X-Shopify-Access-Token: ${shopify.accessToken})
  shop:          ${shopify.shopDomain}
  app secret:    ${shopify.appSecret} (signs webhooks)
  control:       ${shopify.url}/_emulator (see emulators/shopify/README.md)`);
        stopOnSignals(() => shopify.close());
      }
    });
}
