/**
 * Benchmark: the whole hub, as a user runs it. The real `ledgerbridge start` process (its
 * queue, its store, its HTTP server) against the Shopify and BC emulators served by this
 * process. Orders are placed in the Shopify emulator, which delivers signed `orders/create`
 * webhooks to the hub; the hub reads each order from Shopify and creates it in BC. The
 * warehouse is left out (its flows are measured elsewhere): this is Shopify → BC.
 *
 *   npm run bench -- bench/hub-end-to-end.ts [--orders 2000] [--backends embedded,postgres]
 *        [--rate burst|<orders per minute>] [--bc-latency-ms 0] [--bc-limits off|on]
 *        [--shopify-plan unlimited|standard] [--runs 1] [--workers <orders concurrency>]
 *        [--mix clean|sandbox] [--settle-polls] [--shared-budgets]
 *
 * Measured, per backend and run, in wall-clock time:
 * - sustained rate: orders in BC ÷ seconds from the first order placed to the last one in BC;
 * - webhook → BC latency per order (placed in Shopify → seen in BC, polled every 50 ms): p50/p95/p99;
 * - hub CPU per order (user + system of the hub process from /proc) and its peak RSS (VmHWM; the
 *   embedded store is created beforehand, so PGlite's one-time initdb is not in it);
 * - /health/live answer time, asked every 200 ms throughout (p50/p99/max, and answers over 1 s);
 * - BC requests per order, counted by the BC emulator; Shopify actual cost points per order,
 *   summed from the emulator's own cost extension on every GraphQL answer; both also by kind
 *   (BC method and path, Shopify operation name), per order that reached BC.
 * The order mix is the generator's, with the cases the hub holds on purpose turned off (unknown
 * SKUs, incomplete international orders), so every order is expected in BC; `--mix sandbox`
 * keeps the generator's own mix (some orders held, and retried as the hub retries them).
 * `--settle-polls` keeps counting until the orders poll has listed the last order placed (its
 * settle time plus a poll interval after it): without it, the polls' share of the Shopify
 * points is left out for the orders placed in the last minutes.
 * `--shared-budgets` turns `store.sharedBudgets` on for PostgreSQL runs (BC's request budget and
 * Shopify's cost bucket kept in the store, decision 0024), as several processes would run.
 * PostgreSQL runs need LEDGERBRIDGE_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/open-store.ts';
import {
  cleanMix,
  createBenchDatabase,
  percentile,
  placeOrders,
  readProc,
  startEmulatorWorld,
  startHubProcess,
  waitUntil,
  watchBcOrders,
} from './support/hub-world.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    backends: { type: 'string', default: 'embedded,postgres' },
    rate: { type: 'string', default: 'burst' },
    'bc-latency-ms': { type: 'string', default: '0' },
    'bc-limits': { type: 'string', default: 'off' },
    'shopify-plan': { type: 'string', default: 'unlimited' },
    runs: { type: 'string', default: '1' },
    workers: { type: 'string' },
    mix: { type: 'string', default: 'clean' },
    'settle-polls': { type: 'boolean', default: false },
    'shared-budgets': { type: 'boolean', default: false },
  },
});
const orderCount = Number(args.orders);

interface RunResult {
  backend: string;
  inBc: number;
  seconds: number;
  rate: number;
  latency: { p50: number; p95: number; p99: number };
  cpuMsPerOrder: number;
  peakRssMb: number;
  memory: { heapTotal: number; heapUsed: number; external: number; rss: number };
  live: { p50: number; p99: number; max: number; over1s: number };
  bcRequestsPerOrder: number;
  shopifyPointsPerOrder: number;
  shopifyThrottled: number;
  /** Open exceptions by code at the end: the orders that did not reach BC, and why. */
  held: Record<string, number>;
  /** Where the BC requests and Shopify points went: per request kind / operation, per order in BC. */
  bcByKind: Record<string, number>;
  shopifyByOperation: Record<string, number>;
  /** Shopify's webhook deliveries as its emulator saw them: how many needed another attempt, and why. */
  deliveries: { total: number; retried: number; undelivered: number };
}

/** `GET salesOrders(…)` → `GET salesOrders(id)`: BC requests grouped by what they did. */
function kindOf(entry: { method: string; path: string }): string {
  const path = entry.path.replace(/companies\([^)]*\)\/?/, '').replace(/\([^)]*\)/g, '(id)');
  return `${entry.method} ${path}`;
}

function perOrder(counts: Map<string, number>, orders: number): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([kind, count]) => [kind, Number((count / orders).toFixed(3))]));
}

async function runOnce(backend: 'embedded' | 'postgres'): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-e2e-'));
  const world = await startEmulatorWorld({
    shopifyPlan: args['shopify-plan'] === 'standard' ? 'standard' : 'unlimited',
    bcLimits: args['bc-limits'] === 'on',
  });
  const { shopify, bc } = world;
  const latencyMs = Number(args['bc-latency-ms']);
  if (latencyMs > 0) bc.emulator.control.addFault({ kind: 'latency', latencyMs, count: null });
  const database = backend === 'postgres' ? await createBenchDatabase() : undefined;
  // The embedded store is created (initdb and migrations) beforehand, as a hub that has run before
  // finds it: PGlite's one-time initdb peaks near 1.1 GB and would otherwise be the hub's peak RSS.
  if (!database) await (await openStore({ backend: 'embedded', dataDir: join(dir, 'data') })).close();
  const hubProcess = await startHubProcess({
    dir,
    world,
    store: database ? { backend: 'postgres', url: database.url } : { backend: 'embedded', dataDir: join(dir, 'data') },
    ...(args.workers ? { ordersConcurrency: Number(args.workers) } : {}),
    ...(database && args['shared-budgets'] ? { sharedBudgets: true } : {}),
  });
  const hub = hubProcess.child;
  const hubUrl = hubProcess.url;
  try {
    // Let the first polls and subscriptions settle, then start from a quiet hub.
    await new Promise((done) => setTimeout(done, 3_000));
    const bcRequestsBefore = bc.emulator.requestLog.total;
    // Counted as they come: the emulator's log keeps only the last few thousand entries.
    const bcKinds = new Map<string, number>();
    const log = bc.emulator.requestLog;
    const addToLog = log.add.bind(log);
    log.add = (entry) => {
      bcKinds.set(kindOf(entry), (bcKinds.get(kindOf(entry)) ?? 0) + 1);
      addToLog(entry);
    };
    world.resetShopifyPoints();
    const cpuBefore = readProc(hub.pid!).cpuMs;

    const { seenAt, stop: stopWatching } = watchBcOrders(bc);
    const liveTimes: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        await fetch(`${hubUrl}/health/live`, { signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
        liveTimes.push(performance.now() - started);
        await new Promise((done) => setTimeout(done, 200));
      }
    })();
    const { started, placedAt } = await placeOrders(
      shopify,
      orderCount,
      args.rate === 'burst' ? 0 : Number(args.rate),
      args.mix === 'sandbox' ? {} : cleanMix,
    );
    const lastPlaced = performance.now();
    let last = seenAt.size;
    let quietSince = performance.now();
    await waitUntil(async () => {
      if (seenAt.size !== last) {
        last = seenAt.size;
        quietSince = performance.now();
      }
      return seenAt.size >= orderCount || performance.now() - quietSince > 30_000;
    }, 3_600_000);
    if (args['settle-polls']) {
      // The sandbox configuration's orders poll (every minute, 5 minutes' settle time) lists the last order by then.
      const settleUntil = lastPlaced + (5 + 1) * 60_000 + 15_000;
      while (performance.now() < settleUntil) await new Promise((done) => setTimeout(done, 1_000));
    }
    stopWatching();
    probing = false;
    await probe;
    const finished = Math.max(...seenAt.values());
    const open = (await (await fetch(`${hubUrl}/api/exceptions?limit=1000`)).json()) as
      { exceptions?: { code: string }[] } | { code: string }[];
    const held: Record<string, number> = {};
    for (const exception of Array.isArray(open) ? open : (open.exceptions ?? [])) held[exception.code] = (held[exception.code] ?? 0) + 1;
    const proc = readProc(hub.pid!);
    // What the memory is made of, from the hub's own metrics (the main thread's V8 heap and what
    // it holds outside it; the embedded store's worker thread and its WebAssembly heap are the rest).
    const metrics = await (await fetch(`${hubUrl}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^ledgerbridge_${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN) / 1_048_576;
    const memory = {
      heapTotal: metric('nodejs_heap_size_total_bytes'),
      heapUsed: metric('nodejs_heap_size_used_bytes'),
      external: metric('nodejs_external_memory_bytes'),
      rss: metric('process_resident_memory_bytes'),
    };
    const latencies = [...seenAt].filter(([reference]) => placedAt.has(reference)).map(([reference, at]) => at - placedAt.get(reference)!);
    const seconds = (finished - started) / 1000;
    return {
      backend,
      inBc: seenAt.size,
      seconds,
      rate: seenAt.size / seconds,
      latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
      cpuMsPerOrder: (proc.cpuMs - cpuBefore) / seenAt.size,
      peakRssMb: proc.peakRssMb,
      memory,
      live: {
        p50: percentile(liveTimes, 50),
        p99: percentile(liveTimes, 99),
        max: Math.max(...liveTimes),
        over1s: liveTimes.filter((ms) => ms > 1_000).length,
      },
      bcRequestsPerOrder: (bc.emulator.requestLog.total - bcRequestsBefore) / seenAt.size,
      shopifyPointsPerOrder: world.shopifyPoints() / seenAt.size,
      shopifyThrottled: world.shopifyThrottled(),
      held,
      bcByKind: perOrder(bcKinds, seenAt.size),
      shopifyByOperation: perOrder(world.shopifyPointsByOperation(), seenAt.size),
      deliveries: deliveryFigures(world.shopify.dispatcher.deliveries),
    };
  } finally {
    await hubProcess.stop();
    await world.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A delivery attempted more than once failed or timed out at first (Shopify waits 5 s for an answer). */
function deliveryFigures(deliveries: readonly { attempts: number; status: string }[]) {
  return {
    total: deliveries.length,
    retried: deliveries.filter((delivery) => delivery.attempts > 1).length,
    undelivered: deliveries.filter((delivery) => delivery.status !== 'delivered').length,
  };
}

const backends = args.backends.split(',') as ('embedded' | 'postgres')[];
console.log(
  `hub end to end: ${orderCount} orders, rate ${args.rate}, BC latency ${args['bc-latency-ms']} ms, BC limits ${args['bc-limits']}, Shopify plan ${args['shopify-plan']}, shared budgets ${args['shared-budgets'] ? 'on' : 'off'}, Node ${process.version}`,
);
for (let run = 1; run <= Number(args.runs); run += 1) {
  for (const backend of backends) {
    const r = await runOnce(backend);
    console.log(
      `run ${run} ${r.backend.padEnd(8)} in BC ${r.inBc}/${orderCount} in ${r.seconds.toFixed(1)} s = ${r.rate.toFixed(2)} orders/s | ` +
        `latency p50 ${(r.latency.p50 / 1000).toFixed(2)} s p95 ${(r.latency.p95 / 1000).toFixed(2)} s p99 ${(r.latency.p99 / 1000).toFixed(2)} s | ` +
        `CPU ${r.cpuMsPerOrder.toFixed(1)} ms/order, peak RSS ${r.peakRssMb.toFixed(0)} MB | ` +
        `/health/live p50 ${r.live.p50.toFixed(0)} ms p99 ${r.live.p99.toFixed(0)} ms max ${r.live.max.toFixed(0)} ms (${r.live.over1s} over 1 s) | ` +
        `BC ${r.bcRequestsPerOrder.toFixed(3)} req/order, Shopify ${r.shopifyPointsPerOrder.toFixed(1)} points/order, ${r.shopifyThrottled} THROTTLED | ` +
        `open exceptions ${JSON.stringify(r.held)}`,
    );
    console.log(
      `  memory at the end: RSS ${r.memory.rss.toFixed(0)} MB; main thread V8 heap ${r.memory.heapUsed.toFixed(0)} used of ${r.memory.heapTotal.toFixed(0)} MB, external ${r.memory.external.toFixed(0)} MB`,
    );
    console.log(
      `  webhook deliveries: ${r.deliveries.total}, ${r.deliveries.retried} needed another attempt (an error or no answer ` +
        `within 5 s), ${r.deliveries.undelivered} not delivered at the end`,
    );
    console.log(`  BC requests per order in BC, by kind: ${JSON.stringify(r.bcByKind)}`);
    console.log(`  Shopify points per order in BC, by operation: ${JSON.stringify(r.shopifyByOperation)}`);
  }
}
