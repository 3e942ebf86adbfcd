/**
 * Benchmark: the inventory fast path in the sandbox (the real hub process's flows, queue and
 * embedded store, the emulators on loopback), from a stock-changing event to Shopify showing
 * the new figure. Two kinds of event, alternately:
 *   - another channel's order entered in BC (the hub sees it at its next look at BC's sales
 *     demand, every flows.inventory.fastPath.pollSeconds; BC's own webhooks wait ~30 s);
 *   - a warehouse write-off booked in BC by the hub's stock-movements flow (timed from the
 *     booking: the write-off reaches the hub at that flow's poll, which this benchmark runs
 *     at once instead of waiting for its schedule).
 * Prints each latency and the median and p95.
 *
 *   npm run bench -- bench/inventory-fast-path.ts [events=20]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBcConnector } from '../src/connectors/bc/index.ts';
import { createLogger, silentLogger } from '../src/core/logger.ts';
import { inventoryJobs } from '../src/flows/inventory/deps.ts';
import { stockJobs } from '../src/flows/stock-movements/deps.ts';
import { startSandbox } from '../src/sandbox/run-sandbox.ts';

const events = Number(process.argv[2] ?? 20);
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'lb-bench-fast-path-'));
const configPath = join(dir, 'sandbox.yaml');
writeFileSync(configPath, readFileSync(join(root, 'config/sandbox.yaml'), 'utf8').replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`));

const sandbox = await startSandbox({
  configPath,
  logger: process.env.BENCH_LOG ? createLogger({ level: 'info' }) : silentLogger,
  ordersPerMinute: 0,
  ports: { hub: 0, shopify: 0, bc: 0, warehouse: 0 },
});
const { shop } = sandbox.shopify.emulator;
const scendShows = (sku: string) => shop.stockBySku(sku)['Scend Warehouse']?.available ?? 0;
const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));
async function until(check: () => boolean, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting for Shopify');
    await wait(20);
  }
  return performance.now();
}

const bcInfo = sandbox.bc;
const bc = createBcConnector({
  config: {
    baseUrl: bcInfo.url,
    authorityHost: bcInfo.url,
    tenantId: bcInfo.tenantId,
    environment: bcInfo.environment,
    company: { id: bcInfo.companyId },
    clientId: bcInfo.clientId,
  },
  clientSecret: bcInfo.clientSecret,
});
const scend = (await bc.listLocations()).find((location) => location.code === 'SCEND')!;

// The first full sync sets every level; the fast path's first look notes where BC is.
await sandbox.hub.queue.enqueue(inventoryJobs.fullSync, {}, { key: 'inventory' });
for (;;) {
  const pushed = await sandbox.hub.store.db
    .selectFrom('lb_record')
    .select('id')
    .where('flow', '=', 'inventory')
    .where('state', '=', 'posted')
    .execute();
  if (pushed.length > 0) break;
  await wait(200);
}
// The fast path's poll loop starts at the hub's first minute; start it now rather than wait.
await sandbox.hub.queue.enqueue(inventoryJobs.fastPath, {}, { key: 'inventory-fast' });
await wait(5_000);

const skus = ['TEE-ORG-S', 'TEE-ORG-M', 'TEE-ORG-L', 'HOOD-MRN-M', 'HOOD-MRN-L', 'SOCK-WOOL-3PK'];
const latencies: { kind: string; ms: number }[] = [];
for (let index = 0; index < events; index += 1) {
  const sku = skus[index % skus.length]!;
  const before = scendShows(sku);
  if (index % 2 === 0) {
    const started = performance.now();
    await bc.createSalesOrder({
      externalDocumentNumber: `MARKETPLACE-B${index}`,
      customerNumber: 'C00010',
      orderDate: new Date().toISOString().slice(0, 10),
      pricesIncludeTax: true,
      lines: [{ lineType: 'Item', lineObjectNumber: sku, quantity: '2', unitPrice: '20.00', locationId: scend.id }],
    });
    const done = await until(() => scendShows(sku) < before);
    latencies.push({ kind: 'other-channel order in BC', ms: done - started });
  } else {
    sandbox.warehouse!.emulator.control.writeOff(sku, 2, 'Damaged');
    const ledgerBefore = sandbox.bc.emulator.rows('itemLedgerEntries').length;
    await sandbox.hub.queue.enqueue(stockJobs.poll, {});
    const booked = await until(() => sandbox.bc.emulator.rows('itemLedgerEntries').length > ledgerBefore);
    const done = await until(() => scendShows(sku) < before);
    latencies.push({ kind: 'warehouse write-off booked in BC', ms: done - booked });
  }
  await wait(1_000);
}
await sandbox.stop();
rmSync(dir, { recursive: true, force: true });

const sorted = latencies.map((entry) => entry.ms).sort((a, b) => a - b);
const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
for (const entry of latencies) console.log(`${entry.kind}: ${(entry.ms / 1000).toFixed(2)} s`);
console.log(
  JSON.stringify({
    events: sorted.length,
    medianSeconds: +(at(0.5) / 1000).toFixed(2),
    p95Seconds: +(at(0.95) / 1000).toFixed(2),
    maxSeconds: +(sorted.at(-1)! / 1000).toFixed(2),
  }),
);
// Keep-alive sockets of the connectors would hold the process open.
process.exit(0);
