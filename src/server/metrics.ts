/**
 * Prometheus metrics at /metrics (prom-client), for the monitoring people already run. Ledger
 * figures are read at scrape time from what the store keeps cheap: records per connection, flow
 * and state from `lb_record_count` (never a count over the ledger), open exceptions by team,
 * category and kind, the webhook inbox by source and status, each with the `connection` (shop)
 * it is of; summed over that label they are the hub's. Job latencies are a histogram the queue
 * feeds. The BC request budget (per app registration) and the Shopify cost bucket (per shop)
 * come from the connectors' own limiters. See docs/guides/alerts.md ("Metrics") for every name.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { summariseFlowsByConnection } from '../ledger/records.ts';
import { attentionOf } from '../operations/attention.ts';
import type { Operations } from '../operations/types.ts';
import type { Store } from '../store/open-store.ts';

export interface MetricSources {
  store: Store;
  operations: Operations;
  queueCounts(): Promise<{ name: string; queued: number; active: number; failed: number }[]>;
  /**
   * Per BC app registration in use (BC's budget is per registration; connections on one share
   * it): requests BC counted in its current 5-minute window, and the hub's share of it. On
   * PostgreSQL `used` counts every hub process's requests (decision 0024).
   */
  bcBudgets?: () => BcBudgetReading[];
  /** Each shop's Shopify cost bucket as last seen (one per connection; the bucket is per app and shop). */
  shopifyBuckets?: () => {
    shop: string;
    connection: string;
    status: { currentlyAvailable: number; maximumAvailable: number } | undefined;
  }[];
}

/** One BC app registration's budget: which tenant and client id, the connections using it. */
export interface BcBudgetReading {
  tenant: string;
  clientId: string;
  connections: string[];
  used: number | Promise<number>;
  limit: number;
}

export interface HubMetrics {
  registry: Registry;
  /** Told by the queue after every job run. */
  observeJob(job: string, outcome: string, durationMs: number): void;
}

export function createHubMetrics(sources: MetricSources): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ledgerbridge_' });
  const db = sources.store.db;
  // prom-client collects the metrics of one scrape concurrently: the gauges read from the
  // operator status share one reading instead of each computing it.
  let statusReading: { at: number; status: ReturnType<MetricSources['operations']['status']> } | undefined;
  const statusForScrape = () => {
    const now = Date.now();
    if (!statusReading || now - statusReading.at > 1000) statusReading = { at: now, status: sources.operations.status() };
    return statusReading.status;
  };

  new Gauge({
    name: 'ledgerbridge_records',
    help: 'Ledger records per connection, flow and state (from the store’s counters).',
    labelNames: ['connection', 'flow', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await db.selectFrom('lb_record_count').select(['connection_id', 'flow', 'state', 'n']).execute())
        this.set({ connection: row.connection_id, flow: row.flow, state: row.state }, Number(row.n));
    },
  });
  new Gauge({
    name: 'ledgerbridge_open_exceptions',
    help: 'Open exceptions by connection, owning team, category, flow and kind (attention: action or review).',
    labelNames: ['connection', 'team', 'category', 'flow', 'attention'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db
        .selectFrom('lb_exception')
        .select((eb) => ['connection_id', 'owner', 'category', 'flow', 'severity', eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'open')
        .groupBy(['connection_id', 'owner', 'category', 'flow', 'severity'])
        .execute();
      for (const row of rows) {
        const labels = {
          connection: row.connection_id,
          team: row.owner,
          category: row.category,
          flow: row.flow,
          attention: attentionOf({ severity: row.severity as 'info' }),
        };
        this.inc(labels, Number(row.n));
      }
    },
  });
  new Gauge({
    name: 'ledgerbridge_oldest_unposted_age_seconds',
    help: 'Age of the oldest unfinished record per connection and flow.',
    labelNames: ['connection', 'flow'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      for (const summary of await summariseFlowsByConnection(db))
        this.set(
          { connection: summary.connection, flow: summary.flow },
          summary.oldestUnpostedAt ? Math.max(0, Math.round((now - summary.oldestUnpostedAt.getTime()) / 1000)) : 0,
        );
    },
  });
  new Gauge({
    name: 'ledgerbridge_monitor',
    help: 'Each monitoring figure (released not at the warehouse, shipped not in BC, drift, payouts not posted…).',
    labelNames: ['connection', 'flow', 'name', 'needs_attention'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const figure of (await statusForScrape()).monitors)
        this.set(
          {
            connection: figure.connection ?? 'default',
            flow: figure.flow,
            name: figure.name,
            needs_attention: String(Boolean(figure.needsAttention)),
          },
          figure.value,
        );
    },
  });
  new Gauge({
    name: 'ledgerbridge_webhook_inbox',
    help: 'Webhook deliveries taken in, by connection, source and status (the inbox keeps them for its retention period).',
    labelNames: ['connection', 'source', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db
        .selectFrom('lb_inbox')
        .select((eb) => ['connection_id', 'source', 'status', eb.fn.countAll<number>().as('n')])
        .groupBy(['connection_id', 'source', 'status'])
        .execute();
      for (const row of rows) this.set({ connection: row.connection_id, source: row.source, status: row.status }, Number(row.n));
    },
  });
  new Gauge({
    name: 'ledgerbridge_queue_jobs',
    help: 'Jobs in the work queue by queue and state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of await sources.queueCounts())
        for (const state of ['queued', 'active', 'failed'] as const) this.set({ queue: queue.name, state }, queue[state]);
    },
  });
  if (sources.bcBudgets) {
    const budgets = sources.bcBudgets;
    // One series per app registration: BC counts and limits requests per registration.
    const labelsOf = (budget: BcBudgetReading) => ({
      tenant: budget.tenant,
      client_id: budget.clientId,
      connections: budget.connections.join(','),
    });
    const labelNames = ['tenant', 'client_id', 'connections'] as const;
    new Gauge({
      name: 'ledgerbridge_bc_requests_in_window',
      help: 'Business Central requests started in the current 5-minute window, per app registration.',
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const budget of budgets()) this.set(labelsOf(budget), await budget.used);
      },
    });
    new Gauge({
      name: 'ledgerbridge_bc_request_budget',
      help: 'The hub’s share of BC’s requests per 5-minute window (bc.requestsPerWindow), per app registration.',
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const budget of budgets()) this.set(labelsOf(budget), budget.limit);
      },
    });
  }
  if (sources.shopifyBuckets) {
    const buckets = sources.shopifyBuckets;
    new Gauge({
      name: 'ledgerbridge_shopify_bucket_available',
      help: 'Shopify GraphQL cost points available now (projected from the last answer), per shop.',
      labelNames: ['shop', 'connection'],
      registers: [registry],
      collect() {
        for (const { shop, connection, status } of buckets()) if (status) this.set({ shop, connection }, status.currentlyAvailable);
      },
    });
    new Gauge({
      name: 'ledgerbridge_shopify_bucket_capacity',
      help: 'The Shopify GraphQL cost bucket’s size, per shop.',
      labelNames: ['shop', 'connection'],
      registers: [registry],
      collect() {
        for (const { shop, connection, status } of buckets()) if (status) this.set({ shop, connection }, status.maximumAvailable);
      },
    });
  }
  const jobSeconds = new Histogram({
    name: 'ledgerbridge_job_duration_seconds',
    help: 'How long each job run took, by job and outcome (ok, retrying, gave_up).',
    labelNames: ['job', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'ledgerbridge_job_runs_total',
    help: 'Job runs by job and outcome.',
    labelNames: ['job', 'outcome'],
    registers: [registry],
  });
  return {
    registry,
    observeJob(job, outcome, durationMs) {
      const kind = outcome === 'ok' ? 'ok' : outcome.startsWith('retrying') ? 'retrying' : 'gave_up';
      jobSeconds.observe({ job, outcome: kind }, durationMs / 1000);
      jobRuns.inc({ job, outcome: kind });
    },
  };
}
