/**
 * Benchmark: Shopify webhook intake through the hub's real receiver (src/server/create-server.ts)
 * on the embedded store, on disk. Each request is an `orders/create` delivery signed with
 * HMAC-SHA256; the receiver verifies it, records it in the inbox, takes the order into the
 * ledger and queues its import job (pg-boss on the same store). Nothing consumes the queue.
 *
 *   npm run bench -- bench/shopify-webhook-intake.ts [deliveries=2000]
 *
 * Reported: deliveries per second and latency percentiles, in-process (app.request, no
 * socket) and over loopback HTTP, for new orders and for redeliveries of the same event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildConnectors, createQueue, createOperations, defineFlows } from '../src/app.ts';
import { readEnv } from '../src/config/env.ts';
import { loadConfigFile } from '../src/config/load-config.ts';
import { signWebhookBody, verifyWebhookHmac } from '../src/connectors/shopify/index.ts';
import { silentLogger } from '../src/core/logger.ts';
import { sandboxSecrets } from '../src/sandbox/run-sandbox.ts';
import { createServer } from '../src/server/create-server.ts';
import { listen } from '../src/server/listen.ts';
import { openStore } from '../src/store/open-store.ts';

const deliveries = Number(process.argv[2] ?? 2000);
const concurrency = 8;
const root = resolve(import.meta.dirname, '..');
const secret = sandboxSecrets.SHOPIFY_WEBHOOK_SECRETS;

function delivery(index: number, eventId = `bench-event-${index}`) {
  const id = 9_007_199_254_740_993n + BigInt(index) * 2n;
  const body = `{"id":${id},"admin_graphql_api_id":"gid://shopify/Order/${id}","name":"#${100_000 + index}","updated_at":"2026-11-24T09:00:00Z","line_items":[]}`;
  const headers = {
    'content-type': 'application/json',
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'ledgerbridge-sandbox.myshopify.com',
    'x-shopify-api-version': '2026-10',
    'x-shopify-webhook-id': `bench-webhook-${index}`,
    'x-shopify-event-id': eventId,
    'x-shopify-hmac-sha256': signWebhookBody(body, secret),
  };
  return { body, headers };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function measure(label: string, count: number, send: (index: number) => Promise<Response>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) {
        const at = performance.now();
        const response = await send(index);
        if (response.status !== 200) throw new Error(`${label}: delivery ${index} answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
        latencies.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} ${String(count).padStart(6)} in ${seconds.toFixed(2).padStart(6)} s  ${(count / seconds).toFixed(0).padStart(5)}/s  p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'lb-bench-intake-'));
const loaded = loadConfigFile(join(root, 'config/sandbox.yaml'), readEnv({ ...sandboxSecrets }));
const store = await openStore({ backend: 'embedded', dataDir: join(dir, 'data') });
const queue = createQueue(store, { logger: silentLogger });
// The connectors point at the sandbox's emulators, which are not running: intake never calls them.
const flows = defineFlows(store, queue, loaded, await buildConnectors(loaded, { logger: silentLogger }), { logger: silentLogger });
// Queues and schedules are created, but no job runs: what is measured is intake alone.
await queue.start({ mode: 'setup' });
const app = createServer({
  store,
  operations: createOperations(store, loaded, queue),
  apiToken: undefined,
  isReady: () => true,
  logger: silentLogger,
  shopifyWebhooks: {
    secrets: [secret],
    maxBodyBytes: loaded.config.server.maxBodyBytes,
    verify: verifyWebhookHmac,
    topics: flows.webhookTopics,
  },
});
const server = await listen(app, '127.0.0.1', 0);

console.log(`Shopify webhook intake, embedded store on disk, ${concurrency} deliveries in flight, Node ${process.version}`);
const inProcess = (offset: number, fixedEvent?: boolean) => (index: number) => {
  const { body, headers } = delivery(offset + index, fixedEvent ? `bench-event-${offset + index}` : undefined);
  return Promise.resolve(app.request('/webhooks/shopify', { method: 'POST', headers, body }));
};
await measure('warm-up (new orders, in-process)', 200, inProcess(1_000_000));
await measure('new orders, in-process', deliveries, inProcess(0));
await measure('redeliveries of handled events, in-process', deliveries, inProcess(0, true));
await measure('new orders, loopback HTTP', deliveries, (index) => {
  const { body, headers } = delivery(2_000_000 + index);
  return fetch(`${server.url}/webhooks/shopify`, { method: 'POST', headers, body });
});
const counts = await queue.counts();
console.log(`queued import jobs: ${counts.find((count) => count.name === 'orders.import')?.queued ?? 0}`);

await server.close();
await queue.stop();
await store.close();
rmSync(dir, { recursive: true, force: true });
