/** The alerts flow as a module: its channels' senders (SMTP, Slack, Teams, webhook), its jobs, and how its deliveries are retried. */
import { connectionsOf } from '../../config/load-config.ts';
import { OperatorRefusal } from '../../operations/refusal.ts';
import type { FlowModule } from '../shared/flow-module.ts';
import { createAlertSenders } from './channels.ts';
import { ALERTS_FLOW, alertsJobs, type AlertsFlowDeps, type DeliverJob } from './deps.ts';
import { alertsExceptionCatalogue } from './exceptions.ts';
import { defineAlertsJobs } from './jobs.ts';

declare module '../shared/flow-module.ts' {
  interface FlowHandles {
    alerts: AlertsFlowDeps;
  }
}

export const alertsModule: FlowModule<'alerts'> = {
  name: ALERTS_FLOW,
  // Alerts read every connection's exceptions and send to the hub's channels: defined once.
  scope: 'hub',
  // No rules, nothing to send: no jobs.
  enabled: (config) => config.alerts.rules.length > 0,
  define({ store, queue, loaded, clock, logger, fetch, hubUrl }) {
    const { config, secrets } = loaded;
    if (config.alerts.rules.length === 0) return undefined;
    const { retry } = config.alerts;
    const connections = connectionsOf(loaded).map((connection) => connection.id);
    const deps: AlertsFlowDeps = {
      db: store.db,
      queue,
      clock,
      logger: logger.child({ flow: ALERTS_FLOW }),
      config: config.alerts,
      timeZone: config.hub.timeZone,
      dashboardUrl: config.alerts.dashboardUrl ?? config.server.publicUrl ?? hubUrl,
      senders: createAlertSenders({
        config: config.alerts,
        secrets: secrets.alertSecrets ?? {},
        smtpPassword: secrets.smtpPassword,
        fetch: fetch ?? globalThis.fetch,
        now: () => clock.now(),
      }),
      retry: { maxAttempts: retry.maxAttempts, baseDelayMs: retry.baseDelaySeconds * 1000, maxDelayMs: retry.maxDelaySeconds * 1000 },
      ...(connections.length > 1 ? { connections } : {}),
    };
    return { handles: deps, defineJobs: () => defineAlertsJobs(queue, deps) };
  },
  // An operator's retry sends the alert again now.
  retriers: ({ queue }) => ({
    [ALERTS_FLOW]: async (recordId, { overrides }) => {
      if (overrides) throw new OperatorRefusal('invalid_request', 'alerts take no overrides; fix the channel and retry');
      return (await queue.enqueue<DeliverJob>(alertsJobs.deliver, { recordId }, { key: String(recordId) })) !== null;
    },
  }),
  exceptions: alertsExceptionCatalogue,
};
