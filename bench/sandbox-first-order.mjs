/**
 * Benchmark: how long a newcomer waits after `npm start` — the real command, with its runtime
 * start-up — until the sandbox is ready and until the first Shopify order is a BC sales order.
 * The hub and emulators pick free ports and keep their ledger in a temporary directory.
 *
 *   node bench/sandbox-first-order.mjs [runs=3]
 *
 * Reported per run and as the median: seconds from spawning `npm start` to the SANDBOX_READY
 * line, and to the first sales order the BC emulator returns through its OData API. Plain
 * JavaScript on purpose, so the same file measures any runtime the project has used.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const root = resolve(import.meta.dirname, '..');

async function measureOnce() {
  const dir = mkdtempSync(join(tmpdir(), 'lb-first-order-'));
  const config = readFileSync(join(root, 'config/sandbox.yaml'), 'utf8').replace(/dataDir: .*/, `dataDir: ${join(dir, 'data')}`);
  writeFileSync(join(dir, 'sandbox.yaml'), config);
  const started = performance.now();
  const child = spawn(
    'npm',
    ['start', '--', '--config', join(dir, 'sandbox.yaml'), '--hub-port', '0', '--shopify-port', '0', '--bc-port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
  child.stderr.on('data', () => undefined);
  try {
    const ready = await poll(
      () => {
        const line = stdout.split('\n').find((text) => text.startsWith('SANDBOX_READY '));
        return line ? JSON.parse(line.slice('SANDBOX_READY '.length)) : undefined;
      },
      120_000,
      20,
    );
    const readyAt = performance.now();
    const token = await bcToken(stdout);
    await poll(
      async () => {
        const response = await fetch(`${ready.salesOrders}?$select=number&$top=1`, { headers: { authorization: `Bearer ${token}` } });
        const body = await response.json();
        return body.value?.length > 0 ? true : undefined;
      },
      180_000,
      100,
    );
    const firstOrderAt = performance.now();
    return { readySeconds: (readyAt - started) / 1000, firstOrderSeconds: (firstOrderAt - started) / 1000 };
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((done) => child.on('exit', done));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bcToken(text) {
  const tokenUrl = text.match(/curl -s (\S+\/oauth2\/v2\.0\/token)/)[1];
  const clientId = text.match(/client_id=(\S+)/)[1];
  const clientSecret = text.match(/client_secret=(\S+)/)[1];
  const response = await fetch(tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://api.businesscentral.dynamics.com/.default',
    }),
  });
  return (await response.json()).access_token;
}

async function poll(check, timeoutMs, intervalMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = [];
for (let run = 0; run < runs; run += 1) {
  const result = await measureOnce();
  results.push(result);
  console.log(`run ${run + 1}: ready ${result.readySeconds.toFixed(2)} s, first BC order ${result.firstOrderSeconds.toFixed(2)} s`);
}
console.log(
  `median of ${runs}: ready ${median(results.map((r) => r.readySeconds)).toFixed(2)} s, first BC order ${median(results.map((r) => r.firstOrderSeconds)).toFixed(2)} s`,
);
