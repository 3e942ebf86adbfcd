/**
 * Hostile inputs for the warehouse callback (Mintsoft's Connect Actions at /webhooks/warehouse).
 * Without the secret: refused, 401. With it, a callback the hub cannot read is never refused
 * (a WMS that sees errors may stop calling): it is kept byte for byte in the inbox, answered
 * 200 and raised as an exception for the integration owner; polling brings its facts.
 */
import { expect } from 'vitest';
import { secrets, warehousePath } from '../support/hostile-hub.ts';
import type { RawRequest } from '../support/raw-http.ts';
import type { AuditExpectation, CaseContext, HttpCase } from './types.ts';

const actor = 'warehouse-callback';
const noSecret = /the callback carries no valid secret/;
let order = 555_000;

export function despatchedBody(id = (order += 1), extra = ''): string {
  return `{"ID":${id},"OrderNumber":"S-ORD${id}","OrderStatusId":99,"DespatchDate":"2026-11-24T10:00:00","LastUpdated":"2026-11-24T10:00:00","CourierServiceName":"Royal Mail Tracked 48","TrackingNumber":"RM${id}GB","OrderItems":[{"SKU":"TEE-ORG-M","Quantity":1}]${extra}}`;
}

function callback(
  body: string | Uint8Array,
  options: { event?: string | null; auth?: string | null; query?: string } & Partial<RawRequest> = {},
): RawRequest {
  const { event = 'despatched', auth = `Bearer ${secrets.warehouse}`, query = '', ...rest } = options;
  const params = [event === null ? '' : `event=${event}`, query].filter(Boolean).join('&');
  return {
    method: 'POST',
    path: `${warehousePath}${params ? `?${params}` : ''}`,
    headers: { 'content-type': 'application/json', ...(auth === null ? {} : { authorization: auth }) },
    body,
    ...rest,
  };
}

const refused = (name: string, request: RawRequest, audit: Partial<AuditExpectation> = {}): HttpCase => ({
  name: `warehouse: ${name}`,
  request,
  status: 401,
  message: noSecret,
  audit: { actor, ...audit },
});

/** Kept as unreadable: 200, an exception with escaped evidence, the bytes in the inbox. */
function unreadable(name: string, request: RawRequest, reason: RegExp, evidence?: string): HttpCase {
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  return {
    name: `warehouse: kept as unreadable, ${name}`,
    request,
    status: 200,
    message: reason,
    audit: { actor, action: 'opened', entity: 'exception', reason: /.*/ },
    check: async ({ hub }: CaseContext) => {
      const exception = await hub.store.db
        .selectFrom('lb_exception')
        .select(['code', 'evidence', 'message'])
        .where('code', '=', 'callback_unreadable')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(exception.message).toMatch(reason);
      const kept = exception.evidence as { body: string; url: string };
      if (evidence) expect(kept.body).toContain(evidence);
      expect(kept.url).not.toContain(secrets.warehouse);
      const inbox = await hub.store.db
        .selectFrom('lb_inbox')
        .select(['body', 'body_encoding'])
        .where('source', '=', 'warehouse')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const bytes = inbox.body_encoding === 'base64' ? Buffer.from(inbox.body, 'base64') : Buffer.from(inbox.body, 'utf8');
      expect(bytes.equals(body)).toBe(true);
    },
  };
}

const nul = Buffer.concat([Buffer.from(despatchedBody().slice(0, 30)), Buffer.from([0]), Buffer.from(despatchedBody().slice(30))]);
const latin1 = Buffer.concat([Buffer.from('{"ID":1,"OrderNumber":"S-ORD-caf'), Buffer.from([0xe9]), Buffer.from('","OrderStatusId":99}')]);
const accepted = despatchedBody(556_001);

export const warehouseCases: HttpCase[] = [
  // No valid secret: refused.
  refused('no secret at all', callback(despatchedBody(), { auth: null })),
  refused('a wrong bearer secret', callback(despatchedBody(), { auth: 'Bearer guess' })),
  refused('the secret without "Bearer "', callback(despatchedBody(), { auth: secrets.warehouse })),
  refused(
    'the secret as Basic credentials',
    callback(despatchedBody(), { auth: `Basic ${Buffer.from(`x:${secrets.warehouse}`).toString('base64')}` }),
  ),
  refused('"bearer" in lower case', callback(despatchedBody(), { auth: `bearer ${secrets.warehouse}` })),
  refused('the secret with a character changed', callback(despatchedBody(), { auth: `Bearer ${secrets.warehouse.slice(0, -1)}X` })),
  refused('an 8 kB Authorization header', callback(despatchedBody(), { auth: `Bearer ${'k'.repeat(8000)}` })),
  refused('a wrong token in the query', callback(despatchedBody(), { auth: null, query: 'token=guess' })),
  refused('an empty token in the query', callback(despatchedBody(), { auth: null, query: 'token=' })),
  refused('the secret under another query name', callback(despatchedBody(), { auth: null, query: `Token=${secrets.warehouse}` })),
  refused('the secret as ?secret=, never kept', callback(despatchedBody(), { auth: null, query: `secret=${secrets.warehouse}` })),
  refused('a NUL byte in the body', callback(nul, { auth: null }), { evidence: '\\u0000' }),
  refused('invalid UTF-8 in the body', callback(latin1, { auth: null }), { evidence: '\\xe9' }),
  refused(
    'addressed as evil.example',
    callback(despatchedBody(), { auth: null, headers: { host: 'evil.example', 'content-type': 'application/json' } }),
  ),
  refused('the event kind __proto__, unsigned', callback(despatchedBody(), { auth: null, event: '__proto__' })),
  {
    name: 'warehouse: the wrong secret first, the right one second',
    request: {
      method: 'POST',
      path: `${warehousePath}?event=despatched`,
      raw: [
        `POST ${warehousePath}?event=despatched HTTP/1.1`,
        'host: 127.0.0.1',
        'connection: close',
        'content-type: application/json',
        'authorization: Bearer guess',
        `authorization: Bearer ${secrets.warehouse}`,
        `content-length: ${despatchedBody(556_900).length}`,
        '',
        despatchedBody(556_900),
      ].join('\r\n'),
    },
    status: 401,
    message: noSecret,
    audit: { actor },
  },
  {
    name: 'warehouse: over the size limit',
    request: callback(despatchedBody(undefined, `,"pad":"${'x'.repeat(300_000)}"`)),
    status: 413,
    message: /262144-byte limit of warehouse callbacks/,
    audit: { actor: 'webhook' },
  },
  {
    name: 'warehouse: over the size limit in chunks',
    request: callback(despatchedBody(undefined, `,"pad":"${'x'.repeat(300_000)}"`), { chunked: 50_000 }),
    status: 413,
    audit: { actor: 'webhook' },
  },

  // With the secret but unreadable: kept, answered 200, raised.
  unreadable('an unknown event kind toString', callback(despatchedBody(), { event: 'toString' }), /unknown callback event "toString"/),
  unreadable('the event kind constructor', callback(despatchedBody(), { event: 'constructor' }), /unknown callback event "constructor"/),
  unreadable('no event kind', callback(despatchedBody(), { event: null }), /unknown callback event null/),
  unreadable('the event kind ../despatched', callback(despatchedBody(), { event: '../despatched' }), /unknown callback event/),
  unreadable('a body that is not JSON', callback('<Order/>'), /not JSON/, '<Order/>'),
  unreadable('a JSON array', callback(`[${despatchedBody()}]`), /despatched callback/),
  unreadable('an empty object', callback('{}'), /despatched callback: ID/),
  unreadable('an empty body', callback(''), /not JSON/),
  unreadable('a raw NUL byte', callback(nul), /not JSON/, '\\u0000'),
  unreadable('invalid UTF-8', callback(latin1), /not valid UTF-8/, '\\xe9'),
  unreadable(
    'a NUL in the order number',
    callback(despatchedBody(undefined).replace('"S-ORD', '"S-ORD\\u0000')),
    /NUL character or broken text at \[0\]\.orderReference/,
  ),
  unreadable('a lone surrogate in the order number', callback(despatchedBody(undefined).replace('"S-ORD', '"S-ORD\\udc00')), /broken text/),
  unreadable('JSON nested 4,000 deep', callback(`{"ID":1,"X":${'['.repeat(4000)}${']'.repeat(4000)}}`), /not JSON|despatched callback/),
  unreadable(
    'a split without its orders',
    callback('{"OrderId":1,"SplitOrderId":2}', { event: 'split' }),
    /split callback without the orders/,
  ),
  unreadable('an ASN with its id missing', callback('{"Reference":"x"}', { event: 'asn_booked_in' }), /ASN callback/),
  unreadable(
    'the secret in the URL, kept redacted',
    callback('garbage', { auth: null, query: `token=${secrets.warehouse}` }),
    /not JSON/,
    'garbage',
  ),
  unreadable(
    'an order number of the wrong type',
    callback(despatchedBody(undefined).replace(/"OrderNumber":"[^"]+"/, '"OrderNumber":{"$gt":""}')),
    /OrderNumber/,
  ),

  // With the secret and readable: handed over once, a repeat changes nothing.
  {
    name: 'warehouse: a despatch, applied',
    request: callback(accepted),
    status: 200,
    audit: 'none',
    check: async ({ hub }, response) => {
      expect(JSON.parse(response.body)).toMatchObject({ accepted: true, events: [{ outcome: 'applied' }, { outcome: 'applied' }] });
      expect(hub.handled.at(-1)).toMatchObject({ type: 'shipment.despatched', shipment: { orderReference: 'S-ORD556001' } });
    },
  },
  {
    name: 'warehouse: the same despatch again, by the token in the query',
    request: callback(accepted, { auth: null, query: `token=${secrets.warehouse}` }),
    status: 200,
    audit: 'none',
    check: async (_ctx, response) =>
      expect(JSON.parse(response.body)).toMatchObject({ accepted: true, events: [{ outcome: 'duplicate' }, { outcome: 'duplicate' }] }),
  },
  {
    name: 'warehouse: prototype keys in a despatch are plain data',
    request: callback(despatchedBody(556_002, ',"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":1}}')),
    status: 200,
    audit: 'none',
    check: async ({ hub }) =>
      expect(hub.handled.at(-1)).toMatchObject({ type: 'shipment.despatched', shipment: { orderReference: 'S-ORD556002' } }),
  },
];
