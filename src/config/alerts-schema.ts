/**
 * Alerts: where each team hears about what it owns (e-mail, Slack, Microsoft Teams, a signed
 * webhook), for which exceptions and monitoring thresholds, at once or as a digest, outside
 * quiet hours. Channel secrets (webhook URLs, signing secrets, the SMTP password) come from the
 * environment only: see docs/guides/alerts.md.
 */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });
const name = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a short name in lower case, e.g. "finance-mail"');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. "20:00"');
const owners = z.enum(['finance', 'operations', 'ecommerce', 'integration']);
const categories = z.enum(['validation', 'mapping', 'master_data', 'rate_limit', 'conflict', 'orphan', 'drift', 'upstream', 'internal']);
const severities = z.enum(['info', 'warning', 'error', 'critical']);
const flowName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a flow name such as orders');

export const alertChannelSchema = z.discriminatedUnion('type', [
  z.strictObject({ name, type: z.literal('email'), to: z.array(z.email()).min(1).max(50) }),
  /** The incoming-webhook URL is a secret: LEDGERBRIDGE_ALERT_<NAME>. */
  z.strictObject({ name, type: z.literal('slack') }),
  /** The Teams workflow ("When a Teams webhook request is received") URL is a secret: LEDGERBRIDGE_ALERT_<NAME>. */
  z.strictObject({ name, type: z.literal('teams') }),
  /** Signed with HMAC-SHA256 using the secret in LEDGERBRIDGE_ALERT_<NAME>. */
  z.strictObject({ name, type: z.literal('webhook'), url: httpUrl }),
]);

export const monitorThresholdSchema = z.discriminatedUnion('monitor', [
  /** The oldest unfinished record of a flow is older than this. */
  z.strictObject({ monitor: z.literal('oldest_unposted'), flow: flowName, minutes: z.number().int().min(1) }),
  /** More unfinished records in a flow than this. */
  z.strictObject({ monitor: z.literal('backlog'), flow: flowName, above: z.number().int().min(0) }),
  /** Orders released in BC that the warehouse has not acknowledged within this. */
  z.strictObject({ monitor: z.literal('released_not_at_warehouse'), minutes: z.number().int().min(1) }),
  /** Despatched at the warehouse, no tracking sent to Shopify within this. */
  z.strictObject({ monitor: z.literal('tracking_not_sent'), hours: z.number().min(0.1) }),
  /** The warehouse stock sync (stock movements) has not run for this long. */
  z.strictObject({ monitor: z.literal('stock_sync_stale'), hours: z.number().min(0.1) }),
  /** A paid Shopify payout not posted as a BC journal within this. */
  z.strictObject({ monitor: z.literal('payouts_not_posted'), hours: z.number().min(0.1) }),
]);

export const alertRuleSchema = z.strictObject({
  name,
  /** Channel names (alerts.channels) this rule sends to. */
  channels: z.array(name).min(1),
  /** Which open exceptions alert; leave out to alert on monitors only. */
  exceptions: z
    .strictObject({
      owners: z.array(owners).optional(),
      categories: z.array(categories).optional(),
      flows: z.array(flowName).optional(),
      /** The least severe that alerts; "info" includes the for-review items. */
      minSeverity: severities.default('warning'),
    })
    .optional(),
  monitors: z.array(monitorThresholdSchema).default([]),
  /** `immediate`: one message per matter; `digest`: one message per period listing what came up. */
  delivery: z.enum(['immediate', 'digest']).default('immediate'),
  digestEveryMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60),
  /** Nothing is sent between these times (hub.timeZone); held messages go out when they end. */
  quietHours: z.strictObject({ from: clock, to: clock, allowCritical: z.boolean().default(true) }).optional(),
  /** Say so when the matter is resolved (the exception closed, the figure back within its limit). */
  followUp: z.boolean().default(true),
});

export const alertsSchema = z
  .strictObject({
    /** How often exceptions and monitors are looked at (UTC cron). */
    evaluateCron: z.string().default('* * * * *'),
    /** Where the links in alerts point: the dashboard's public address (default server.publicUrl). */
    dashboardUrl: httpUrl.optional(),
    /** The mail server for e-mail channels; the password is LEDGERBRIDGE_SMTP_PASSWORD. */
    smtp: z
      .strictObject({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** true for SMTPS on 465; on 587 STARTTLS is used when the server offers it. */
        secure: z.boolean().default(false),
        user: z.string().min(1).optional(),
        from: z.string().min(3),
      })
      .optional(),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(100).default(10),
        baseDelaySeconds: z.number().positive().default(30),
        maxDelaySeconds: z.number().positive().default(1800),
      })
      .prefault({}),
    channels: z.array(alertChannelSchema).default([]),
    rules: z.array(alertRuleSchema).default([]),
  })
  .prefault({});

export type AlertsConfig = z.infer<typeof alertsSchema>;
export type AlertChannelConfig = z.infer<typeof alertChannelSchema>;
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type MonitorThreshold = z.infer<typeof monitorThresholdSchema>;

/** The environment variable holding a channel's secret: `ops-slack` → LEDGERBRIDGE_ALERT_OPS_SLACK. */
export function alertSecretVariable(channel: string): string {
  return `LEDGERBRIDGE_ALERT_${channel.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}
