/**
 * The Business Central webhook receiver. BC deletes a subscription whose endpoint answers
 * most 4xx, so a request that carries anything from our subscriptions is answered 2xx: the
 * validation token echoed for a handshake (plain text, never sniffed as a page), 202 for
 * notifications. Notifications carry no data, only which entity set changed: the accepted
 * ones are stored in the inbox (clientState kept as a fingerprint, never in clear), under the
 * connection each is routed to (one statement per connection), then the poll of each flow that
 * reads a changed set runs once. Items with a wrong clientState are audited; a request with
 * none of ours is refused (connectors/bc/webhooks.ts).
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { answerBcWebhook, type BcNotification } from '../connectors/bc/webhooks.ts';
import type { Logger } from '../core/logger.ts';
import { fingerprintSecret } from '../core/redact.ts';
import { acceptInboxEvents, appendAudit, markInboxEvents } from '../ledger/index.ts';
import { DEFAULT_CONNECTION_ID } from '../store/connection-scope.ts';
import type { Executor } from '../store/open-store.ts';
import { problem } from './http-errors.ts';
import { noteRejection } from './rejections.ts';

/** A connection a BC notification goes to: its inbox row is that connection's, and it wakes that connection's flows. */
export interface BcRoute {
  connection: string;
  /** What to run when an entity set changed, e.g. items → the items flow's poll. */
  triggers: Record<string, () => Promise<unknown>>;
}

export interface BcWebhookOptions {
  db: Executor;
  clientState: string;
  /** What to run when an entity set changed, e.g. items → the items flow's poll. */
  triggers: Record<string, () => Promise<unknown>>;
  /** The connection `triggers` are of, whose inbox the notifications go in; `default` unless said. */
  connection?: string;
  /**
   * With several connections: the connections on the company a notification's resource names
   * (`companies(<id>)/…`), each storing it in its inbox and waking its flows, instead of
   * `triggers` (decision 0026). A notification no connection takes is kept under `default`, ignored.
   */
  routesFor?(companyId: string | undefined): Promise<BcRoute[]>;
  /** Largest body accepted (the server's limit for this endpoint). */
  maxBodyBytes: number;
  /** Most notifications one request may carry; BC sends one `collection` notification beyond 1,000 changes. */
  maxNotifications?: number;
  logger: Logger;
}

/** `…/companies(<id>)/items(<id>)` or `…/items` → `items`. */
export function entitySetOf(resource: string): string | undefined {
  const path = resource.split('?')[0]!;
  const last = path.split('/').filter(Boolean).at(-1);
  return last?.replace(/\(.*\)$/, '') || undefined;
}

/** `…/companies(<id>)/items(<id>)` → `<id>`; undefined when the resource names no company. */
export function companyOf(resource: string): string | undefined {
  return /companies\(([^)]+)\)/i.exec(resource)?.[1]?.toLowerCase();
}

/** The notification as the inbox keeps it: its clientState only as a fingerprint. */
function storedForm(notification: BcNotification): string {
  return JSON.stringify({ ...notification, clientState: fingerprintSecret(notification.clientState) });
}

function inboxEventOf(notification: BcNotification) {
  const stored = storedForm(notification);
  const eventId = `${notification.subscriptionId}|${notification.resource}|${notification.changeType}|${notification.lastModifiedDateTime}`;
  return {
    source: 'bc',
    topic: notification.changeType,
    eventId: createHash('sha256').update(eventId).digest('hex'),
    businessKey: notification.resource,
    payloadHash: createHash('sha256').update(stored).digest('hex'),
    body: stored,
  };
}

const plainText = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

export function mountBcWebhooks(app: Hono, options: BcWebhookOptions): void {
  const { db, logger } = options;
  const maxNotifications = options.maxNotifications ?? 2000;
  app.all('/webhooks/bc', async (c) => {
    const bytes = c.req.method === 'GET' || c.req.method === 'HEAD' ? new Uint8Array() : new Uint8Array(await c.req.arrayBuffer());
    if (!isUtf8(bytes)) {
      noteRejection(c, { actor: 'bc-webhook', entity: 'webhook', entityId: 'bc' });
      return problem(c, 400, 'webhook_rejected', 'the body is not valid UTF-8');
    }
    const body = Buffer.from(bytes).toString('utf8');
    const answer = answerBcWebhook({ url: c.req.url, body }, options.clientState);
    if (!answer.refusal && answer.status !== 200 && c.req.method !== 'POST') {
      noteRejection(c, { actor: 'bc-webhook', entity: 'webhook', entityId: 'bc' });
      return problem(c, 405, 'webhook_rejected', `BC posts its notifications; ${c.req.method} is not accepted here`);
    }
    const rejectedItems = answer.rejected.slice(0, 50).map(({ index, reason }) => ({ index, reason }));
    if (answer.refusal) {
      noteRejection(c, { actor: 'bc-webhook', entity: 'webhook', entityId: 'bc', detail: { rejected: rejectedItems } });
      return problem(c, answer.status as 400 | 401, 'webhook_rejected', answer.refusal);
    }
    if (answer.accepted.length + answer.rejected.length > maxNotifications) {
      noteRejection(c, { actor: 'bc-webhook', entity: 'webhook', entityId: 'bc' });
      return problem(c, 413, 'webhook_rejected', `more than ${maxNotifications} notifications in one request`);
    }
    if (answer.rejected.length > 0) {
      await appendAudit(db, {
        actor: 'bc-webhook',
        entity: 'webhook',
        entityId: 'bc',
        action: 'rejected',
        detail: {
          status: answer.status,
          rejected: rejectedItems,
          rejectedCount: answer.rejected.length,
          acceptedCount: answer.accepted.length,
        },
      });
      logger.warn({ rejected: answer.rejected.length, accepted: answer.accepted.length }, 'rejected some BC notifications');
    }
    // Routed before anything is stored: each notification is kept under the connections it goes
    // to. (A company not resolved yet, BC unreachable, fails the request before anything is
    // stored: BC sends it again, and polling is the safety net.)
    const routesOf = new Map<string | undefined, BcRoute[]>();
    if (options.routesFor)
      for (const company of new Set(answer.accepted.map((notification) => companyOf(notification.resource))))
        routesOf.set(company, await options.routesFor(company));
    const own: BcRoute[] = [{ connection: options.connection ?? DEFAULT_CONNECTION_ID, triggers: options.triggers }];
    const unrouted: BcRoute[] = [{ connection: DEFAULT_CONNECTION_ID, triggers: {} }];
    const byConnection = new Map<string, { notification: BcNotification; triggers: BcRoute['triggers'] }[]>();
    for (const notification of answer.accepted) {
      const routes = options.routesFor ? routesOf.get(companyOf(notification.resource)) : own;
      for (const route of routes && routes.length > 0 ? routes : unrouted) {
        let group = byConnection.get(route.connection);
        if (!group) byConnection.set(route.connection, (group = []));
        group.push({ notification, triggers: route.triggers });
      }
    }
    const wakes = new Set<() => Promise<unknown>>();
    const processed: number[] = [];
    const ignored: number[] = [];
    for (const [connection, group] of byConnection) {
      const inbox = await acceptInboxEvents(
        db,
        group.map(({ notification }) => inboxEventOf(notification)),
        connection,
      );
      group.forEach(({ notification, triggers }, index) => {
        const entry = inbox[index]!;
        if (!entry.inserted && entry.status === 'processed') return;
        const set = entitySetOf(notification.resource);
        // An own property only: a resource ending in `constructor` must not find Object.prototype's.
        const known = set !== undefined && Object.hasOwn(triggers, set);
        if (known) wakes.add(triggers[set]!);
        (known ? processed : ignored).push(entry.id);
      });
    }
    // The work is queued before the inbox says so: a failure here leaves the events to be handled again.
    for (const wake of wakes) await wake();
    await markInboxEvents(db, processed, 'processed');
    await markInboxEvents(db, ignored, 'ignored');
    return c.body(answer.body, answer.status, plainText);
  });
}
