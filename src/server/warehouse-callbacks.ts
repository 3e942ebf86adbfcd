/**
 * The warehouse callback receiver. The WMS adapter's `parseCallback` checks the secret and
 * turns the body into events (it never throws); every event is stored in the inbox under its
 * stable key before the answer, so a callback repeated — or seen before by polling, whose
 * events carry the same keys into the flows — changes nothing twice. An unauthorised call is
 * refused with 401 and audited (rejections.ts); an unreadable one — including one whose text
 * the store cannot keep, such as a NUL — is kept byte for byte and answered 200 (a WMS that
 * sees errors may stop calling) with an exception for whoever runs the hub. The callback's
 * URL may carry the secret (`?token=`): evidence keeps it redacted.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { CallbackParseResult, CallbackRequest, WarehouseEvent } from '../connectors/warehouse/port.ts';
import type { Logger } from '../core/logger.ts';
import { maskSecrets, redactSecretFields, redactUrl } from '../core/redact.ts';
import { acceptInboxEvent, markInboxEvent, raiseException } from '../ledger/index.ts';
import { escapeEvidence, findUnstorableText } from '../ledger/storable.ts';
import type { Executor } from '../store/open-store.ts';
import { problem } from './http-errors.ts';
import { noteRejection } from './rejections.ts';

export interface WarehouseCallbackOptions {
  db: Executor;
  /** Where the warehouse posts, e.g. `/webhooks/warehouse`. */
  path: string;
  parse(request: CallbackRequest): CallbackParseResult;
  /** Hands one event to its flow; resolves once the work is recorded and queued, with a word on what happened. */
  handle(event: WarehouseEvent): Promise<string>;
  /** Largest body accepted (the server's limit for this endpoint). */
  maxBodyBytes: number;
  /** The callback secret, masked wherever it might appear in evidence. */
  secret?: string;
  logger: Logger;
}

const EVIDENCE_LIMIT = 16_384;

type Parsed = CallbackParseResult | { ok: false; code: 'unstorable' | 'not_utf8'; reason: string };

/** A callback whose events hold text the store cannot keep, or that is not UTF-8, is unreadable, not a failure to store it. */
function checkStorable(result: CallbackParseResult, bytes: Uint8Array): Parsed {
  if (!result.ok) return result;
  if (!isUtf8(bytes)) return { ok: false, code: 'not_utf8', reason: 'the callback body is not valid UTF-8' };
  const where = findUnstorableText(result.events);
  return where
    ? { ok: false, code: 'unstorable', reason: `the callback holds a NUL character or broken text at ${where}, which the hub cannot keep` }
    : result;
}

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
  const { db } = options;
  const secrets = options.secret ? [options.secret] : [];

  app.post(options.path, async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const raw = Buffer.from(bytes).toString('utf8');
    const payloadHash = createHash('sha256').update(bytes).digest('hex');
    const result = checkStorable(options.parse({ url: c.req.url, headers: c.req.raw.headers, rawBody: raw }), bytes);
    if (!result.ok && result.code === 'unauthorised') {
      noteRejection(c, { actor: 'warehouse-callback', entity: 'webhook', entityId: c.req.query('event') ?? 'warehouse' });
      return problem(c, 401, 'webhook_rejected', result.reason);
    }
    if (!result.ok) {
      await acceptInboxEvent(db, {
        source: 'warehouse',
        topic: result.code,
        eventId: `unreadable:${payloadHash}`,
        payloadHash,
        body: bytes,
      });
      const evidence = escapeEvidence(bytes, EVIDENCE_LIMIT);
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
            'Check the evidence against the adapter (a new event type, a changed body). Nothing is lost: polling covers every event, and the inbox keeps the callback byte for byte. Resolve with a note once understood.',
          evidence: {
            url: redactUrl(c.req.url),
            body: maskSecrets(redactSecretFields(evidence.text), secrets),
            bodyBytes: evidence.bytes,
            ...(evidence.escaped ? { bodyEscaped: true } : {}),
            ...(evidence.truncated ? { bodyTruncated: true } : {}),
          },
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
        body: bytes,
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
  });
}
