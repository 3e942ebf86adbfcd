/**
 * Durable jobs on pg-boss over the hub's own store (embedded or PostgreSQL).
 *
 * Latency: a job this process queues wakes an idle worker of its queue at once (after the
 * commit, when it was queued in a transaction), and a worker that just ran a job looks for the
 * next one at once; only an empty queue is polled, and only by its first worker. Jobs queued by
 * other processes (PostgreSQL) wake workers through LISTEN/NOTIFY; the polls are the floor.
 *
 * Retries: a failed handler is judged by the one retry-decision function (`core/retry.ts`).
 * A retry is a new job whose start time, stored in the database, is the computed backoff;
 * when the decision is "give up" the job definition's `onGiveUp` turns the failure into a
 * ledger exception, so nothing vanishes. pg-boss's own retry (with its expiry) is kept only
 * for work interrupted by a crash: an active job whose process died is tried again.
 */
import { PgBoss, fromKysely } from 'pg-boss';
import type { Clock } from '../core/clock.ts';
import { decideRetry, type RetryDecision, type RetryPolicy } from '../core/retry.ts';
import type { Logger } from '../core/logger.ts';
import type { Executor, Store } from '../store/open-store.ts';
import { DEFAULT_CONNECTION_ID } from '../store/connection-scope.ts';
import { afterCommit } from '../store/transaction-guard.ts';

export interface JobContext {
  jobId: string;
  /** 1 for the first run; retries count up. */
  attempt: number;
  signal: AbortSignal;
}

export interface JobDefinition<T> {
  /** Queue name, `<flow>.<job>`, e.g. `orders.import`. */
  name: string;
  handler(data: T, context: JobContext): Promise<void>;
  retry: RetryPolicy;
  /** Called when the decision is to stop; it must leave a trace in the ledger. */
  onGiveUp?(data: T, error: unknown, decision: RetryDecision, attempt: number): Promise<void>;
  /** At most one waiting and one running job per key (pg-boss "stately" policy). */
  keyOf?(data: T): string | undefined;
  concurrency?: number;
  /** How long a run may take before it counts as lost (crash recovery on PostgreSQL). */
  expireInSeconds?: number;
}

interface Envelope<T> {
  data: T;
  attempt: number;
}

export interface EnqueueOptions {
  delayMs?: number;
  key?: string;
  /** Queue the job in this store transaction: it exists if and only if the transaction commits. */
  transaction?: Executor;
}

export interface QueueCounts {
  name: string;
  queued: number;
  active: number;
  failed: number;
}

export interface JobQueueOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** How often an idle queue's first worker looks for work it was not woken for (cron runs, other processes); default 2 s. */
  pollingIntervalSeconds?: number;
  /** PostgreSQL only: the connection URL, so pg-boss can LISTEN for jobs other processes queue. */
  listenUrl?: string;
  /** How often expired jobs are swept (crash recovery on PostgreSQL); default 60 s. */
  maintenanceIntervalSeconds?: number;
  /** Randomness for backoff jitter; tests pin it. */
  random?: () => number;
  /** Told after every run, e.g. to keep each flow's "last run" for status. */
  onRunFinished?(job: string, outcome: string, durationMs: number): Promise<void>;
  /** Waited for before each job runs: the webhook intake's turn first in a burst (IntakeGate.whenClear). */
  yieldTo?(): Promise<void>;
}

/** A connection's job name: `eu/orders.import`; the default connection's is the bare name. */
export function connectionJobName(connectionId: string, name: string): string {
  return connectionId === DEFAULT_CONNECTION_ID ? name : `${connectionId}/${name}`;
}

const CRASH_RETRY = { retryLimit: 5, retryDelay: 1, retryBackoff: true } as const;
const SCHEMA = 'pgboss';
/** Workers after a queue's first are woken, never waiting on their own poll for long. */
const SPARE_WORKER_POLL_SECONDS = 30;

interface QueueWorker {
  id: string | undefined;
  busy: boolean;
}

export class JobQueue {
  readonly #boss: PgBoss;
  readonly #definitions = new Map<string, JobDefinition<unknown>>();
  readonly #schedules: { name: string; cron: string; data: unknown }[] = [];
  readonly #abort = new AbortController();
  readonly #workers = new Map<string, QueueWorker[]>();
  #started = false;

  private readonly options: JobQueueOptions;
  constructor(options: JobQueueOptions) {
    this.options = options;
    const { store } = options;
    this.#boss = new PgBoss({
      // On PostgreSQL pg-boss keeps a small pool of its own, which can also LISTEN.
      ...(options.listenUrl
        ? { connectionString: options.listenUrl, max: 4, useListenNotify: true, application_name: 'ledgerbridge-queue' }
        : { db: { executeSql: (text: string, values?: unknown[]) => store.executeSql(text, values) } }),
      schema: SCHEMA,
      ...(store.backend === 'embedded' ? { backend: 'pglite' as const } : {}),
      // pg-boss's supervisor finds expired runs (crash recovery on PostgreSQL) on this beat.
      superviseIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
      monitorIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    this.#boss.on('error', (error: unknown) => options.logger.error({ err: error }, 'queue error'));
  }

  define<T>(definition: JobDefinition<T>): void {
    if (this.#started) throw new Error(`define ${definition.name} before the queue starts`);
    this.#definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  /**
   * The queue as one connection's flows see it (decision 0026): the same queue, each job name
   * prefixed `<connection>/`, so a queued job runs against its own connection's connectors.
   * The `default` connection's names are bare: a single-shop hub's jobs keep their names.
   */
  forConnection(connectionId: string): JobQueue {
    if (connectionId === DEFAULT_CONNECTION_ID) return this;
    const named = (name: string) => connectionJobName(connectionId, name);
    const view: Pick<JobQueue, 'define' | 'schedule' | 'enqueue' | 'forConnection'> = {
      define: (definition) => this.define({ ...definition, name: named(definition.name) }),
      schedule: (name, cron, data) => this.schedule(named(name), cron, data),
      enqueue: (name, data, options) => this.enqueue(named(name), data, options),
      forConnection: (other) => this.forConnection(other),
    };
    // The rest (start, stop, counts) is the whole queue's: delegated, so the view is a JobQueue.
    return new Proxy(this, {
      get: (target, property, receiver) => {
        if (Object.hasOwn(view, property)) return view[property as keyof typeof view];
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Runs `name` on a cron schedule (UTC), e.g. the polling safety net of a flow. */
  schedule(name: string, cron: string, data: unknown = {}): void {
    this.#schedules.push({ name, cron, data });
  }

  /**
   * Starts pg-boss. `worker` (the hub) creates the queues, syncs the schedules and runs jobs;
   * `setup` does the first two only; `client` (a CLI that only enqueues) leaves queues and
   * schedules exactly as the hub defined them.
   */
  async start({ mode = 'worker' }: { mode?: 'worker' | 'setup' | 'client' } = {}): Promise<void> {
    await this.#boss.start();
    this.#started = true;
    if (mode === 'client') return;
    for (const definition of this.#definitions.values()) {
      await this.#boss.createQueue(definition.name, {
        policy: definition.keyOf ? 'stately' : 'standard',
        ...CRASH_RETRY,
        expireInSeconds: definition.expireInSeconds ?? 300,
        // Completed jobs are history the ledger already keeps; a week is enough for diagnosis.
        deleteAfterSeconds: 7 * 24 * 3600,
        notify: true,
      });
    }
    const scheduled = new Set(this.#schedules.map((entry) => entry.name));
    for (const existing of await this.#boss.getSchedules()) {
      if (!scheduled.has(existing.name)) await this.#boss.unschedule(existing.name);
    }
    for (const entry of this.#schedules) {
      await this.#boss.schedule(entry.name, entry.cron, { data: entry.data, attempt: 1 } satisfies Envelope<unknown>, { tz: 'UTC' });
    }
    if (mode === 'setup') return;
    if (this.options.store.backend === 'embedded') await this.recoverInterruptedJobs();
    const idlePoll = this.options.pollingIntervalSeconds ?? 2;
    for (const definition of this.#definitions.values()) {
      // pg-boss runs one fetch loop per `work` call: more calls, more jobs of this queue in flight.
      const workers: QueueWorker[] = [];
      this.#workers.set(definition.name, workers);
      for (let loop = 0; loop < (definition.concurrency ?? 1); loop += 1) {
        const worker: QueueWorker = { id: undefined, busy: false };
        workers.push(worker);
        const poll = loop === 0 ? idlePoll : Math.max(idlePoll, SPARE_WORKER_POLL_SECONDS);
        worker.id = await this.#boss.work<Envelope<unknown>>(
          definition.name,
          { pollingIntervalSeconds: poll, notifyPollingIntervalSeconds: Math.max(poll, SPARE_WORKER_POLL_SECONDS), batchSize: 1 },
          async ([job]: { id: string; data: Envelope<unknown> }[]) => {
            if (!job) return;
            worker.busy = true;
            try {
              await this.#run(definition, job.id, job.data);
            } finally {
              worker.busy = false;
              // Where there was one job there may be more: look again at once instead of sleeping.
              if (worker.id) this.#boss.notifyWorker(worker.id);
            }
          },
        );
      }
    }
  }

  /** Wakes an idle worker of `name`; a busy one looks again by itself when it finishes. */
  #wake(name: string): void {
    const idle = this.#workers.get(name)?.find((worker) => !worker.busy && worker.id);
    if (idle) this.#boss.notifyWorker(idle.id!);
  }

  async enqueue<T>(name: string, data: T, options: EnqueueOptions = {}): Promise<string | null> {
    // A process that only enqueues (the CLI) need not define the job's handler.
    const definition = this.#definitions.get(name);
    const key = options.key ?? definition?.keyOf?.(data);
    return this.#send(name, { data, attempt: 1 }, options.delayMs ?? 0, key, options.transaction);
  }

  async counts(): Promise<QueueCounts[]> {
    const result = (await this.options.store.executeSql(
      `select name,
              count(*) filter (where state in ('created', 'retry'))::int as queued,
              count(*) filter (where state = 'active')::int as active,
              count(*) filter (where state = 'failed')::int as failed
         from ${SCHEMA}.job where name not like '\\_\\_pgboss%' group by name order by name`,
    )) as { rows: QueueCounts[] };
    return result.rows;
  }

  async stop(): Promise<void> {
    this.#abort.abort(new Error('the queue is stopping'));
    await this.#boss.stop({ graceful: true, timeout: 10_000 });
  }

  /**
   * On the embedded store one process owns the data, so a job still marked active at start
   * was cut off by a crash: hand it back to pg-boss as failed, which retries it at once.
   * On PostgreSQL other processes may be running it; there the job's expiry decides.
   */
  async recoverInterruptedJobs(): Promise<number> {
    const result = (await this.options.store.executeSql(`select id, name from ${SCHEMA}.job where state = 'active'`)) as {
      rows: { id: string; name: string }[];
    };
    for (const row of result.rows) {
      await this.#boss.fail(row.name, row.id, { message: 'interrupted by a restart; running it again' });
      this.options.logger.warn({ job: row.name, jobId: row.id }, 'recovered a job interrupted by a restart');
    }
    return result.rows.length;
  }

  async #send(
    name: string,
    envelope: Envelope<unknown>,
    delayMs: number,
    key: string | undefined,
    transaction?: Executor,
  ): Promise<string | null> {
    const id = await this.#boss.send(name, envelope as object, {
      ...(key ? { singletonKey: key } : {}),
      ...(delayMs > 0 ? { startAfter: new Date(this.options.clock.now() + delayMs) } : {}),
      ...(transaction ? { db: fromKysely(transaction) } : {}),
    });
    // A job queued in a transaction is visible once it commits; waking a worker earlier finds nothing.
    if (id !== null && delayMs <= 0) {
      if (transaction) afterCommit(() => this.#wake(name));
      else this.#wake(name);
    }
    return id;
  }

  async #run(definition: JobDefinition<unknown>, jobId: string, envelope: Envelope<unknown>): Promise<void> {
    const { logger } = this.options;
    const attempt = envelope.attempt ?? 1;
    const started = performance.now();
    let outcome = 'ok';
    try {
      await this.options.yieldTo?.();
      await definition.handler(envelope.data, { jobId, attempt, signal: this.#abort.signal });
    } catch (error) {
      const decision = decideRetry({ error, attempt, policy: definition.retry, random: (this.options.random ?? Math.random)() });
      logger.warn(
        { job: definition.name, jobId, attempt, reason: decision.reason },
        decision.retry ? 'job will be retried' : 'job gave up',
      );
      outcome = decision.retry ? `retrying: ${decision.reason}` : `gave up: ${decision.reason}`;
      if (decision.retry) {
        const key = definition.keyOf?.(envelope.data);
        await this.#send(definition.name, { data: envelope.data, attempt: attempt + 1 }, decision.delayMs, key);
      } else {
        await definition.onGiveUp?.(envelope.data, error, decision, attempt);
      }
    }
    await this.options
      .onRunFinished?.(definition.name, outcome, performance.now() - started)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not record the run'));
  }
}
