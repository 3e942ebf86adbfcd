/**
 * Alerts over real transports: e-mail to an SMTP server in the test (smtp-server), Slack,
 * Teams and the signed webhook to a local HTTP receiver that checks each payload's shape as
 * Slack (Block Kit), Microsoft (Adaptive Card in a workflow message) and our docs describe it.
 * A channel that is down keeps its alert unsent and visible until a retry delivers it.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingQueue } from '../../../test/support/fake-orders-world.ts';
import { embeddedBackend } from '../../../test/support/backends.ts';
import { alertsSchema } from '../../config/alerts-schema.ts';
import { silentLogger } from '../../core/logger.ts';
import { getRecord, raiseException, resolveException } from '../../ledger/index.ts';
import type { Store } from '../../store/open-store.ts';
import { ordersException } from '../orders/exceptions.ts';
import { createAlertSenders } from './channels.ts';
import { deliverAlert } from './deliver.ts';
import type { AlertsFlowDeps, DeliverJob } from './deps.ts';
import { evaluateAlerts, listUnsentDeliveries } from './evaluate.ts';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('alerts', () => {
  let store: Store;
  let smtp: SMTPServer;
  let smtpPort = 0;
  const mails: { to: string[]; data: string }[] = [];
  let http: Server;
  let httpUrl = '';
  const posts: Received[] = [];
  let webhookDown = false;

  beforeAll(async () => {
    store = await embeddedBackend().open();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    http = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (request.url === '/hook' && webhookDown) {
          response.writeHead(503).end('down for maintenance');
          return;
        }
        posts.push({ path: request.url ?? '', headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await store.close();
  });

  function world() {
    const queue = new RecordingQueue();
    const config = alertsSchema.parse({
      smtp: { host: '127.0.0.1', port: smtpPort, from: 'LedgerBridge <alerts@brand.example>' },
      channels: [
        { name: 'finance-mail', type: 'email', to: ['finance@brand.example'] },
        { name: 'ops-slack', type: 'slack' },
        { name: 'ecom-teams', type: 'teams' },
        { name: 'monitoring', type: 'webhook', url: `${httpUrl}/hook` },
      ],
      rules: [
        { name: 'everyone', channels: ['finance-mail', 'ops-slack', 'ecom-teams', 'monitoring'], exceptions: { minSeverity: 'warning' } },
      ],
    });
    const deps: AlertsFlowDeps = {
      db: store.db,
      queue,
      clock: { now: () => Date.now(), sleep: async () => undefined },
      logger: silentLogger,
      config,
      timeZone: 'Europe/London',
      dashboardUrl: 'https://hub.brand.example',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      senders: createAlertSenders({
        config,
        secrets: { 'ops-slack': `${httpUrl}/slack`, 'ecom-teams': `${httpUrl}/teams`, monitoring: 'webhook-signing-secret' },
        smtpPassword: undefined,
        fetch: globalThis.fetch,
        now: () => Date.now(),
      }),
    };
    const deliverQueued = async () => {
      const outcomes: string[] = [];
      for (const job of queue.drain())
        outcomes.push(await deliverAlert(deps, job.data as DeliverJob).catch((error: Error) => `failed: ${error.message}`));
      return outcomes;
    };
    return { deps, queue, deliverQueued };
  }

  it('tells every channel of a rule about a new exception once, in each channel’s own format, and follows up when it is resolved', async () => {
    const { deps, deliverQueued } = world();
    await evaluateAlerts(deps); // the first look starts from now
    const exception = await raiseException(
      store.db,
      ordersException('unknown_sku', 'Order #1042 cannot be posted: SKU TEE-NEW is not a Business Central item.'),
    );
    // Information for review (a customer the hub created) does not reach a rule that starts at warnings.
    await raiseException(store.db, {
      ...ordersException('customer_created', 'Customer C00099 was created for jo@example.com.'),
      flow: 'customers',
    });

    await evaluateAlerts(deps);
    await evaluateAlerts(deps); // seen twice, announced once
    expect(await deliverQueued()).toEqual(['sent', 'sent', 'sent', 'sent']);

    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['finance@brand.example']);
    expect(mails[0]!.data).toMatch(/Subject: \[LedgerBridge\] E-commerce: unknown sku/);
    expect(mails[0]!.data.replace(/=\r?\n/g, '')).toContain('https://hub.brand.example/dashboard/exceptions/');

    const slack = JSON.parse(posts.find((post) => post.path === '/slack')!.body);
    expect(typeof slack.text).toBe('string');
    expect(slack.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(slack.blocks[0].text.text.length).toBeLessThanOrEqual(150);
    expect(slack.blocks.find((block: { type: string }) => block.type === 'section').text).toMatchObject({ type: 'mrkdwn' });
    expect(slack.blocks.find((block: { type: string }) => block.type === 'actions').elements[0]).toMatchObject({
      type: 'button',
      url: expect.stringContaining('/dashboard/exceptions/'),
    });

    const teams = JSON.parse(posts.find((post) => post.path === '/teams')!.body);
    expect(teams.type).toBe('message');
    expect(teams.attachments).toHaveLength(1);
    expect(teams.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null });
    expect(teams.attachments[0].content).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.4',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
    expect(teams.attachments[0].content.body.some((element: { type: string }) => element.type === 'FactSet')).toBe(true);
    expect(teams.attachments[0].content.actions[0]).toMatchObject({ type: 'Action.OpenUrl' });

    const hook = posts.find((post) => post.path === '/hook')!;
    const timestamp = String(hook.headers['x-ledgerbridge-timestamp']);
    const expected = `sha256=${createHmac('sha256', 'webhook-signing-secret').update(`${timestamp}.${hook.body}`).digest('hex')}`;
    expect(hook.headers['x-ledgerbridge-signature']).toBe(expected);
    expect(JSON.parse(hook.body)).toMatchObject({
      type: 'alert.opened',
      rule: 'everyone',
      items: [{ key: `exception:${exception.id}`, severity: 'error' }],
    });

    posts.length = 0;
    await resolveException(store.db, exception.id, { by: 'Priya', note: 'item created in BC' });
    await evaluateAlerts(deps);
    expect(await deliverQueued()).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(JSON.parse(posts.find((post) => post.path === '/hook')!.body)).toMatchObject({ type: 'alert.resolved' });
    expect(mails[1]!.data).toMatch(/Subject: \[LedgerBridge\] Resolved: /);
  });

  it('keeps an alert for a channel that is down unsent and visible, and delivers it on a later try', async () => {
    const { deps, deliverQueued } = world();
    await evaluateAlerts(deps);
    posts.length = 0;
    webhookDown = true;
    await raiseException(store.db, ordersException('tax_mismatch', 'Order #1043: VAT differs by £0.02.'));
    await evaluateAlerts(deps);
    const outcomes = await deliverQueued();
    expect(outcomes.filter((outcome) => outcome.startsWith('failed'))).toEqual([
      'failed: the webhook at 127.0.0.1:' + httpUrl.split(':')[2] + ' answered 503',
    ]);
    const unsent = await listUnsentDeliveries(deps);
    expect(unsent).toHaveLength(1);
    const held = await getRecord(store.db, unsent[0]!);
    expect(held).toMatchObject({ state: 'posting', attempts: 1, lastError: { message: expect.stringContaining('503') } });

    webhookDown = false;
    expect(await deliverAlert(deps, { recordId: held!.id })).toBe('sent');
    expect((await getRecord(store.db, held!.id))?.state).toBe('posted');
    expect(posts.filter((post) => post.path === '/hook')).toHaveLength(1);
  });
});
