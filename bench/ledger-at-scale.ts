/**
 * Benchmark: do the operator views cost the same on a large ledger as on a small one?
 * A ledger is seeded in the store with SQL (every order a trail of three records — the
 * order, its release to the warehouse, its shipment — with three links, four audit rows per
 * record, and one order in a hundred holding an open exception; payloads older than the
 * retention period compacted as the daily upkeep leaves them, the newest tenth whole). Then the
 * real `ledgerbridge start` process runs on that store, and its HTTP answers are timed from
 * outside: `/status`, a records search by order number, by the number at the end of a Shopify
 * GID and by a BC document number, and the dashboard overview.
 *
 *   npm run bench -- bench/ledger-at-scale.ts [--records 100000,1000000] [--backends embedded,postgres] [--repeat 30]
 *        [--hub-runs 1]
 *
 * `--hub-runs N` starts the hub N times on one seeded store (a fresh process each time, so its
 * caches and the store's buffers start cold as after a restart) and reports each run and the
 * median of the runs' medians: seeding a million records takes far longer than measuring them.
 *
 * Reported per backend and size: median and p95 of each answer (after one warm-up request),
 * the seeding time, and the store's bytes per order (all ledger tables and indexes ÷ orders).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/store/open-store.ts';
import { createBenchDatabase, percentile, startEmulatorWorld, startHubProcess } from './support/hub-world.ts';
import { bytesPerOrder, seedLedger } from './support/seed-ledger.ts';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '100000,1000000' },
    backends: { type: 'string', default: 'embedded,postgres' },
    repeat: { type: 'string', default: '30' },
    'hub-runs': { type: 'string', default: '1' },
  },
});

async function timeGet(url: string, repeat: number): Promise<{ p50: number; p95: number }> {
  await fetch(url).then((response) => response.text());
  const times: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    const response = await fetch(url);
    await response.text();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const repeat = Number(args.repeat);

function describe(results: Record<string, { p50: number; p95: number }>): string {
  return Object.entries(results)
    .map(([name, { p50, p95 }]) => `${name} ${p50.toFixed(1)} / ${p95.toFixed(1)}`)
    .join(' | ');
}

async function measureHub(storeOptions: Parameters<typeof startHubProcess>[0]['store'], dir: string, orders: number) {
  const world = await startEmulatorWorld({ shopifyPlan: 'unlimited', bcLimits: false });
  const hub = await startHubProcess({ dir, world, store: storeOptions });
  try {
    const probe = Math.floor(orders / 2);
    return {
      status: await timeGet(`${hub.url}/status`, repeat),
      'search #order': await timeGet(`${hub.url}/api/records/${100000 + probe}`, repeat),
      'search GID tail': await timeGet(`${hub.url}/api/records/${6100000000 + probe}`, repeat),
      'search BC number': await timeGet(`${hub.url}/api/records/S-ORD${100000 + probe}`, repeat),
      'dashboard overview': await timeGet(`${hub.url}/dashboard`, repeat),
    };
  } finally {
    await hub.stop();
    await world.close();
  }
}
console.log(`ledger at scale, Node ${process.version}; times are median / p95 of ${repeat} requests, in ms`);
for (const records of args.records.split(',').map(Number)) {
  for (const backend of args.backends.split(',') as ('embedded' | 'postgres')[]) {
    const orders = Math.round(records / 3);
    const dir = mkdtempSync(join(tmpdir(), 'lb-scale-'));
    const database = backend === 'postgres' ? await createBenchDatabase() : undefined;
    const storeOptions = database
      ? ({ backend: 'postgres', url: database.url } as const)
      : ({ backend: 'embedded', dataDir: join(dir, 'data') } as const);
    try {
      const seedStarted = performance.now();
      const store = await openStore(storeOptions);
      await seedLedger(store, orders);
      const bytes = await bytesPerOrder(store, orders);
      await store.close();
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      const runs: Record<string, { p50: number; p95: number }>[] = [];
      for (let run = 1; run <= Number(args['hub-runs']); run += 1) {
        const results = await measureHub(storeOptions, dir, orders);
        runs.push(results);
        console.log(
          `${backend.padEnd(8)} ${records.toLocaleString('en-GB')} records (${orders.toLocaleString('en-GB')} orders), hub run ${run}: ${describe(results)} | ` +
            `seeded in ${seedSeconds.toFixed(0)} s | ${(bytes / 1024).toFixed(1)} kB per order`,
        );
      }
      if (runs.length > 1) {
        const median = Object.fromEntries(
          Object.keys(runs[0]!).map((name) => [
            name,
            {
              p50: percentile(
                runs.map((r) => r[name]!.p50),
                50,
              ),
              p95: percentile(
                runs.map((r) => r[name]!.p95),
                50,
              ),
            },
          ]),
        );
        console.log(
          `${backend.padEnd(8)} ${records.toLocaleString('en-GB')} records, median of ${runs.length} hub runs: ${describe(median)}`,
        );
      }
    } finally {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
