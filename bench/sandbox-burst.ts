/**
 * Benchmark: a flash sale in the sandbox. The real `ledgerbridge sandbox` process — the Shopify
 * emulator on a standard plan's cost bucket (2,000 points, 100 restored a second), the BC emulator
 * enforcing BC online's documented limits (6,000 requests per 5 minutes, 5 at once), the
 * warehouse, and the hub with every flow of the sandbox configuration on its embedded store — with
 * the generator stopped. Then `--orders` orders are placed at once through the Shopify emulator's
 * control API, with the generator's usual mix (some of them held on purpose: missing customs data,
 * unknown SKUs), and the hub's own `/status` is read every half second.
 *
 *   npm run bench -- bench/sandbox-burst.ts [--orders 600] [--runs 3]
 *
 * Reported per run, in wall-clock time from the first order placed: when the orders flow had
 * settled every one of them (posted in BC, or held as an exception), and the rate of orders
 * into BC over that time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { percentile } from './support/hub-world.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '600' },
    runs: { type: 'string', default: '3' },
    // Keep the sandbox's own log (stdout and stderr) of each run, to see what held the tail.
    log: { type: 'string' },
  },
});
const orderCount = Number(args.orders);
const root = resolve(import.meta.dirname, '..');

interface OrdersFigures {
  posted: number;
  inException: number;
}

async function ordersFigures(hub: string): Promise<OrdersFigures> {
  const status = (await (await fetch(`${hub}/status`)).json()) as { flows: { flow: string; posted: number; inException: number }[] };
  // The orders flow has no row until it has a record or a run.
  const orders = status.flows.find((flow) => flow.flow === 'orders');
  return { posted: orders?.posted ?? 0, inException: orders?.inException ?? 0 };
}

async function runOnce(run: number): Promise<{
  seconds: number;
  posted: number;
  held: number;
  perMinute: number;
  half: number;
  ninety: number;
  heldBy: Record<string, number>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-burst-'));
  const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8').replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`);
  writeFileSync(join(dir, 'sandbox.yaml'), config);
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/ledgerbridge.js'),
      'sandbox',
      '--config',
      join(dir, 'sandbox.yaml'),
      '--orders-per-minute',
      '0',
      '--hub-port',
      '0',
      '--shopify-port',
      '0',
      '--bc-port',
      '0',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const log: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => args.log && log.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => args.log && log.push(chunk));
  try {
    let ready: { hub: string; shopify: string } | undefined;
    for (let waited = 0; !ready; waited += 100) {
      if (waited > 120_000) throw new Error(`the sandbox did not start:\n${stdout}`);
      const line = stdout.split('\n').find((text) => text.startsWith('SANDBOX_READY '));
      if (line) ready = JSON.parse(line.slice('SANDBOX_READY '.length)) as { hub: string; shopify: string };
      else await new Promise((done) => setTimeout(done, 100));
    }
    // Let the first polls, subscriptions and the first stock sync settle.
    await new Promise((done) => setTimeout(done, 15_000));
    const before = await ordersFigures(ready.hub);
    const started = performance.now();
    for (let placed = 0; placed < orderCount; placed += 300) {
      const response = await fetch(`${ready.shopify}/_emulator/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count: Math.min(300, orderCount - placed) }),
      });
      if (!response.ok) throw new Error(`placing orders: ${response.status} ${await response.text()}`);
    }
    const postedAt: number[] = [];
    let figures = before;
    while (performance.now() - started < 15 * 60_000) {
      await new Promise((done) => setTimeout(done, 500));
      figures = await ordersFigures(ready.hub);
      const posted = figures.posted - before.posted;
      while (postedAt.length < posted) postedAt.push((performance.now() - started) / 1000);
      if (posted + figures.inException - before.inException >= orderCount) break;
    }
    const posted = figures.posted - before.posted;
    // What held the rest: the generator's deliberate faults, or something transient?
    const listed = (await (await fetch(`${ready.hub}/api/exceptions?flow=orders&limit=1000`)).json()) as { exceptions: { code: string }[] };
    const heldBy: Record<string, number> = {};
    for (const { code } of listed.exceptions) heldBy[code] = (heldBy[code] ?? 0) + 1;
    const seconds = postedAt.at(-1) ?? Number.NaN;
    return {
      seconds,
      posted,
      held: figures.inException - before.inException,
      perMinute: (posted / seconds) * 60,
      half: postedAt[Math.floor(posted / 2)] ?? Number.NaN,
      ninety: postedAt[Math.floor(posted * 0.9)] ?? Number.NaN,
      heldBy,
    };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((done) => child.on('exit', done));
    if (args.log) writeFileSync(`${args.log}.${run}`, Buffer.concat(log));
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`sandbox burst: ${orderCount} orders placed at once, Node ${process.version}`);
const results = [];
for (let run = 1; run <= Number(args.runs); run += 1) {
  const r = await runOnce(run);
  results.push(r);
  console.log(
    `run ${run}: ${r.posted} in BC, ${r.held} held, the last in BC after ${r.seconds.toFixed(1)} s (half after ${r.half.toFixed(1)} s, ` +
      `90 % after ${r.ninety.toFixed(1)} s) = ${r.perMinute.toFixed(0)} orders/min; held by ${JSON.stringify(r.heldBy)}`,
  );
}
console.log(
  `median: last in BC after ${percentile(
    results.map((r) => r.seconds),
    50,
  ).toFixed(1)} s, ${percentile(
    results.map((r) => r.perMinute),
    50,
  ).toFixed(0)} orders/min`,
);
