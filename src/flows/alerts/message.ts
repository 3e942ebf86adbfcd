/**
 * An alert as the channels render it: one matter (an exception, a monitoring figure) opened
 * or resolved, or a digest of several. Pure functions: Slack's Block Kit, a Teams Adaptive
 * Card in a workflow webhook's message, an e-mail, and the generic webhook's signed JSON.
 */
import { createHmac } from 'node:crypto';

export interface AlertItem {
  /** What it is about, e.g. `exception:42` or `monitor:ops:0`. */
  key: string;
  kind: 'opened' | 'resolved';
  title: string;
  text: string;
  severity: 'info' | 'warning' | 'error' | 'critical';
  team: string | null;
  /** Link to the dashboard page that shows it. */
  url: string | null;
  facts: { name: string; value: string }[];
}

export interface AlertMessage {
  rule: string;
  /** One matter, or a digest of several. */
  items: AlertItem[];
  digest: boolean;
}

export function subjectOf(message: AlertMessage): string {
  if (message.digest) return `LedgerBridge: ${message.items.length} alert${message.items.length === 1 ? '' : 's'} (${message.rule})`;
  const [item] = message.items;
  return `${item!.kind === 'resolved' ? 'Resolved: ' : ''}${item!.title}`;
}

const severityEmoji: Record<AlertItem['severity'], string> = {
  info: ':information_source:',
  warning: ':warning:',
  error: ':red_circle:',
  critical: ':rotating_light:',
};

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Escapes text for Slack mrkdwn (&, < and > only, as Slack documents). */
function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack incoming webhook body: a fallback `text` and Block Kit blocks (header ≤150, section ≤3000, ≤10 fields, ≤50 blocks). */
export function renderSlack(message: AlertMessage): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(subjectOf(message), 150), emoji: true } },
  ];
  for (const item of message.items.slice(0, 15)) {
    const mark = item.kind === 'resolved' ? ':white_check_mark:' : severityEmoji[item.severity];
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`${mark} *${slackText(item.title)}*\n${slackText(item.text)}`, 3000) },
    });
    if (item.facts.length > 0)
      blocks.push({
        type: 'section',
        fields: item.facts
          .slice(0, 10)
          .map((fact) => ({ type: 'mrkdwn', text: clip(`*${slackText(fact.name)}*\n${slackText(fact.value)}`, 2000) })),
      });
    if (item.url)
      blocks.push({
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in LedgerBridge' }, url: item.url }],
      });
  }
  if (message.items.length > 15)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${message.items.length - 15} more in the dashboard.` }] });
  return { text: clip(subjectOf(message), 3000), blocks: blocks.slice(0, 50) };
}

/** A Teams workflow webhook body: a message carrying one Adaptive Card (schema 1.4). */
export function renderTeams(message: AlertMessage): Record<string, unknown> {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: subjectOf(message), weight: 'Bolder', size: 'Medium', wrap: true }];
  const actions: Record<string, unknown>[] = [];
  for (const item of message.items.slice(0, 15)) {
    body.push({
      type: 'TextBlock',
      text: `${item.kind === 'resolved' ? '✅ ' : ''}**${item.title}**`,
      wrap: true,
      separator: true,
      color:
        item.kind === 'resolved' ? 'Good' : item.severity === 'info' ? 'Accent' : item.severity === 'warning' ? 'Warning' : 'Attention',
    });
    body.push({ type: 'TextBlock', text: item.text, wrap: true });
    if (item.facts.length > 0) body.push({ type: 'FactSet', facts: item.facts.map((fact) => ({ title: fact.name, value: fact.value })) });
    if (item.url && actions.length < 5)
      actions.push({
        type: 'Action.OpenUrl',
        title: message.digest ? `Open: ${clip(item.title, 40)}` : 'Open in LedgerBridge',
        url: item.url,
      });
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
      },
    ],
  };
}

export function renderEmail(message: AlertMessage): { subject: string; text: string } {
  const parts = message.items.map((item) =>
    [
      `${item.kind === 'resolved' ? 'RESOLVED: ' : ''}${item.title}`,
      item.text,
      ...item.facts.map((fact) => `${fact.name}: ${fact.value}`),
      ...(item.url ? [`Open in LedgerBridge: ${item.url}`] : []),
    ].join('\n'),
  );
  return {
    subject: `[LedgerBridge] ${subjectOf(message)}`,
    text: `${parts.join('\n\n')}\n\n— LedgerBridge alert rule "${message.rule}"\n`,
  };
}

/** The generic webhook's JSON body. */
export function renderWebhook(message: AlertMessage, deliveryId: string): Record<string, unknown> {
  return {
    id: deliveryId,
    type: message.digest ? 'alert.digest' : `alert.${message.items[0]!.kind}`,
    rule: message.rule,
    subject: subjectOf(message),
    items: message.items,
  };
}

/**
 * The signature a receiver checks: HMAC-SHA256 over `<timestamp>.<body>` with the channel's
 * secret, hex, sent as `X-LedgerBridge-Signature: sha256=<hex>` beside `X-LedgerBridge-Timestamp`.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
