/** Hostile inputs for POST /webhooks/shopify: forged signatures, other shops, bad bodies, replays. */
import { expect } from 'vitest';
import { shopDomain, signShopify } from '../support/hostile-hub.ts';
import type { RawRequest } from '../support/raw-http.ts';
import type { HttpCase } from './types.ts';

let delivery = 0;
const actor = 'shopify-webhook';
const path = '/webhooks/shopify';

export function orderBody(number: number, extra = ''): string {
  return `{"id":${number},"admin_graphql_api_id":"gid://shopify/Order/${number}","name":"#${number}","updated_at":"2026-11-24T09:00:00+00:00"${extra}}`;
}

/** A delivery as Shopify sends it; `headers` replace or (undefined) remove Shopify's. */
function webhook(
  body: string | Uint8Array,
  headers: Record<string, string | undefined> = {},
  options: Partial<RawRequest> = {},
): RawRequest {
  delivery += 1;
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': shopDomain,
    'x-shopify-webhook-id': `hostile-webhook-${delivery}`,
    'x-shopify-event-id': `hostile-event-${delivery}`,
    'x-shopify-hmac-sha256': signShopify(body),
    ...headers,
  };
  const kept = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { method: 'POST', path, headers: kept, body, ...options };
}

const unsigned = (body: string | Uint8Array, options: Partial<RawRequest> = {}) =>
  webhook(body, { 'x-shopify-hmac-sha256': undefined }, options);
const forged = (body: string | Uint8Array, signature: string) => webhook(body, { 'x-shopify-hmac-sha256': signature });

const missing = /missing X-Shopify-Hmac-Sha256 header/;
const mismatch = /HMAC signature does not match the body/;
const malformed = /malformed orders\/create payload/;
const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
const nulBody = Buffer.concat([Buffer.from('{"admin_graphql_api_id":"gid://shopify/Order/1","x":"'), Buffer.from([0]), Buffer.from('"}')]);
const invalidUtf8 = Buffer.concat([
  Buffer.from(orderBody(4101).slice(0, -1)),
  Buffer.from(',"note":"caf'),
  Buffer.from([0xe9, 0xff]),
  Buffer.from('"}'),
]);

/** An accepted order is in the ledger afterwards, its delivery in the inbox. */
function recorded(number: number): HttpCase['check'] {
  return async ({ hub }) => {
    const record = await hub.store.db
      .selectFrom('lb_record')
      .select(['id'])
      .where('source_id', '=', `gid://shopify/Order/${number}`)
      .executeTakeFirst();
    expect(record).toBeDefined();
  };
}

const replayed = orderBody(4200);
const replayHeaders = { 'x-shopify-event-id': 'hostile-replayed-event', 'x-shopify-webhook-id': 'hostile-replayed-webhook' };

export const shopifyCases: HttpCase[] = [
  // Forged or missing signatures.
  { name: 'shopify: no signature', request: unsigned(orderBody(4001)), status: 401, message: missing, audit: { actor } },
  { name: 'shopify: no signature, empty body', request: unsigned(''), status: 401, message: missing, audit: { actor } },
  {
    name: 'shopify: no signature, a NUL byte in the body',
    request: unsigned(nulBody),
    status: 401,
    message: missing,
    audit: { actor, evidence: '\\u0000' },
  },
  {
    name: 'shopify: no signature, invalid UTF-8',
    request: unsigned(invalidUtf8),
    status: 401,
    message: missing,
    audit: { actor, evidence: '\\xff' },
  },
  { name: 'shopify: no signature, JSON nested 5,000 deep', request: unsigned(deep), status: 401, message: missing, audit: { actor } },
  {
    name: 'shopify: no signature, 200 kB of JSON',
    request: unsigned(orderBody(4002, `,"pad":"${'x'.repeat(200_000)}"`)),
    status: 401,
    message: missing,
    audit: { actor },
  },
  {
    name: 'shopify: no signature, chunked body',
    request: unsigned(orderBody(4003), { chunked: 7 }),
    status: 401,
    message: missing,
    audit: { actor },
  },
  {
    name: 'shopify: no signature, addressed as evil.example',
    request: unsigned(orderBody(4004), { headers: { host: 'evil.example' } }),
    status: 401,
    audit: { actor },
  },
  { name: 'shopify: empty signature header', request: forged(orderBody(4005), ''), status: 401, message: missing, audit: { actor } },
  {
    name: 'shopify: signed with another secret',
    request: forged(orderBody(4006), signShopify(orderBody(4006), 'not-the-secret')),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signed with a secret rotated out',
    request: forged(orderBody(4007), signShopify(orderBody(4007), 'shpss_previous')),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signature of another body',
    request: forged(orderBody(4008), signShopify(orderBody(4009))),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signature as hex instead of base64',
    request: forged(orderBody(4010), Buffer.from(signShopify(orderBody(4010)), 'base64').toString('hex')),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signature that is not base64',
    request: forged(orderBody(4011), '!!!!not-base64!!!!'),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: a 6 kB signature',
    request: forged(orderBody(4012), 'A'.repeat(6000)),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: truncated signature',
    request: forged(orderBody(4013), signShopify(orderBody(4013)).slice(0, 20)),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signature with extra padding',
    request: forged(orderBody(4014), `${signShopify(orderBody(4014))}AA==`),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signature upper-cased',
    request: forged(orderBody(4015), signShopify(orderBody(4015)).toUpperCase()),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: body tampered after signing',
    request: forged(orderBody(4016).replace('4016', '4017'), signShopify(orderBody(4016))),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signature of the empty body, body sent',
    request: forged(orderBody(4018), signShopify('')),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: signature over the body plus a newline',
    request: forged(orderBody(4019), signShopify(`${orderBody(4019)}\n`)),
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  {
    name: 'shopify: the signature header twice',
    request: {
      method: 'POST',
      path,
      raw: [
        `POST ${path} HTTP/1.1`,
        'host: 127.0.0.1',
        'connection: close',
        'content-type: application/json',
        'x-shopify-topic: orders/create',
        `x-shopify-shop-domain: ${shopDomain}`,
        `x-shopify-hmac-sha256: ${signShopify(orderBody(4020))}`,
        `x-shopify-hmac-sha256: ${signShopify(orderBody(4020))}`,
        `content-length: ${orderBody(4020).length}`,
        '',
        orderBody(4020),
      ].join('\r\n'),
    },
    status: 401,
    message: mismatch,
    audit: { actor },
  },
  { name: 'shopify: unsigned replay of an accepted body', request: unsigned(replayed), status: 401, message: missing, audit: { actor } },

  // Signed, but not from our shop, or not JSON.
  {
    name: 'shopify: signed, from another shop',
    request: webhook(orderBody(4021), { 'x-shopify-shop-domain': 'other.myshopify.com' }),
    status: 403,
    message: /from shop other\.myshopify\.com/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, no shop named',
    request: webhook(orderBody(4022), { 'x-shopify-shop-domain': undefined }),
    status: 403,
    message: /from shop \(none\)/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, shop name with a path',
    request: webhook(orderBody(4023), { 'x-shopify-shop-domain': `${shopDomain}/../other` }),
    status: 403,
    audit: { actor },
  },
  {
    name: 'shopify: signed, as text/plain',
    request: webhook(orderBody(4024), { 'content-type': 'text/plain' }),
    status: 415,
    message: /Content-Type must be application\/json/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, no content type',
    request: webhook(orderBody(4025), { 'content-type': undefined }),
    status: 415,
    audit: { actor },
  },
  {
    name: 'shopify: signed, as a form',
    request: webhook(orderBody(4026), { 'content-type': 'application/x-www-form-urlencoded' }),
    status: 415,
    audit: { actor },
  },
  {
    name: 'shopify: signed, as multipart',
    request: webhook(orderBody(4027), { 'content-type': 'multipart/form-data; boundary=x' }),
    status: 415,
    audit: { actor },
  },
  {
    name: 'shopify: signed, as application/json-seq',
    request: webhook(orderBody(4028), { 'content-type': 'application/json-seq' }),
    status: 415,
    audit: { actor },
  },

  // Signed, with topics the hub does not take (prototype names included).
  {
    name: 'shopify: signed, no topic',
    request: webhook(orderBody(4030), { 'x-shopify-topic': undefined }),
    status: 400,
    message: /missing X-Shopify-Topic/,
    audit: { actor },
  },
  ...['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'].map((topic, index): HttpCase => ({
    name: `shopify: signed, topic ${topic}`,
    request: webhook(orderBody(4031 + index), { 'x-shopify-topic': topic }),
    status: 400,
    message: new RegExp(`unknown topic ${topic.replace(/[$]/g, '\\$')}: the hub does not subscribe to it`),
    audit: { actor },
  })),
  {
    name: 'shopify: signed, topic orders/delete',
    request: webhook(orderBody(4040), { 'x-shopify-topic': 'orders/delete' }),
    status: 400,
    message: /unknown topic/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, topic ../orders/create',
    request: webhook(orderBody(4041), { 'x-shopify-topic': '../orders/create' }),
    status: 400,
    message: /unknown topic/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, topic in capitals',
    request: webhook(orderBody(4042), { 'x-shopify-topic': 'ORDERS/CREATE' }),
    status: 400,
    message: /unknown topic/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, a 2 kB topic',
    request: webhook(orderBody(4043), { 'x-shopify-topic': `orders/${'x'.repeat(2000)}` }),
    status: 400,
    message: /unknown topic/,
    audit: { actor },
  },

  // Signed, with bodies the hub cannot take.
  {
    name: 'shopify: signed, not JSON',
    request: webhook('this is not json'),
    status: 400,
    message: /not JSON/,
    audit: { actor, evidence: 'this is not json' },
  },
  {
    name: 'shopify: signed, truncated JSON',
    request: webhook(orderBody(4050).slice(0, 40)),
    status: 400,
    message: /not JSON/,
    audit: { actor },
  },
  { name: 'shopify: signed, a JSON array', request: webhook(`[${orderBody(4051)}]`), status: 400, message: malformed, audit: { actor } },
  {
    name: 'shopify: signed, a JSON string',
    request: webhook('"gid://shopify/Order/1"'),
    status: 400,
    message: malformed,
    audit: { actor },
  },
  { name: 'shopify: signed, JSON null', request: webhook('null'), status: 400, message: malformed, audit: { actor } },
  { name: 'shopify: signed, a JSON number', request: webhook('42'), status: 400, message: malformed, audit: { actor } },
  { name: 'shopify: signed, empty body', request: webhook(''), status: 400, message: malformed, audit: { actor } },
  { name: 'shopify: signed, JSON nested 5,000 deep', request: webhook(deep), status: 400, message: malformed, audit: { actor } },
  {
    name: 'shopify: signed, a Product id',
    request: webhook(orderBody(4052).replace('Order/4052', 'Product/4052')),
    status: 400,
    message: /admin_graphql_api_id/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, an id with a query injected',
    request: webhook(orderBody(4053).replace('Order/4053', "Order/4053' OR 1=1 --")),
    status: 400,
    message: /admin_graphql_api_id/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, an id with Shopify search syntax',
    request: webhook(orderBody(4054).replace('Order/4054', 'Order/* status:any')),
    status: 400,
    message: /admin_graphql_api_id/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, an id with path traversal',
    request: webhook(orderBody(4055).replace('Order/4055', 'Order/../../Customer/1')),
    status: 400,
    message: /admin_graphql_api_id/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, updated_at not a time',
    request: webhook(orderBody(4056).replace('2026-11-24T09:00:00+00:00', 'yesterday')),
    status: 400,
    message: /updated_at/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, updated_at missing',
    request: webhook('{"admin_graphql_api_id":"gid://shopify/Order/4057"}'),
    status: 400,
    message: /updated_at/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, id a fraction',
    request: webhook(orderBody(4058).replace('"id":4058', '"id":4058.5')),
    status: 400,
    message: /field `id`/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, a NUL in the order name',
    request: webhook(orderBody(4059).replace('"#4059"', '"#40\\u000059"')),
    status: 400,
    message: /NUL character/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, a lone surrogate in the order name',
    request: webhook(orderBody(4060).replace('"#4060"', '"#\\ud800"')),
    status: 400,
    message: /NUL character or broken text/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, a raw NUL byte in the body',
    request: webhook(nulBody),
    status: 400,
    message: /not JSON/,
    audit: { actor, evidence: '\\u0000' },
  },
  {
    name: 'shopify: signed, invalid UTF-8',
    request: webhook(invalidUtf8),
    status: 400,
    message: /not valid UTF-8/,
    audit: { actor, evidence: '\\xe9\\xff' },
  },
  {
    name: 'shopify: signed, a byte-order mark first',
    request: webhook(`\ufeff${orderBody(4061)}`),
    status: 400,
    message: /not JSON/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, name in the wrong type',
    request: webhook(orderBody(4062).replace('"#4062"', '{"$ne":null}')),
    status: 400,
    message: /field `name`/,
    audit: { actor },
  },

  // Signed, too large (the limit is 256 KiB here).
  {
    name: 'shopify: signed, over the size limit',
    request: webhook(orderBody(4070, `,"pad":"${'x'.repeat(300_000)}"`)),
    status: 413,
    message: /larger than the 262144-byte limit of Shopify webhooks/,
    audit: { actor },
  },
  {
    name: 'shopify: signed, over the size limit in chunks',
    request: webhook(orderBody(4071, `,"pad":"${'x'.repeat(300_000)}"`), {}, { chunked: 65_536 }),
    status: 413,
    audit: { actor },
  },
  {
    name: 'shopify: unsigned, declaring 10 MB',
    request: unsigned(orderBody(4072), { declaredLength: 10_000_000 }),
    status: 413,
    audit: { actor },
  },
  {
    name: 'shopify: signed, the body cut short of its declared length',
    request: webhook(orderBody(4073), {}, { declaredLength: orderBody(4073).length + 500 }),
    status: 400,
    audit: { actor, reason: /the body ended before the length it declared/ },
  },

  // Harmless oddities the hub accepts, and replays it answers once.
  {
    name: 'shopify: signed, prototype keys in the body are plain data',
    request: webhook(orderBody(4080, ',"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}')),
    status: 200,
    audit: 'none',
    check: recorded(4080),
  },
  {
    name: 'shopify: signed, a 200 kB body within the limit',
    request: webhook(orderBody(4081, `,"pad":"${'y'.repeat(200_000)}"`)),
    status: 200,
    audit: 'none',
    check: recorded(4081),
  },
  {
    name: 'shopify: signed, delivered first',
    request: webhook(replayed, replayHeaders),
    status: 200,
    audit: 'none',
    check: recorded(4200),
  },
  {
    name: 'shopify: signed, the same delivery replayed',
    request: webhook(replayed, replayHeaders),
    status: 200,
    audit: 'none',
    check: async (_ctx, response) => expect(JSON.parse(response.body)).toEqual({ accepted: true, duplicate: true }),
  },
  {
    name: 'shopify: signed, a replayed event id with another body',
    request: webhook(orderBody(4201), replayHeaders),
    status: 200,
    audit: 'none',
    check: async ({ hub }, response) => {
      expect(JSON.parse(response.body)).toEqual({ accepted: true, duplicate: true });
      const record = await hub.store.db
        .selectFrom('lb_record')
        .select('id')
        .where('source_id', '=', 'gid://shopify/Order/4201')
        .executeTakeFirst();
      expect(record).toBeUndefined();
    },
  },
  {
    name: 'shopify: signed, without event ids, sent twice',
    request: webhook(orderBody(4202), { 'x-shopify-event-id': undefined, 'x-shopify-webhook-id': undefined }),
    status: 200,
    audit: 'none',
    check: async ({ hub }) => {
      const again = webhook(orderBody(4202), { 'x-shopify-event-id': undefined, 'x-shopify-webhook-id': undefined });
      const { send } = await import('../support/raw-http.ts');
      expect(JSON.parse((await send(hub.open.port, again)).body)).toEqual({ accepted: true, duplicate: true });
    },
  },

  // Requests Node's HTTP parser refuses before the hub sees them: no audit entry, the hub unharmed.
  {
    name: 'shopify: a header with a raw CR inside',
    request: {
      method: 'POST',
      path,
      raw: `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-shopify-topic: orders/create\rx-evil: 1\r\ncontent-length: 2\r\n\r\n{}`,
    },
    status: 400,
    audit: 'none',
  },
  {
    name: 'shopify: a header with a NUL byte',
    request: {
      method: 'POST',
      path,
      raw: Buffer.concat([
        Buffer.from(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-shopify-topic: orders/`),
        Buffer.from([0]),
        Buffer.from('create\r\ncontent-length: 2\r\n\r\n{}'),
      ]),
    },
    status: 400,
    audit: 'none',
  },
];
