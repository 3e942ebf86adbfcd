/**
 * Benchmark (issue 16, part 2): 1, 2 and 3 hub processes on one PostgreSQL database, against the
 * Shopify and BC emulators served by this process. Each process is the real `ledgerbridge start`;
 * a round-robin proxy in this process stands in front of them as a deployment's load balancer
 * (every process's `server.publicUrl` is the proxy's), so Shopify delivers each webhook once, to
 * one process in turn. Orders are placed in the Shopify emulator; the processes share the queue,
 * the ledger and BC's and Shopify's request budgets (decision 0024) through the database.
 *
 *   npm run bench -- bench/multi-process.ts [--orders 2000] [--processes 1,2,3] [--runs 1]
 *        [--rate burst|<orders per minute>] [--bc-latency-ms 150] [--bc-limits on|off]
 *        [--shopify-plan unlimited|standard] [--workers <orders concurrency per process>]
 *        [--shared-budgets on|off]
 *
 * Measured, per number of processes and run, in wall-clock time:
 * - orders in BC per second: orders in BC (distinct externalDocumentNumber, counted at the BC
 *   emulator every 50 ms) ÷ seconds from the first order placed to the last one in BC;
 * - duplicates: BC sales orders sharing one externalDocumentNumber (must be 0), and orders placed
 *   that never reached BC;
 * - the BC emulator's own limit counters over the whole run, start-up included: the most requests
 *   it ran at once (never above 5: it queues the rest) and the most it ever queued (above 0 only if
 *   the processes together sent more than 5 at once), the most it admitted in one 5-minute window,
 *   and its 429s;
 * - hub CPU per process (user + system from /proc) and per order; this process's CPU (the
 *   emulators, the proxy and the counting); PostgreSQL's CPU (every `postgres` process); the
 *   machine's busy cores from /proc/stat (anything else running on it included);
 * - how the work spread: webhooks the proxy handed to each process, and job runs per process
 *   (the hub's `ledgerbridge_job_runs_total`);
 * - BC requests per order in BC, counted by the BC emulator.
 * The order mix is the generator's with the cases the hub holds on purpose turned off, so every
 * order is expected in BC. Needs PostgreSQL: LEDGERBRIDGE_BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); each run gets a new database, dropped after it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  cleanMix,
  createBenchDatabase,
  percentile,
  placeOrders,
  readProc,
  startEmulatorWorld,
  startHubCluster,
  waitUntil,
  watchBcOrders,
} from './support/hub-world.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    processes: { type: 'string', default: '1,2,3' },
    runs: { type: 'string', default: '1' },
    rate: { type: 'string', default: 'burst' },
    'bc-latency-ms': { type: 'string', default: '150' },
    'bc-limits': { type: 'string', default: 'on' },
    'shopify-plan': { type: 'string', default: 'unlimited' },
    workers: { type: 'string' },
    'shared-budgets': { type: 'string', default: 'on' },
  },
});
const orderCount = Number(args.orders);
const latencyMs = Number(args['bc-latency-ms']);

interface ProcessFigures {
  cpuMs: number;
  webhooks: number;
  jobRuns: Record<string, number>;
}

interface RunResult {
  processes: number;
  inBc: number;
  /** Orders not in BC and not held by an open exception of their own (held: e.g. missing customs data). */
  lost: number;
  heldOrders: number;
  duplicates: { references: number; extraOrders: number };
  seconds: number;
  rate: number;
  latency: { p50: number; p95: number };
  bcPeaks: { peakRunning: number; peakQueued: number; peakInWindow: number; rejected: number } | undefined;
  bcRequestsPerOrder: number;
  /** THROTTLED answers from Shopify over the whole run (start-up included). */
  shopifyThrottled: number;
  perProcess: ProcessFigures[];
  hubCpuMsPerOrder: number;
  benchCpuMs: number;
  postgresCpuMs: number;
  machineBusyCores: number;
  held: Record<string, number>;
  /** Where Shopify and BC call back: one subscription per Shopify topic and one BC notification URL (the proxy's) expected. */
  callbacks: { shopify: string[]; bc: string[]; deliveries: Record<string, number> };
}

interface Sample {
  at: number;
  hubs: number[];
  bench: NodeJS.CpuUsage;
  postgres: Map<number, number>;
  machine: { busy: number; total: number };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

/** CPU ms of every `postgres` process now running (backends of this run and the server's own). */
function postgresCpu(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // gone meanwhile
    }
  }
  return cpu;
}

/** Busy and total jiffies of the whole machine, from /proc/stat's first line. */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

async function jobRuns(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const runs = new Map<string, number>();
  for (const match of text.matchAll(/^ledgerbridge_job_runs_total\{job="([^"]+)",outcome="([^"]+)"\} (\S+)$/gm))
    runs.set(`${match[1]}:${match[2]}`, Number(match[3]));
  return runs;
}

async function runOnce(processCount: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-multi-'));
  const world = await startEmulatorWorld({
    shopifyPlan: args['shopify-plan'] === 'standard' ? 'standard' : 'unlimited',
    bcLimits: args['bc-limits'] === 'on',
  });
  const { shopify, bc } = world;
  if (latencyMs > 0) bc.emulator.control.addFault({ kind: 'latency', latencyMs, count: null });
  const database = await createBenchDatabase();
  let cluster: Awaited<ReturnType<typeof startHubCluster>> | undefined;
  try {
    cluster = await startHubCluster({
      count: processCount,
      dir,
      world,
      databaseUrl: database.url,
      sharedBudgets: args['shared-budgets'] !== 'off',
      ...(args.workers ? { ordersConcurrency: Number(args.workers) } : {}),
    });
    const { processes, proxy } = cluster;
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      // Open exceptions by code, and the records they hold (an `info` one, such as customer_created, holds nothing).
      const openExceptions = async () => {
        const { rows } = await db.query<{ code: string; count: string; held: string }>(
          `select code, count(*) as count, count(distinct record_id) filter (where severity <> 'info') as held
             from lb_exception where status = 'open' group by code`,
        );
        return {
          byCode: Object.fromEntries(rows.map((row) => [row.code, Number(row.count)])),
          heldOrders: rows.reduce((sum, row) => sum + Number(row.held), 0),
        };
      };
      const sample = (): Sample => ({
        at: performance.now(),
        hubs: processes.map((hub, i) => {
          try {
            return readProc(hub.child.pid!).cpuMs;
          } catch {
            throw new Error(`hub process ${i + 1} stopped during the run; its log:\n${tail(join(dir, `hub-${i + 1}.log`))}`);
          }
        }),
        bench: process.cpuUsage(),
        postgres: postgresCpu(),
        machine: machineTicks(),
      });
      // Let the first polls and subscriptions settle, then start from quiet hubs.
      await new Promise((done) => setTimeout(done, 3_000));
      const bcRequestsBefore = bc.emulator.requestLog.total;
      const runsBefore = await Promise.all(processes.map((hub) => jobRuns(hub.url)));
      proxy.forwarded.clear();
      const before = sample();
      // CPU counters every 500 ms, so the figures stop where the last order reached BC, not at the end of the wait.
      const samples: Sample[] = [];
      let sampleError: unknown;
      const sampler = setInterval(() => {
        try {
          samples.push(sample());
        } catch (error) {
          sampleError ??= error;
        }
      }, 500);

      const { seenAt, stop: stopWatching } = watchBcOrders(bc);
      const { started, placedAt } = await placeOrders(shopify, orderCount, args.rate === 'burst' ? 0 : Number(args.rate), cleanMix);
      // Done when every order is in BC or held by an exception of its own; or after 30 s without a new one.
      let last = seenAt.size;
      let quietSince = performance.now();
      let askedAt = 0;
      let heldNow = 0;
      await waitUntil(async () => {
        if (sampleError) throw sampleError;
        if (seenAt.size !== last) {
          last = seenAt.size;
          quietSince = performance.now();
        }
        if (performance.now() - askedAt > 2_000) {
          askedAt = performance.now();
          heldNow = (await openExceptions()).heldOrders;
        }
        const inBcNow = [...placedAt.keys()].filter((reference) => seenAt.has(reference)).length;
        return inBcNow + heldNow >= orderCount || performance.now() - quietSince > 30_000;
      }, 3_600_000);
      stopWatching();
      clearInterval(sampler);
      const finished = Math.max(...seenAt.values());
      const seconds = (finished - started) / 1000;
      const after = samples.find((entry) => entry.at >= finished) ?? sample();
      const runsAfter = await Promise.all(processes.map((hub) => jobRuns(hub.url)));
      const exceptions = await openExceptions();

      const byReference = new Map<string, number>();
      for (const row of bc.emulator.rows('salesOrders')) {
        const reference = String(row.externalDocumentNumber ?? '');
        if (reference) byReference.set(reference, (byReference.get(reference) ?? 0) + 1);
      }
      const duplicated = [...byReference.values()].filter((count) => count > 1);
      const inBc = [...placedAt.keys()].filter((reference) => seenAt.has(reference)).length;
      const held = exceptions.byCode;
      const heldOrders = exceptions.heldOrders;
      const latencies = [...placedAt].filter(([reference]) => seenAt.has(reference)).map(([reference, at]) => seenAt.get(reference)! - at);
      const described = shopify.describe();
      const callbacks = {
        shopify: described.webhookSubscriptions.map((subscription) => `${subscription.topic} → ${subscription.uri}`),
        bc: [
          ...new Set(
            bc.emulator.control
              .webhooks()
              .subscriptions.map((subscription) => `${subscription.resource as string} → ${subscription.notificationUrl as string}`),
          ),
        ],
        // Attempts: Shopify tries a delivery again when the hub has not answered 2xx within 5 s.
        deliveries: {
          ...described.deliveries,
          attempts: shopify.dispatcher.deliveries.reduce((sum, delivery) => sum + delivery.attempts, 0),
        },
      };
      const perProcess = processes.map((hub, i) => {
        const runs: Record<string, number> = {};
        for (const [key, value] of runsAfter[i]!) {
          const delta = value - (runsBefore[i]!.get(key) ?? 0);
          if (delta > 0) runs[key] = delta;
        }
        return { cpuMs: after.hubs[i]! - before.hubs[i]!, webhooks: proxy.forwarded.get(proxy.targets[i]!) ?? 0, jobRuns: runs };
      });
      let postgresCpuMs = 0;
      for (const [pid, ms] of after.postgres) postgresCpuMs += ms - (before.postgres.get(pid) ?? 0);
      const wallTicks = after.machine.total - before.machine.total || 1;
      const cores = (after.machine.busy - before.machine.busy) / wallTicks;
      return {
        processes: processCount,
        inBc,
        lost: Math.max(0, orderCount - inBc - heldOrders),
        heldOrders,
        duplicates: { references: duplicated.length, extraOrders: duplicated.reduce((sum, count) => sum + count - 1, 0) },
        seconds,
        rate: inBc / seconds,
        latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
        bcPeaks: bc.emulator.control.limitPeaks(),
        bcRequestsPerOrder: (bc.emulator.requestLog.total - bcRequestsBefore) / inBc,
        shopifyThrottled: world.shopifyThrottled(),
        perProcess,
        hubCpuMsPerOrder: perProcess.reduce((sum, hub) => sum + hub.cpuMs, 0) / inBc,
        benchCpuMs: (after.bench.user - before.bench.user + after.bench.system - before.bench.system) / 1000,
        postgresCpuMs,
        // /proc/stat counts every core's jiffies: busy share of all of them × the number of cores.
        machineBusyCores: cores * (readFileSync('/proc/stat', 'utf8').match(/^cpu\d+ /gm)?.length ?? 1),
        held,
        callbacks,
      };
    } finally {
      await db.end();
    }
  } finally {
    await cluster?.stop();
    await world.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const counts = args.processes.split(',').map(Number);
console.log(
  `multi-process: ${orderCount} orders, rate ${args.rate}, BC latency ${latencyMs} ms, BC limits ${args['bc-limits']}, ` +
    `Shopify plan ${args['shopify-plan']}, shared budgets ${args['shared-budgets'] === 'off' ? 'off' : 'on'}, processes ${counts.join(',')}, Node ${process.version}, ${new Date().toISOString()}`,
);
if (latencyMs > 0 && args['bc-limits'] === 'on')
  console.log(
    `BC's ceilings here: 5 in flight at ${latencyMs} ms = ${(5000 / latencyMs).toFixed(1)} requests/s; ` +
      `the hub's bc.requestsPerWindow (default 5,400) per 5 minutes = 18 requests/s sustained once a window is full`,
  );
const results = new Map<number, RunResult[]>();
for (let run = 1; run <= Number(args.runs); run += 1) {
  for (const count of counts) {
    let r: RunResult;
    try {
      r = await runOnce(count);
    } catch (error) {
      // Once: a port another program took between our choosing it and the hub listening, say.
      console.log(`run ${run} processes ${count} failed, running it again: ${String(error)}`);
      r = await runOnce(count);
    }
    results.set(count, [...(results.get(count) ?? []), r]);
    const peaks = r.bcPeaks
      ? `BC peaks: ${r.bcPeaks.peakRunning} running + ${r.bcPeaks.peakQueued} queued at once, ${r.bcPeaks.peakInWindow} in a window, ${r.bcPeaks.rejected} refused`
      : 'BC limits off';
    console.log(
      `run ${run} processes ${count}: in BC ${r.inBc}/${orderCount} in ${r.seconds.toFixed(1)} s = ${r.rate.toFixed(2)} orders/s | ` +
        `duplicates ${r.duplicates.references} (${r.duplicates.extraOrders} extra BC orders), held ${r.heldOrders}, lost ${r.lost} | ${peaks} | ` +
        `latency p50 ${(r.latency.p50 / 1000).toFixed(2)} s p95 ${(r.latency.p95 / 1000).toFixed(2)} s | BC ${r.bcRequestsPerOrder.toFixed(3)} req/order, Shopify ${r.shopifyThrottled} THROTTLED | ` +
        `open exceptions ${JSON.stringify(r.held)}`,
    );
    console.log(
      `  CPU: hubs ${r.hubCpuMsPerOrder.toFixed(1)} ms/order [${r.perProcess.map((hub) => `${(hub.cpuMs / 1000).toFixed(1)} s = ${(hub.cpuMs / 10 / r.seconds).toFixed(0)} %`).join(', ')}], ` +
        `bench (emulators, proxy) ${(r.benchCpuMs / 1000).toFixed(1)} s, PostgreSQL ${(r.postgresCpuMs / 1000).toFixed(1)} s, machine busy ${r.machineBusyCores.toFixed(2)} cores`,
    );
    console.log(
      `  callbacks: Shopify ${JSON.stringify(r.callbacks.shopify)}, deliveries ${JSON.stringify(r.callbacks.deliveries)}; BC ${JSON.stringify(r.callbacks.bc)}`,
    );
    r.perProcess.forEach((hub, i) =>
      console.log(`  process ${i + 1}: ${hub.webhooks} webhooks through the proxy; job runs ${JSON.stringify(hub.jobRuns)}`),
    );
  }
}
const median = (values: number[]) => percentile(values, 50);
console.log(`summary (median of ${args.runs} run(s) per count):`);
const base = median((results.get(counts[0]!) ?? []).map((r) => r.rate));
for (const count of counts) {
  const list = results.get(count) ?? [];
  const rate = median(list.map((r) => r.rate));
  console.log(
    `  ${count} process(es): ${rate.toFixed(2)} orders/s (${(rate / base).toFixed(2)}× ${counts[0]}) runs [${list.map((r) => r.rate.toFixed(2)).join(', ')}]; ` +
      `duplicates ${list.map((r) => r.duplicates.extraOrders).join(',')}; lost ${list.map((r) => r.lost).join(',')}; ` +
      `BC peak running ${list.map((r) => r.bcPeaks?.peakRunning ?? '-').join(',')}, queued ${list.map((r) => r.bcPeaks?.peakQueued ?? '-').join(',')}, in window ${list.map((r) => r.bcPeaks?.peakInWindow ?? '-').join(',')}, refused ${list.map((r) => r.bcPeaks?.rejected ?? '-').join(',')}; ` +
      `hub CPU ${median(list.map((r) => r.hubCpuMsPerOrder)).toFixed(1)} ms/order`,
  );
}
// Timers left by the emulators (a webhook retry scheduled as the hubs stopped) must not keep the
// benchmark waiting once its figures are out.
process.exit(0);
