// A hub process for the inventory crash test: the inventory flow with the real connectors
// against the emulators, its full sync run by the real queue over an embedded store in a
// directory. With a crash point it kills itself (SIGKILL, no clean-up) just before or just
// after Shopify answers a stock write. Without one it runs until every push is settled.
import { createQueue } from '../../src/app.ts';
import { inventoryChannelOf, inventoryErpOf } from '../../src/composition/inventory.ts';
import { inventoryFlowSchema } from '../../src/config/inventory-schema.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createBcConnector } from '../../src/connectors/bc/index.ts';
import { createShopifyConnector } from '../../src/connectors/shopify/index.ts';
import { inventoryJobs, type InventoryFlowDeps } from '../../src/flows/inventory/deps.ts';
import { defineInventoryJobs } from '../../src/flows/inventory/jobs.ts';
import { openStore } from '../../src/store/open-store.ts';

interface Args {
  dataDir: string;
  shopify: { url: string; shopDomain: string; accessToken: string };
  bc: { url: string; tenantId: string; environment: string; companyId: string; clientId: string; clientSecret: string };
  crashAt?: string;
}

const args = JSON.parse(process.argv[2]!) as Args;
const crash = (point: string) => {
  if (point !== args.crashAt) return;
  process.stdout.write(`crash-point:${point}\n`);
  process.kill(process.pid, 'SIGKILL');
};

const store = await openStore({ backend: 'embedded', dataDir: args.dataDir });
const queue = createQueue(store, { logger: silentLogger, pollingIntervalSeconds: 0.5 });
const shopify = createShopifyConnector({
  shopDomain: args.shopify.shopDomain,
  adminUrl: args.shopify.url,
  auth: { kind: 'token', accessToken: args.shopify.accessToken },
});
const bc = createBcConnector({
  config: {
    baseUrl: args.bc.url,
    authorityHost: args.bc.url,
    tenantId: args.bc.tenantId,
    environment: args.bc.environment,
    company: { id: args.bc.companyId },
    clientId: args.bc.clientId,
  },
  clientSecret: args.bc.clientSecret,
});
const channel = inventoryChannelOf(shopify);
const deps: InventoryFlowDeps = {
  db: store.db,
  queue,
  clock: systemClock,
  logger: silentLogger,
  channel: {
    ...channel,
    async setInventoryQuantities(request) {
      crash('before:setInventoryQuantities');
      const result = await channel.setInventoryQuantities(request);
      crash('after:setInventoryQuantities');
      return result;
    },
  },
  erp: inventoryErpOf(bc),
  config: inventoryFlowSchema.parse({
    enabled: true,
    locations: { SCEND: 'Scend Warehouse', LONDON: 'London Shop' },
    buffers: { default: { units: 2 } },
    fullSyncCron: '0 0 1 1 *',
    fastPath: { enabled: false },
  }),
  orderLocations: {},
  retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 1000 },
};
defineInventoryJobs(queue, deps);
await queue.start();
// A restart finds the interrupted job again (the queue's crash recovery); a first start queues one.
await queue.enqueue(inventoryJobs.fullSync, {}, { key: 'inventory' });
for (;;) {
  const open = await store.db
    .selectFrom('lb_record')
    .select('id')
    .where('flow', '=', 'inventory')
    .where('state', 'in', ['received', 'posting'])
    .execute();
  const done = await store.db.selectFrom('lb_record').select('id').where('flow', '=', 'inventory').where('state', '=', 'posted').execute();
  const counts = await queue.counts();
  const busy = counts.some((count) => count.name === inventoryJobs.fullSync && (count.active > 0 || count.queued > 0));
  if (open.length === 0 && done.length > 0 && !busy) {
    process.stdout.write(`finished:${done.length}\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await queue.stop();
await store.close();
