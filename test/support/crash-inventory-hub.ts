// A hub process for the inventory crash test: the inventory flow with the real connectors
// against the emulators, its full sync run by the real queue over an embedded store in a
// directory. With a crash point it kills itself (SIGKILL, no clean-up) just before or just
// after Shopify answers a stock write. Without one it runs until every push is settled.
import { inventoryChannelOf, inventoryErpOf } from '../../src/flows/inventory/module.ts';
import { inventoryFlowSchema } from '../../src/config/inventory-schema.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { inventoryJobs, type InventoryFlowDeps } from '../../src/flows/inventory/deps.ts';
import { defineInventoryJobs } from '../../src/flows/inventory/jobs.ts';
import { crashIfAt, openCrashHub, readCrashHubArgs, type CrashHubArgs } from './crash-hub.ts';

const args = readCrashHubArgs<CrashHubArgs>();
const crash = (point: string) => crashIfAt(point, args.crashAt);
const { store, queue, shopify, bc } = await openCrashHub(args);
const channel = inventoryChannelOf(shopify, store);
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
