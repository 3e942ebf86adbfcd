/**
 * The Business Central webhook receiver. BC deletes a subscription whose endpoint answers
 * anything but 2xx (or 408/429/5xx), so this endpoint always answers 2xx: the validation
 * token echoed for a handshake, 202 for notifications. Notifications carry no data, only
 * which entity set changed: each accepted one is stored in the inbox, then the poll of the
 * flow that reads that set runs at once. Rejected items (a wrong clientState) are audited.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { answerBcWebhook } from '../connectors/bc/webhooks.ts';
import type { Logger } from '../core/logger.ts';
import { acceptInboxEvent, appendAudit, markInboxEvent } from '../ledger/index.ts';
import type { Executor } from '../store/open-store.ts';

export interface BcWebhookOptions {
  db: Executor;
  clientState: string;
  /** What to run when an entity set changed, e.g. items → the items flow's poll. */
  triggers: Record<string, () => Promise<unknown>>;
  maxBodyBytes: number;
  logger: Logger;
}

/** `…/companies(<id>)/items(<id>)` or `…/items` → `items`. */
export function entitySetOf(resource: string): string | undefined {
  const path = resource.split('?')[0]!;
  const last = path.split('/').filter(Boolean).at(-1);
  return last?.replace(/\(.*\)$/, '') || undefined;
}

export function mountBcWebhooks(app: Hono, options: BcWebhookOptions): void {
  const { db, logger } = options;
  app.all('/webhooks/bc', async (c) => {
    const body = c.req.method === 'GET' ? '' : (await c.req.text()).slice(0, options.maxBodyBytes);
    const answer = answerBcWebhook({ url: c.req.url, body }, options.clientState);
    if (answer.rejected.length > 0) {
      await appendAudit(db, {
        actor: 'bc-webhook',
        entity: 'webhook',
        entityId: 'bc',
        action: 'rejected',
        detail: { rejected: answer.rejected, body: body.slice(0, 16_384) },
      });
      logger.warn({ rejected: answer.rejected }, 'rejected BC notifications');
    }
    const sets = new Set<string>();
    const handled: { id: number; status: 'processed' | 'ignored' }[] = [];
    for (const notification of answer.accepted) {
      const eventId = `${notification.subscriptionId}|${notification.resource}|${notification.changeType}|${notification.lastModifiedDateTime}`;
      const inbox = await acceptInboxEvent(db, {
        source: 'bc',
        topic: notification.changeType,
        eventId: createHash('sha256').update(eventId).digest('hex'),
        businessKey: notification.resource,
        payloadHash: createHash('sha256').update(JSON.stringify(notification)).digest('hex'),
        body: JSON.stringify(notification),
      });
      if (!inbox.inserted && inbox.status === 'processed') continue;
      const set = entitySetOf(notification.resource);
      if (set && options.triggers[set]) sets.add(set);
      handled.push({ id: inbox.id, status: set && options.triggers[set] ? 'processed' : 'ignored' });
    }
    // The work is queued before the inbox says so: a failure here leaves the events to be handled again.
    for (const set of sets) await options.triggers[set]!();
    for (const { id, status } of handled) await markInboxEvent(db, id, status);
    return c.body(answer.body, answer.status, { 'content-type': answer.contentType });
  });
}
