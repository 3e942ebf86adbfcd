/** What the alerts flow is given, and its job names. */
import type { AlertsConfig } from '../../config/alerts-schema.ts';
import type { RetryPolicy } from '../../core/retry.ts';
import type { FlowBaseDeps } from '../shared/flow-deps.ts';
import type { AlertSenders } from './channels.ts';

export const ALERTS_FLOW = 'alerts';

export const alertsJobs = {
  evaluate: 'alerts.evaluate',
  deliver: 'alerts.deliver',
  retryOpen: 'alerts.retry-open',
} as const;

export interface AlertsFlowDeps extends FlowBaseDeps {
  config: AlertsConfig;
  /** The shop's time zone (hub.timeZone): quiet hours are read in it. */
  timeZone: string;
  /** Where alert links point: the dashboard's address. */
  dashboardUrl: string | undefined;
  senders: AlertSenders;
  retry: RetryPolicy;
  /** The hub's connections (shops) when it has several: each monitoring threshold is then watched per shop. */
  connections?: readonly string[];
}

export interface DeliverJob {
  recordId: number;
}
