/**
 * The warehouse callback receiver. The WMS adapter's `parseCallback` checks the secret and
 * turns the body into events (it never throws); every event is stored in the inbox under its
 * stable key before the answer, so a callback repeated — or seen before by polling, whose
 * events carry the same keys into the flows — changes nothing twice. An unauthorised call is
 * refused with 401 and audited; an unreadable one is kept and answered 200 (a WMS that sees
 * errors may stop calling) with an exception for whoever runs the hub.
 */
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CallbackParseResult, CallbackRequest, WarehouseEvent } from '../connectors/warehouse/port.ts';
import type { Logger } from '../core/logger.ts';
import { acceptInboxEvent, appendAudit, markInboxEvent, raiseException } from '../ledger/index.ts';
import type { Executor } from '../store/open-store.ts';
import { problem } from './http-errors.ts';

export interface WarehouseCallbackOptions {
  db: Executor;
  /** Where the warehouse posts, e.g. `/webhooks/warehouse`. */
  path: string;
  parse(request: CallbackRequest): CallbackParseResult;
  /** Hands one event to its flow; resolves once the work is recorded and queued, with a word on what happened. */
  handle(event: WarehouseEvent): Promise<string>;
  maxBodyBytes: number;
  logger: Logger;
}

const EVIDENCE_LIMIT = 16_384;

/** The order, ASN, movement or return an event is about, for searching the inbox. */
function businessKeyOf(event: WarehouseEvent): string {
  switch (event.type) {
    case 'order.status_changed':
    case 'order.split':
    case 'shipment.delivered':
      return event.orderReference;
    case 'shipment.despatched':
      return event.shipment.orderReference;
    case 'asn.updated':
      return event.asn.reference;
    case 'stock.moved':
      return event.movement.sku;
    case 'return.updated':
      return event.return.orderReference ?? `return ${event.return.id}`;
  }
}

export function mountWarehouseCallbacks(app: Hono, options: WarehouseCallbackOptions): void {
  const { db, logger } = options;

  async function audit(c: Context, action: string, detail: Record<string, unknown>) {
    await appendAudit(db, {
      actor: 'warehouse-callback',
      entity: 'webhook',
      entityId: c.req.query('event') ?? 'warehouse',
      action,
      detail,
    });
  }

  app.post(
    options.path,
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: async (c) => {
        await audit(c, 'rejected', { reason: `payload larger than the ${options.maxBodyBytes}-byte limit`, status: 413 });
        return problem(c, 413, 'webhook_rejected', `payload larger than the ${options.maxBodyBytes}-byte limit`);
      },
    }),
    async (c) => {
      const raw = await c.req.text();
      const payloadHash = createHash('sha256').update(raw).digest('hex');
      const result = options.parse({ url: c.req.url, headers: c.req.raw.headers, rawBody: raw });
      if (!result.ok && result.code === 'unauthorised') {
        await audit(c, 'rejected', { reason: result.reason, status: 401, body: raw.slice(0, EVIDENCE_LIMIT) });
        logger.warn({ reason: result.reason }, 'rejected a warehouse callback');
        return problem(c, 401, 'webhook_rejected', result.reason);
      }
      if (!result.ok) {
        await acceptInboxEvent(db, {
          source: 'warehouse',
          topic: result.code,
          eventId: `unreadable:${payloadHash}`,
          payloadHash,
          body: raw,
        });
        await raiseException(
          db,
          {
            flow: 'warehouse',
            code: 'callback_unreadable',
            category: 'upstream',
            severity: 'warning',
            owner: 'integration',
            message: `A warehouse callback could not be read (${result.code}): ${result.reason}. Polling still brings the facts it carried.`,
            action:
              'Check the evidence against the adapter (a new event type, a changed body). Nothing is lost: polling covers every event. Resolve with a note once understood.',
            evidence: { url: c.req.url, body: raw.slice(0, EVIDENCE_LIMIT) },
            fingerprint: `warehouse:callback_unreadable:${payloadHash}`,
          },
          'warehouse-callback',
        );
        return c.json({ accepted: false, reason: result.reason });
      }
      const outcomes: { key: string; type: string; outcome: string }[] = [];
      for (const event of result.events) {
        const inbox = await acceptInboxEvent(db, {
          source: 'warehouse',
          topic: event.type,
          eventId: event.key,
          businessKey: businessKeyOf(event),
          payloadHash,
          body: raw,
        });
        if (!inbox.inserted && inbox.status === 'processed') {
          outcomes.push({ key: event.key, type: event.type, outcome: 'duplicate' });
          continue;
        }
        const outcome = await options.handle(event);
        await markInboxEvent(db, inbox.id, 'processed');
        outcomes.push({ key: event.key, type: event.type, outcome });
      }
      return c.json({ accepted: true, events: outcomes });
    },
  );
}
