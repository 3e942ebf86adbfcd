/**
 * Sending an alert to one channel. Each sender resolves when the channel accepted the message
 * and throws a ConnectorError otherwise (retryable unless the channel refused it for good),
 * so the queue's one retry decision applies to alerts as to everything else.
 */
import nodemailer from 'nodemailer';
import type { AlertChannelConfig, AlertsConfig } from '../../config/alerts-schema.ts';
import { ConnectorError } from '../../core/errors.ts';
import { renderEmail, renderSlack, renderTeams, renderWebhook, signWebhook, type AlertMessage } from './message.ts';

export interface AlertSenders {
  send(channel: string, message: AlertMessage, deliveryId: string): Promise<{ detail: string }>;
}

export interface SenderOptions {
  config: AlertsConfig;
  /** Channel secrets by name: Slack/Teams URLs, webhook signing secrets. */
  secrets: Record<string, string>;
  smtpPassword: string | undefined;
  fetch: typeof globalThis.fetch;
  now(): number;
}

function failure(status: number | null, message: string, body = ''): ConnectorError {
  // A 4xx other than 408/429 means the channel refuses this message as it is: retrying changes nothing.
  const retryable = status === null || status >= 500 || status === 408 || status === 429;
  return new ConnectorError({
    system: 'hub',
    code: status === null ? 'network' : retryable ? 'upstream_unavailable' : 'invalid_request',
    message,
    retryable,
    ...(status === null ? {} : { status }),
    ...(body ? { upstreamBody: body.slice(0, 500) } : {}),
  });
}

async function post(fetchImpl: typeof globalThis.fetch, url: string, body: string, headers: Record<string, string>, what: string) {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw failure(null, `${what} could not be reached: ${(error as Error).message}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw failure(response.status, `${what} answered ${response.status}`, text);
  return { detail: `${what} answered ${response.status}` };
}

export function createAlertSenders(options: SenderOptions): AlertSenders {
  const { config } = options;
  const smtp = config.smtp;
  const transport = smtp
    ? nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        ...(smtp.user ? { auth: { user: smtp.user, pass: options.smtpPassword ?? '' } } : {}),
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 30_000,
      })
    : undefined;
  const channels = new Map<string, AlertChannelConfig>(config.channels.map((channel) => [channel.name, channel]));
  return {
    async send(name, message, deliveryId) {
      const channel = channels.get(name);
      if (!channel) throw failure(400, `there is no alert channel "${name}" in the configuration`);
      const secret = options.secrets[name];
      if (channel.type === 'email') {
        if (!transport || !smtp) throw failure(400, 'alerts.smtp is not configured');
        const { subject, text } = renderEmail(message);
        try {
          const info = await transport.sendMail({
            from: smtp.from,
            to: channel.to,
            subject,
            text,
            headers: { 'X-LedgerBridge-Delivery': deliveryId },
          });
          return { detail: `mail server accepted it (${info.messageId})` };
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode;
          // SMTP 5xx is a permanent refusal; 4xx and connection failures are worth another try.
          throw failure(
            code !== undefined && code >= 500 && code < 600 ? 400 : null,
            `the mail server did not take it: ${(error as Error).message}`,
          );
        }
      }
      if (!secret) throw failure(400, `the ${channel.type} channel "${name}" has no secret (LEDGERBRIDGE_ALERT_…) set`);
      if (channel.type === 'slack') return post(options.fetch, secret, JSON.stringify(renderSlack(message)), {}, 'Slack');
      if (channel.type === 'teams') return post(options.fetch, secret, JSON.stringify(renderTeams(message)), {}, 'the Teams workflow');
      const body = JSON.stringify(renderWebhook(message, deliveryId));
      const timestamp = String(Math.floor(options.now() / 1000));
      return post(
        options.fetch,
        channel.url,
        body,
        {
          'x-ledgerbridge-delivery': deliveryId,
          'x-ledgerbridge-timestamp': timestamp,
          'x-ledgerbridge-signature': signWebhook(secret, timestamp, body),
        },
        `the webhook at ${new URL(channel.url).host}`,
      );
    },
  };
}
