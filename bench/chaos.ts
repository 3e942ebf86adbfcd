/**
 * Chaos: the real hub process killed with `kill -9` at random moments while a mixed workload
 * runs through every flow, then counted at the emulators. Nothing may be duplicated and
 * nothing lost: work the hub did not do must be held in its ledger (an exception, a skip).
 *
 *   npm run chaos -- [--cycles 20] [--backend embedded|postgres] [--processes 1] [--seed 1]
 *        [--min-gap-ms 300] [--max-gap-ms 12000] [--rate 40] [--quiet-ms <ms>] [--min-settle-ms 480000]
 *
 * The Shopify, BC and warehouse emulators run in this process and survive the kills. The hub
 * is `ledgerbridge start` in a child process on the sandbox configuration, on one store and one
 * port throughout. Each cycle starts it, waits a random time from the spawn (so some kills land
 * during start-up and migrations), and kills it with SIGKILL; then the next cycle starts it
 * again on the same store. Meanwhile: the Shopify generator places orders (the sandbox mix,
 * awkward ones included) with refunds, cancellations and a payout run every two minutes; this
 * tool tags random orders (edits); the warehouse floor picks, splits, despatches, returns
 * and writes stock off; another channel sells in BC and Scend writes units off (the sandbox's
 * stock events). After the last kill the workload stops, the hub runs to quiescence (no change
 * at the emulators or in its backlog for `--quiet-ms`: default 7 minutes on PostgreSQL, whose
 * queue takes back a killed process's job only once it expires, 3 on embedded; and at least
 * `--min-settle-ms`, 8 minutes, so the orders poll lists the orders whose webhooks arrived while
 * the hub was down) and stops cleanly; then the table is
 * counted (bench/support/chaos-count.ts) and the exit code is 1 on any duplicate or loss.
 *
 * `--processes N` (PostgreSQL only: the embedded store's data-directory lock allows one process)
 * runs N hub processes on one database behind the round-robin proxy of bench/multi-process.ts
 * (`startHubCluster`, store.sharedBudgets on; Shopify and BC call the proxy). They start ready;
 * each cycle then waits a random time from the previous restart, kills ONE of them, chosen at
 * random (seeded), with SIGKILL, and starts it again on its port without waiting, while the
 * others keep working. The proxy skips a process that refuses the connection (down, or still
 * starting); a delivery in flight on the killed process gets a 502 and Shopify's retry covers it.
 * Settling and counting are as for one process, with all N running.
 * PostgreSQL runs need LEDGERBRIDGE_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultMovementReasons } from '../src/connectors/warehouse/mintsoft/config.ts';
import { silentLogger } from '../src/core/logger.ts';
import { startStockEvents } from '../src/sandbox/stock-events.ts';
import { sandboxScendFloor } from '../src/sandbox/run-sandbox.ts';
import { openStore } from '../src/store/open-store.ts';
import { countChaos, formatChaosTable, type ChaosSnapshot } from './support/chaos-count.ts';
import {
  createBenchDatabase,
  freePort,
  startEmulatorWorld,
  startHubCluster,
  startHubProcess,
  type EmulatorWorld,
  type HubCluster,
  type HubProcess,
} from './support/hub-world.ts';

const { values: args } = parseArgs({
  options: {
    cycles: { type: 'string', default: '20' },
    backend: { type: 'string', default: 'embedded' },
    processes: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    'min-gap-ms': { type: 'string', default: '300' },
    'max-gap-ms': { type: 'string', default: '12000' },
    rate: { type: 'string', default: '40' },
    'quiet-ms': { type: 'string' },
    'min-settle-ms': { type: 'string', default: '480000' },
    'max-settle-ms': { type: 'string', default: '1800000' },
    keep: { type: 'boolean', default: false },
  },
});
const cycles = Number(args.cycles);
const backend = args.backend === 'postgres' ? 'postgres' : 'embedded';
const seed = Number(args.seed);
const processCount = Number(args.processes);
if (!Number.isInteger(processCount) || processCount < 1) throw new Error(`--processes must be a whole number from 1: ${args.processes}`);
if (processCount > 1 && backend !== 'postgres') {
  console.error('--processes above 1 needs --backend postgres: the embedded store locks its data directory to one process');
  process.exit(2);
}
const minGap = Number(args['min-gap-ms']);
const maxGap = Number(args['max-gap-ms']);

/** mulberry32: the kill moments and edits repeat for a seed (the hub's own timing does not). */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(seed);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The sandbox floor, paced so the warehouse flows turn over within a cycle or two. */
const chaosFloor = {
  ...sandboxScendFloor,
  pickAfterMs: 3_000,
  despatchAfterMs: 6_000,
  inspectReturnsAfterMs: 20_000,
  returnRate: 0.15,
  stockEventRate: 0.02,
};

function startWorkload(world: EmulatorWorld) {
  const { shopify } = world;
  void shopify.startGenerator({
    ratePerMinute: Number(args.rate),
    payoutEveryMinutes: 2,
    aftercare: { refundRate: 0.15, cancelRate: 0.05 },
  });
  const stockEvents = startStockEvents({
    bc: world.bc,
    ...(world.warehouse ? { warehouse: world.warehouse } : {}),
    everyMs: 10_000,
    logger: silentLogger,
    random,
  });
  const edited = new Set<bigint>();
  const edits = setInterval(() => {
    const orders = [...shopify.shop.orders.values()].filter((order) => !order.cancelledAt);
    if (orders.length === 0) return;
    const order = orders[Math.floor(random() * orders.length)]!;
    edited.add(order.id);
    void shopify.app.fetch(
      new Request(`http://emulator/_emulator/orders/${order.id}/tags`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tags: [`chaos-${Math.floor(random() * 5)}`] }),
      }),
    );
  }, 4_000);
  return {
    edited,
    async stop() {
      clearInterval(edits);
      stockEvents.stop();
      await shopify.stopGenerator();
      // The floor finishes what it holds (picks, despatches, inspections) but starts nothing new.
      world.warehouse?.emulator.control.setFloor({ returnRate: 0, stockEventRate: 0 });
    },
  };
}

/** Everything the count needs, read from the emulators (and the ledger, passed in). */
function snapshotOf(
  world: EmulatorWorld,
  edited: Set<bigint>,
  seededCustomers: Set<string>,
  ledger: ChaosSnapshot['ledger'],
): ChaosSnapshot {
  const { shop } = world.shopify;
  const bc = world.bc.emulator;
  const skuOf = (order: { lines: { id: bigint; sku: string | null }[] }, lineId: bigint) =>
    order.lines.find((line) => line.id === lineId)?.sku ?? null;
  const linesOf = (set: string, documentId: unknown) =>
    bc
      .rows(set)
      .filter((line) => line.documentId === documentId && line.lineType === 'Item')
      .map((line) => ({ sku: String(line.lineObjectNumber), quantity: Number(line.quantity) }));
  const bankAccount = bc.rows('bankAccounts').find((row) => row.number === 'BANK-GBP')?._glAccountNumber;
  const adjustments = new Set(
    Object.entries(defaultMovementReasons)
      .filter(([, mapped]) => mapped.source === 'adjustment' || mapped.source === 'count')
      .map(([text]) => text),
  );
  const state = world.warehouse?.emulator.state;
  return {
    shopify: {
      orders: [...shop.orders.values()].map((order) => ({
        id: `gid://shopify/Order/${order.id}`,
        name: order.name,
        cancelled: order.cancelledAt !== null,
        edited: edited.has(order.id),
        lines: order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity })),
        refunds: order.refunds.map((refund) => ({
          id: `gid://shopify/Refund/${refund.id}`,
          legacyId: String(refund.id),
          lines: refund.lines.map((line) => ({ sku: skuOf(order, line.lineId), quantity: line.quantity, restockType: line.restockType })),
        })),
        fulfillments: order.fulfillments.map((fulfilment) => ({
          status: fulfilment.status,
          lines: fulfilment.lines.map((line) => ({ sku: skuOf(order, line.lineId), quantity: line.quantity })),
        })),
      })),
      payouts: [...shop.payouts.values()].map((payout) => ({
        id: `gid://shopify/ShopifyPaymentsPayout/${payout.id}`,
        legacyId: String(payout.id),
        status: payout.status,
      })),
    },
    bc: {
      salesOrders: bc.rows('salesOrders').map((order) => ({
        number: String(order.number),
        externalDocumentNumber: String(order.externalDocumentNumber ?? ''),
        lines: linesOf('salesOrderLines', order.id),
      })),
      salesInvoices: bc
        .rows('salesInvoices')
        .map((invoice) => ({ number: String(invoice.number), externalDocumentNumber: String(invoice.externalDocumentNumber ?? '') })),
      salesShipments: bc.rows('salesShipments').map((shipment) => ({
        number: String(shipment.number),
        orderNumber: String(shipment.orderNumber ?? ''),
        externalDocumentNumber: String(shipment.externalDocumentNumber ?? ''),
        lines: linesOf('salesShipmentLines', shipment.id),
      })),
      salesCreditMemos: bc
        .rows('salesCreditMemos')
        .map((memo) => ({ number: String(memo.number), externalDocumentNumber: String(memo.externalDocumentNumber ?? '') })),
      itemEntries: [
        ...bc.rows('itemLedgerEntries').map((entry) => ({ documentNumber: String(entry.documentNumber ?? ''), posted: true })),
        ...bc.rows('lb.itemJournalLines').map((line) => ({ documentNumber: String(line.documentNumber ?? ''), posted: false })),
      ],
      bankEntries: bc
        .rows('generalLedgerEntries')
        .filter((entry) => entry.accountNumber === bankAccount)
        .map((entry) => ({ documentNumber: String(entry.documentNumber ?? '') })),
      unpostedJournalLines: bc.rows('journalLines').map((line) => ({ documentNumber: String(line.documentNumber ?? '') })),
      newCustomers: bc
        .rows('customers')
        .filter((customer) => !seededCustomers.has(String(customer.number)))
        .map((customer) => ({ number: String(customer.number), email: String(customer.email ?? '') })),
    },
    warehouse: {
      orders: [...(state?.orders.values() ?? [])].map((order) => ({
        orderNumber: order.orderNumber,
        despatched: order.despatchDate !== null,
        items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
      })),
      returns: [...(state?.returns.values() ?? [])].map((ret) => ({ id: String(ret.id), confirmed: ret.confirmed })),
      movements: (state?.flows ?? [])
        .filter((flow) => adjustments.has(flow.reason.trim().toLowerCase()))
        .map((flow) => ({ id: String(flow.id) })),
    },
    ledger,
  };
}

/** What changes while the hub still works: emulator row counts and the hub's backlog. */
async function fingerprintOf(world: EmulatorWorld, hubUrl: string): Promise<string | undefined> {
  const bc = world.bc.emulator;
  const sets = [
    'salesOrders',
    'salesInvoices',
    'salesShipments',
    'salesCreditMemos',
    'itemLedgerEntries',
    'generalLedgerEntries',
    'journalLines',
  ];
  const status = (await fetch(`${hubUrl}/api/status`, { signal: AbortSignal.timeout(10_000) })
    .then((response) => response.json())
    .catch(() => undefined)) as { flows?: { flow: string; backlog: number; inException: number }[] } | undefined;
  // Not `posted`: scheduled flows (inventory syncs, alerts, reconciliation) add records on every run.
  // A hub too busy to answer in time tells nothing: the caller asks again.
  if (!status?.flows) return undefined;
  const backlog = status.flows.map((flow) => [flow.flow, flow.backlog, flow.inException]);
  return JSON.stringify([
    sets.map((set) => bc.rows(set).length),
    [...world.shopify.shop.orders.values()].reduce((total, order) => total + order.fulfillments.length, 0),
    [...(world.warehouse?.emulator.state.orders.values() ?? [])].filter((order) => order.despatchDate !== null).length,
    world.warehouse?.emulator.state.returns.size,
    backlog,
  ]);
}

async function readLedger(store: Parameters<typeof openStore>[0]): Promise<ChaosSnapshot['ledger']> {
  const opened = await openStore(store);
  try {
    const result = await opened.executeSql(
      `select flow, source_id, source_ref, state,
              (select count(*) from lb_exception e where e.record_id = r.id and e.status = 'open')::int as open_exceptions
         from lb_record r`,
    );
    return result.rows.map(
      (row: { flow: string; source_id: string; source_ref: string | null; state: string; open_exceptions: number }) => ({
        flow: row.flow,
        sourceId: row.source_id,
        sourceRef: row.source_ref,
        state: row.state,
        openExceptions: row.open_exceptions,
      }),
    );
  } finally {
    await opened.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'lb-chaos-'));
const world = await startEmulatorWorld({ shopifyPlan: 'unlimited', bcLimits: false, warehouseFloor: chaosFloor, seed });
const database = backend === 'postgres' ? await createBenchDatabase() : undefined;
const store = database
  ? ({ backend: 'postgres', url: database.url } as const)
  : ({ backend: 'embedded', dataDir: join(dir, 'data') } as const);
const port = await freePort();
const started = Date.now();
console.log(
  `chaos: ${cycles} kills, backend ${backend}, ${processCount} hub process(es), seed ${seed}, kill ${minGap}-${maxGap} ms after each ${processCount > 1 ? 'kill (of either process)' : 'start'}, ${args.rate} orders/min, ` +
    `Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim()})`,
);

const seededCustomers = new Set(world.bc.emulator.rows('customers').map((customer) => String(customer.number)));
const exitedItself = (hub: HubProcess) => hub.child.exitCode !== null || hub.child.signalCode !== null;
/** N processes behind the proxy (`--processes` above 1), ready before the workload starts. */
const cluster: HubCluster | undefined =
  processCount > 1 ? await startHubCluster({ count: processCount, dir, world, databaseUrl: database!.url, quiet: true }) : undefined;
const workload = startWorkload(world);
try {
  let readyAtKill = 0;
  const killsPerProcess = Array.from({ length: processCount }, () => 0);
  for (let cycle = 1; cycle <= cycles; cycle += 1) {
    const gap = Math.round(minGap + random() * (maxGap - minGap));
    // One process: start it, kill it `gap` after the spawn. Several: they are running; kill one,
    // chosen at random, `gap` after the previous restart, and start it again without waiting.
    const victimIndex = cluster ? Math.floor(random() * processCount) : 0;
    const hub: HubProcess = cluster
      ? cluster.processes[victimIndex]!
      : await startHubProcess({ dir, world, store, port, waitReady: false, quiet: true });
    const exited = exitedItself(hub) ? Promise.resolve() : new Promise((done) => hub.child.once('exit', done));
    await sleep(gap);
    const ready = (await fetch(`${hub.url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.ok === true;
    if (ready) readyAtKill += 1;
    if (exitedItself(hub))
      console.log(`  cycle ${cycle}: the hub had exited by itself (code ${hub.child.exitCode}, signal ${hub.child.signalCode})`);
    hub.child.kill('SIGKILL');
    await exited;
    killsPerProcess[victimIndex]! += 1;
    if (cluster) {
      // A slot another cycle did not pick may have died by itself: say so (the settle start below restarts it too).
      for (const [index, other] of cluster.processes.entries())
        if (index !== victimIndex && exitedItself(other))
          console.log(
            `  cycle ${cycle}: process ${index + 1} had exited by itself (code ${other.child.exitCode}, signal ${other.child.signalCode})`,
          );
      if (cycle < cycles) await cluster.restart(victimIndex, { waitReady: false });
    }
    if (cycle % 10 === 0 || cycle === cycles)
      console.log(
        `  kill ${cycle}/${cycles} after ${gap} ms${cluster ? ` (process ${victimIndex + 1})` : ''} ` +
          `(${readyAtKill} of the kills so far hit a ready hub); ` +
          `${world.shopify.shop.orders.size} Shopify orders, ${world.bc.emulator.rows('salesOrders').length} open BC orders, ` +
          `${Math.round((Date.now() - started) / 1000)} s`,
      );
  }
  if (cluster) console.log(`kills per process: ${killsPerProcess.join(', ')}`);
  const placedDuringKills = world.shopify.shop.orders.size;
  await workload.stop();
  console.log(`workload stopped (${placedDuringKills} Shopify orders placed); the hub runs to quiescence`);
  // One process, or the cluster's slots: every one not running (the last victim, any that exited by itself) starts for good.
  const startSettling = async (index: number) =>
    cluster ? await cluster.restart(index) : await startHubProcess({ dir, world, store, port, quiet: true });
  if (cluster) {
    for (const [index, hub] of cluster.processes.entries()) if (exitedItself(hub)) await startSettling(index);
  }
  let last = cluster ? undefined : await startSettling(0);
  const running = () => (cluster ? cluster.processes : [last!]);
  let unplannedExits = 0;
  // On PostgreSQL a job the killed process was running waits for its expiry (300 s) and the
  // next sweep (60 s) before another run takes it (src/queue/job-queue.ts); the embedded store
  // hands it back at start. Two-minute polls and retries set the floor.
  const quietMs = Number(args['quiet-ms'] ?? (backend === 'postgres' ? 420_000 : 180_000));
  const deadline = Date.now() + Number(args['max-settle-ms']);
  let fingerprint = '';
  let quietSince = Date.now();
  const settling = Date.now();
  // The orders poll lists a window ending `pollOverlapMinutes` (5) behind now, every minute: a
  // webhook lost while the hub was down is the poll's to find, so settle past that first.
  const minSettleMs = Number(args['min-settle-ms']);
  while ((Date.now() - quietSince < quietMs || Date.now() - settling < minSettleMs) && Date.now() < deadline) {
    await sleep(5_000);
    for (const [index, hub] of running().entries()) {
      if (!exitedItself(hub)) continue;
      // Not this tool's kill: say so, and start it again (a supervisor would).
      unplannedExits += 1;
      console.log(
        `  hub process ${index + 1} exited by itself (code ${hub.child.exitCode}, signal ${hub.child.signalCode}); starting it again`,
      );
      if (cluster) await startSettling(index);
      else last = await startSettling(0);
    }
    const next = await fingerprintOf(world, cluster ? cluster.url : last!.url);
    if (next !== undefined && next !== fingerprint) {
      fingerprint = next;
      quietSince = Date.now();
      console.log(`  ${Math.round((Date.now() - settling) / 1000)} s: still changing ${next}`);
    }
  }
  if (cluster) await cluster.stop();
  else await last!.stop();
  const snapshot = snapshotOf(world, workload.edited, seededCustomers, await readLedger(store));
  const rows = countChaos(snapshot);
  if (unplannedExits > 0) console.log(`the hub exited by itself ${unplannedExits} time(s) while settling`);
  console.log(`\nafter ${cycles} kills, ${Math.round((Date.now() - started) / 60_000)} min:\n`);
  console.log(formatChaosTable(rows));
  for (const row of rows) for (const example of row.examples) console.log(`  ${row.flow}: ${example}`);
  const applied = [...world.shopify.shop.idempotencyKeys.values()].filter((entry) => entry.outcome.kind === 'applied').length;
  const states = new Map<string, number>();
  for (const record of snapshot.ledger)
    states.set(`${record.flow}:${record.state}`, (states.get(`${record.flow}:${record.state}`) ?? 0) + 1);
  console.log(`\nstock pushes applied in Shopify (one per idempotency key): ${applied}`);
  console.log(`ledger records by flow and state: ${JSON.stringify(Object.fromEntries([...states].sort()))}`);
  process.exitCode = rows.some((row) => row.duplicates > 0 || row.lost > 0) ? 1 : 0;
} finally {
  await workload.stop().catch(() => undefined);
  await cluster?.stop().catch(() => undefined);
  await world.close();
  if (args.keep) console.log(`kept: ${dir}${database ? `, ${database.url}` : ''}`);
  else await database?.drop();
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
// Keep-alive sockets and timers of the emulators must not hold the process open.
process.exit();
