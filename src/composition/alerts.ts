/** Puts the alerts flow together: its channels' senders (SMTP, Slack, Teams, webhook), its jobs, and how its deliveries are retried. */
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { createAlertSenders, type AlertSenders } from '../flows/alerts/channels.ts';
import { alertsJobs, type AlertsFlowDeps, type DeliverJob } from '../flows/alerts/deps.ts';
import { defineAlertsJobs } from '../flows/alerts/jobs.ts';
import type { RecordRetrier } from '../operations/local-operations.ts';
import { OperatorRefusal } from '../operations/refusal.ts';
import type { JobQueue } from '../queue/job-queue.ts';
import type { Store } from '../store/open-store.ts';

export interface AlertsOptions {
  logger: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** The hub's own address, when no public or dashboard URL is configured. */
  hubUrl?: string;
  /** Tests give their own senders. */
  senders?: AlertSenders;
}

export function defineAlerts(store: Store, queue: JobQueue, loaded: LoadedConfig, options: AlertsOptions): AlertsFlowDeps | undefined {
  const { config, secrets } = loaded;
  if (config.alerts.rules.length === 0) return undefined;
  const clock = options.clock ?? systemClock;
  const { retry } = config.alerts;
  const deps: AlertsFlowDeps = {
    db: store.db,
    queue,
    clock,
    logger: options.logger.child({ flow: 'alerts' }),
    config: config.alerts,
    timeZone: config.hub.timeZone,
    dashboardUrl: config.alerts.dashboardUrl ?? config.server.publicUrl ?? options.hubUrl,
    senders:
      options.senders ??
      createAlertSenders({
        config: config.alerts,
        secrets: secrets.alertSecrets ?? {},
        smtpPassword: secrets.smtpPassword,
        fetch: options.fetch ?? globalThis.fetch,
        now: () => clock.now(),
      }),
    retry: { maxAttempts: retry.maxAttempts, baseDelayMs: retry.baseDelaySeconds * 1000, maxDelayMs: retry.maxDelaySeconds * 1000 },
  };
  defineAlertsJobs(queue, deps);
  return deps;
}

/** An operator's retry sends the alert again now. */
export function alertsRecordRetriers(queue: JobQueue): Record<string, RecordRetrier> {
  return {
    alerts: async (recordId, { overrides }) => {
      if (overrides) throw new OperatorRefusal('invalid_request', 'alerts take no overrides; fix the channel and retry');
      return (await queue.enqueue<DeliverJob>(alertsJobs.deliver, { recordId }, { key: String(recordId) })) !== null;
    },
  };
}
