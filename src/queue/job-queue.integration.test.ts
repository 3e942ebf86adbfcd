import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend, postgresBackend, type BackendHandle } from '../../test/support/backends.ts';
import { postgresTestUrl } from '../../test/support/env.ts';
import { waitFor } from '../../test/support/wait-for.ts';
import { systemClock } from '../core/clock.ts';
import { ConnectorError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import type { RetryDecision } from '../core/retry.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { JobQueue } from './job-queue.ts';

const fastRetry = { maxAttempts: 3, baseDelayMs: 400, maxDelayMs: 800 };
const flaky = () => new ConnectorError({ system: 'bc', code: 'upstream_unavailable', message: 'BC is busy' });

function newQueue(store: Store) {
  return new JobQueue({ store, clock: systemClock, logger: silentLogger, pollingIntervalSeconds: 0.5, random: () => 0 });
}

describeEachBackend('queue contract', (backend: BackendHandle) => {
  let store: Store;
  let queue: JobQueue | undefined;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await queue?.stop();
    queue = undefined;
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('retries a retryable failure with the backoff stored as the next run time', async () => {
    queue = newQueue(store);
    const attempts: number[] = [];
    queue.define<{ id: string }>({
      name: 'test.retry',
      retry: fastRetry,
      handler: async (_data, context) => {
        attempts.push(context.attempt);
        if (context.attempt < 3) throw flaky();
      },
    });
    await queue.start();
    await queue.enqueue('test.retry', { id: 'a' });
    await waitFor(() => attempts.length === 3, { what: 'three attempts' });
    expect(attempts).toEqual([1, 2, 3]);
    // random() = 0 pins the delay to half the window: 200 ms after attempt 1, 400 ms after attempt 2.
    const { rows } = (await store.executeSql(
      `select (data->>'attempt')::int as attempt, extract(epoch from (start_after - created_on)) * 1000 as delay_ms
         from pgboss.job where name = 'test.retry' order by created_on`,
    )) as { rows: { attempt: number; delay_ms: string }[] };
    const delays = Object.fromEntries(rows.map((row) => [row.attempt, Number(row.delay_ms)]));
    expect(delays[2]).toBeGreaterThanOrEqual(150);
    expect(delays[2]).toBeLessThan(400);
    expect(delays[3]).toBeGreaterThanOrEqual(350);
    expect(delays[3]).toBeLessThan(800);
  });

  it("runs each connection's job under its own name, with its own handler", async () => {
    queue = newQueue(store);
    const ran: string[] = [];
    for (const connection of ['default', 'eu'])
      queue.forConnection(connection).define<{ id: string }>({
        name: 'test.connection',
        retry: fastRetry,
        handler: async (data) => void ran.push(`${connection}:${data.id}`),
      });
    await queue.start();
    await queue.forConnection('eu').enqueue('test.connection', { id: 'a' });
    await queue.forConnection('default').enqueue('test.connection', { id: 'b' });
    await waitFor(() => ran.length === 2, { what: 'both jobs' });
    expect(ran.sort()).toEqual(['default:b', 'eu:a']);
    const { rows } = (await store.executeSql(`select distinct name from pgboss.job where name like '%test.connection' order by name`)) as {
      rows: { name: string }[];
    };
    expect(rows.map((row) => row.name)).toEqual(['eu/test.connection', 'test.connection']);
    expect(queue.forConnection('default')).toBe(queue);
  });

  it("queues a job in the caller's store transaction: both commit, or neither does", async () => {
    queue = newQueue(store);
    const ran: string[] = [];
    queue.define<{ id: string }>({ name: 'test.atomic', retry: fastRetry, handler: async (data) => void ran.push(data.id) });
    await queue.start();
    const writeAndQueue = (id: string, fail: boolean) =>
      store.transaction(async (trx) => {
        await trx
          .insertInto('lb_cursor')
          .values({ name: `atomic.${id}`, value: id })
          .execute();
        await queue!.enqueue('test.atomic', { id }, { transaction: trx });
        if (fail) throw new Error('the ledger write failed after the job was queued');
      });
    await expect(writeAndQueue('rolled-back', true)).rejects.toThrow(/ledger write failed/);
    await writeAndQueue('committed', false);
    await waitFor(() => ran.includes('committed'), { what: 'the committed job to run' });
    const cursors = await store.db.selectFrom('lb_cursor').select('name').where('name', 'like', 'atomic.%').execute();
    expect(cursors.map((row) => row.name)).toEqual(['atomic.committed']);
    const { rows } = await store.executeSql(`select data->'data'->>'id' as id from pgboss.job where name = 'test.atomic'`);
    expect(rows.map((row: { id: string }) => row.id)).toEqual(['committed']);
    expect(ran).toEqual(['committed']);
  });

  it('retries a passing store failure (a serialization conflict) like a busy upstream, and gives up honestly on a defect', async () => {
    queue = newQueue(store);
    const attempts: number[] = [];
    const gaveUp: RetryDecision[] = [];
    queue.define<{ id: string }>({
      name: 'test.store-conflict',
      retry: fastRetry,
      handler: async (data, context) => {
        attempts.push(context.attempt);
        if (data.id === 'conflict' && context.attempt === 1)
          throw Object.assign(new Error('could not serialize access'), { code: '40001' });
        if (data.id === 'defect') throw new TypeError('cannot read properties of undefined');
      },
      onGiveUp: async (_data, _error, decision) => void gaveUp.push(decision),
    });
    await queue.start();
    await queue.enqueue('test.store-conflict', { id: 'conflict' });
    await waitFor(() => attempts.length === 2, { what: 'the conflicting job to run again' });
    await queue.enqueue('test.store-conflict', { id: 'defect' });
    await waitFor(() => gaveUp.length === 1, { what: 'the defect to stop' });
    expect(attempts).toEqual([1, 2, 1]);
    expect(gaveUp[0]).toMatchObject({
      stop: 'defect',
      reason: 'not retried, an unexpected error in the hub: TypeError: cannot read properties of undefined',
    });
  });

  it('runs new work at once, not on the next poll: queued directly, in a transaction, and in a burst', async () => {
    // A poll a minute apart: anything that runs within seconds was woken, not polled.
    queue = new JobQueue({ store, clock: systemClock, logger: silentLogger, pollingIntervalSeconds: 60, random: () => 0 });
    const ran: string[] = [];
    queue.define<{ id: string }>({ name: 'test.wake', retry: fastRetry, concurrency: 2, handler: async (data) => void ran.push(data.id) });
    await queue.start();
    await queue.enqueue('test.wake', { id: 'direct' });
    await waitFor(() => ran.includes('direct'), { what: 'the job to run without waiting for a poll', timeoutMs: 5_000 });
    await store.transaction((trx) => queue!.enqueue('test.wake', { id: 'in-transaction' }, { transaction: trx }));
    await waitFor(() => ran.includes('in-transaction'), { what: 'the committed job to run at once', timeoutMs: 5_000 });
    for (let i = 0; i < 30; i += 1) await queue.enqueue('test.wake', { id: `burst-${i}` });
    await waitFor(() => ran.length === 32, { what: 'a burst to drain without polls', timeoutMs: 10_000 });
  });

  it('turns exhausted retries into a give-up call instead of dropping the work', async () => {
    queue = newQueue(store);
    const gaveUp: { attempt: number; decision: RetryDecision }[] = [];
    let runs = 0;
    queue.define<{ id: string }>({
      name: 'test.exhaust',
      retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 50 },
      handler: async () => {
        runs += 1;
        throw flaky();
      },
      onGiveUp: async (_data, _error, decision, attempt) => {
        gaveUp.push({ attempt, decision });
      },
    });
    await queue.start();
    await queue.enqueue('test.exhaust', { id: 'b' });
    await waitFor(() => gaveUp.length === 1, { what: 'give-up' });
    expect(runs).toBe(2);
    expect(gaveUp[0]!.decision.reason).toMatch(/gave up after 2 attempts/);
  });

  it('does not retry what cannot succeed on a second try', async () => {
    queue = newQueue(store);
    let runs = 0;
    const reasons: string[] = [];
    queue.define<{ id: string }>({
      name: 'test.fatal',
      retry: fastRetry,
      handler: async () => {
        runs += 1;
        throw new ConnectorError({ system: 'bc', code: 'invalid_request', message: 'Customer is blocked' });
      },
      onGiveUp: async (_data, _error, decision) => {
        reasons.push(decision.reason);
      },
    });
    await queue.start();
    await queue.enqueue('test.fatal', { id: 'c' });
    await waitFor(() => reasons.length === 1, { what: 'give-up' });
    expect(runs).toBe(1);
    expect(reasons[0]).toMatch(/not retryable: bc invalid_request/);
  });

  it('keeps one waiting job per key', async () => {
    queue = newQueue(store);
    queue.define<{ recordId: number }>({
      name: 'test.keyed',
      retry: fastRetry,
      keyOf: (data) => String(data.recordId),
      handler: async () => undefined,
    });
    await queue.start({ mode: 'setup' });
    const ids = await Promise.all(Array.from({ length: 5 }, () => queue!.enqueue('test.keyed', { recordId: 7 })));
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    expect(await queue.enqueue('test.keyed', { recordId: 8 })).not.toBeNull();
    const counts = await queue.counts();
    expect(counts.find((count) => count.name === 'test.keyed')?.queued).toBe(2);
  });

  it('registers one cron schedule per flow and removes schedules no longer defined', async () => {
    queue = newQueue(store);
    queue.define({ name: 'test.poll', retry: fastRetry, handler: async () => undefined });
    queue.define({ name: 'test.sweep', retry: fastRetry, handler: async () => undefined });
    queue.schedule('test.poll', '*/5 * * * *');
    queue.schedule('test.sweep', '0 * * * *');
    await queue.start({ mode: 'setup' });
    await queue.stop();
    queue = newQueue(store);
    queue.define({ name: 'test.poll', retry: fastRetry, handler: async () => undefined });
    queue.schedule('test.poll', '*/2 * * * *');
    await queue.start({ mode: 'setup' });
    const { rows } = (await store.executeSql(`select name, cron from pgboss.schedule order by name`)) as {
      rows: { name: string; cron: string }[];
    };
    expect(rows).toEqual([{ name: 'test.poll', cron: '*/2 * * * *' }]);
  });
});

describe('crash recovery', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function crashWorkerMidJob(target: string): Promise<void> {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../test/support/crash-worker.ts'), target], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve());
      child.on('exit', (code) => reject(new Error(`crash worker exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
  }

  async function runRecovered(store: Store, options: { maintenanceIntervalSeconds?: number } = {}): Promise<number> {
    const queue = new JobQueue({ store, clock: systemClock, logger: silentLogger, pollingIntervalSeconds: 0.5, ...options });
    let completed = 0;
    queue.define<{ n: number }>({
      name: 'test.crash',
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
      expireInSeconds: 2,
      handler: async () => {
        completed += 1;
      },
    });
    await queue.start();
    try {
      await waitFor(() => completed === 1, { what: 'the interrupted job to run again', timeoutMs: 30_000 });
    } finally {
      await queue.stop();
    }
    return completed;
  }

  it('runs a job again after the embedded hub was killed while running it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-crash-'));
    dirs.push(dir);
    await crashWorkerMidJob(dir);
    const store = await openStore({ backend: 'embedded', dataDir: dir });
    try {
      expect(await runRecovered(store)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it.runIf(postgresTestUrl())('runs a job again once its run expired on PostgreSQL', async () => {
    const backend = postgresBackend(postgresTestUrl()!);
    const url = await backend.createDatabase();
    const store = await openStore({ backend: 'postgres', url });
    try {
      await crashWorkerMidJob(url);
      expect(await runRecovered(store, { maintenanceIntervalSeconds: 1 })).toBe(1);
    } finally {
      await store.close();
      await backend.cleanup();
    }
  });
});
