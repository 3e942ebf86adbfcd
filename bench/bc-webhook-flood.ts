/**
 * Benchmark: the BC webhook receiver under the requests of issue 14, through the hub's real
 * server (src/server/create-server.ts) on the embedded store, on disk, over loopback HTTP.
 *
 *   npm run bench -- bench/bc-webhook-flood.ts [runs=3]
 *
 * Reported, median of the runs: the answer time of 1,000 notifications of ours in one request
 * (each stored in the inbox, the items poll woken once), of 1,000 strangers' notifications (all
 * refused), and of an unauthenticated 150 MB POST, with the hub's resident memory before and
 * after it. The hub runs in a child process of its own, so its memory is its alone.
 */
import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/core/clock.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createLocalOperations } from '../src/operations/local-operations.ts';
import { createServer } from '../src/server/create-server.ts';
import { listen } from '../src/server/listen.ts';
import { openStore } from '../src/store/open-store.ts';

const runs = Number(process.argv[2] ?? 3);
const clientState = 'bench-client-state-0123456789abcdef';

if (process.argv[2] === 'serve') {
  const dir = mkdtempSync(join(tmpdir(), 'lb-bench-bc-'));
  const store = await openStore({ backend: 'embedded', dataDir: join(dir, 'data') });
  let woken = 0;
  const app = createServer({
    store,
    operations: createLocalOperations({ store, hubName: 'bench', clock: systemClock, queueCounts: async () => [], retriers: {} }),
    apiToken: undefined,
    isReady: () => true,
    logger: silentLogger,
    shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 2 * 1024 * 1024, verify: () => false, topics: {} },
    bcWebhooks: { clientState, maxBodyBytes: 1024 * 1024, triggers: { items: async () => (woken += 1) } },
  });
  const server = await listen(app, '127.0.0.1', 0);
  process.send!({ url: server.url });
  process.on('message', async () => {
    const inbox = await store.db
      .selectFrom('lb_inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    process.send!({ inbox: Number(inbox.n), woken });
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
} else {
  await measure();
}

async function measure() {
  const hub = fork(new URL(import.meta.url).pathname, ['serve'], { stdio: 'inherit' });
  const url = await new Promise<string>((resolve) => hub.once('message', (message: { url: string }) => resolve(message.url)));
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${hub.pid}/status`, 'utf8'))![1]) * 1024;
  let sequence = 0;
  function notifications(count: number, state: string): string {
    return JSON.stringify({
      value: Array.from({ length: count }, () => {
        sequence += 1;
        return {
          subscriptionId: 'bench',
          clientState: state,
          expirationDateTime: '2026-12-01T00:00:00Z',
          resource: `api/v2.0/companies(1)/items(${sequence})`,
          changeType: 'updated',
          lastModifiedDateTime: '2026-11-24T10:00:00Z',
        };
      }),
    });
  }

  /** One POST over loopback (node:http: no client timeout, however long the hub takes). */
  function timed(body: string | Uint8Array): Promise<{ ms: number; status: number }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const bytes = Buffer.from(body);
      const request = httpRequest(
        `${url}/webhooks/bc`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': bytes.length } },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
        },
      );
      // The hub may answer (413) and close before the whole body is written.
      request.on('error', (error) => (request.writableEnded ? undefined : reject(error)));
      request.end(bytes);
    });
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

  const ours: number[] = [];
  const strangers: number[] = [];
  const huge: number[] = [];
  const memory: string[] = [];
  const statuses = new Set<string>();
  const big = new Uint8Array(150 * 1024 * 1024).fill(0x61);
  for (let run = 0; run < runs; run += 1) {
    const accepted = await timed(notifications(1000, clientState));
    statuses.add(`ours ${accepted.status}`);
    ours.push(accepted.ms);
    const refused = await timed(notifications(1000, 'a-stranger'));
    statuses.add(`strangers ${refused.status}`);
    strangers.push(refused.ms);
    const before = rss();
    const flood = await timed(big);
    statuses.add(`150 MB ${flood.status}`);
    huge.push(flood.ms);
    memory.push(`${mib(before)} → ${mib(rss())}`);
  }
  hub.send('done');
  const inbox = await new Promise<{ inbox: number; woken: number }>((resolve) => hub.once('message', resolve));
  console.log(
    `1,000 notifications of ours:            median ${median(ours).toFixed(0)} ms  (${ours.map((ms) => ms.toFixed(0)).join(', ')})`,
  );
  console.log(
    `1,000 strangers' notifications:        median ${median(strangers).toFixed(0)} ms  (${strangers.map((ms) => ms.toFixed(0)).join(', ')})`,
  );
  console.log(
    `150 MB unauthenticated POST:           median ${median(huge).toFixed(0)} ms  (${huge.map((ms) => ms.toFixed(0)).join(', ')})`,
  );
  console.log(`the hub's resident memory around each 150 MB POST: ${memory.join('; ')}`);
  console.log(`inbox rows: ${inbox.inbox}; items poll woken ${inbox.woken} times; answers: ${[...statuses].join(', ')}`);
}
