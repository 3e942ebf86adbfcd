/**
 * The warehouse callback receiver: a callback without the secret is refused with 401 and
 * audited; events are stored in the inbox before the answer and handed to their flow once,
 * a repeated event is answered as a duplicate; an unreadable callback is kept, answered 200
 * and raised as an exception for whoever runs the hub.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../test/support/backends.ts';
import type { CallbackParseResult, CallbackRequest, WarehouseEvent } from '../connectors/warehouse/port.ts';
import { silentLogger } from '../core/logger.ts';
import { listAudit, listExceptions } from '../ledger/index.ts';
import type { Store } from '../store/open-store.ts';
import { auditRejections } from './rejections.ts';
import { mountWarehouseCallbacks } from './warehouse-callbacks.ts';

const shipment: WarehouseEvent = {
  type: 'shipment.despatched',
  key: 'shipment:100001',
  occurredAt: '2026-11-23T10:00:00.000Z',
  shipment: {
    id: '100001',
    orderReference: 'S-ORD101001',
    wmsOrderId: '100001',
    partNumber: 1,
    partCount: 1,
    despatchedAt: '2026-11-23T10:00:00.000Z',
    carrier: 'Royal Mail',
    service: 'Tracked 48',
    parcels: [],
    trackingNumbers: ['RM1GB'],
    trackingUrls: [],
    lines: [{ sku: 'TEE-ORG-M', quantity: 1 }],
  },
};
const status: WarehouseEvent = {
  type: 'order.status_changed',
  key: 'order:100001:status:despatched',
  occurredAt: '2026-11-23T10:00:00.000Z',
  orderReference: 'S-ORD101001',
  wmsOrderId: '100001',
  status: 'despatched',
  wmsStatus: 'DESPATCHED',
};

describe('warehouse callbacks', () => {
  let store: Store;
  const handled: string[] = [];
  const app = new Hono();
  beforeAll(async () => {
    store = await embeddedBackend().open();
    app.use('*', auditRejections({ db: store.db, logger: silentLogger, secrets: [] }));
    mountWarehouseCallbacks(app, {
      db: store.db,
      path: '/webhooks/warehouse',
      maxBodyBytes: 10_000,
      logger: silentLogger,
      parse(request: CallbackRequest): CallbackParseResult {
        const headers = request.headers as Headers;
        if (headers.get('authorization') !== 'Bearer right')
          return { ok: false, code: 'unauthorised', reason: 'the callback carries no valid secret' };
        if (request.rawBody === 'garbage') return { ok: false, code: 'malformed', reason: 'the callback body is not JSON' };
        return { ok: true, events: [status, shipment] };
      },
      async handle(event) {
        handled.push(event.key);
        return event.type === 'shipment.despatched' ? 'new' : 'applied';
      },
    });
  });
  afterAll(() => store.close());

  const post = (body: string, secret = 'right') =>
    app.request('/webhooks/warehouse?event=despatched', { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body });

  it('refuses a callback without the secret, keeping it as evidence', async () => {
    const response = await post('{"ID":1}', 'wrong');
    expect(response.status).toBe(401);
    const [entry] = await listAudit(store.db, { entity: 'webhook' });
    expect(entry).toMatchObject({ actor: 'warehouse-callback', action: 'rejected', detail: { status: 401, body: '{"ID":1}' } });
    expect(handled).toEqual([]);
  });

  it('stores each event before answering and hands it over once; a repeat is a duplicate', async () => {
    const first = await post('{"ID":100001}');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      accepted: true,
      events: [
        { key: status.key, type: status.type, outcome: 'applied' },
        { key: shipment.key, type: shipment.type, outcome: 'new' },
      ],
    });
    const again = await post('{"ID":100001}');
    expect(await again.json()).toEqual({
      accepted: true,
      events: [
        { key: status.key, type: status.type, outcome: 'duplicate' },
        { key: shipment.key, type: shipment.type, outcome: 'duplicate' },
      ],
    });
    expect(handled).toEqual([status.key, shipment.key]);
    const inbox = await store.db
      .selectFrom('lb_inbox')
      .select(['event_id', 'business_key', 'status'])
      .where('source', '=', 'warehouse')
      .orderBy('id')
      .execute();
    expect(inbox).toEqual([
      { event_id: status.key, business_key: 'S-ORD101001', status: 'processed' },
      { event_id: shipment.key, business_key: 'S-ORD101001', status: 'processed' },
    ]);
  });

  it('answers an unreadable callback with 200, keeps it, and raises it for the integration owner', async () => {
    const response = await post('garbage');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: false });
    const [exception] = await listExceptions(store.db, { flow: 'warehouse' });
    expect(exception).toMatchObject({ code: 'callback_unreadable', owner: 'integration', evidence: { body: 'garbage' } });
    expect(await store.db.selectFrom('lb_inbox').select('topic').where('topic', '=', 'malformed').execute()).toHaveLength(1);
  });
});
