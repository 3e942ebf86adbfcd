/** Hostile inputs for /webhooks/bc: handshakes that are not BC's, strangers' notifications, floods, odd resources. */
import { expect } from 'vitest';
import { fingerprintSecret } from '../../../src/core/redact.ts';
import { secrets } from '../support/hostile-hub.ts';
import type { RawRequest } from '../support/raw-http.ts';
import type { HttpCase } from './types.ts';

const actor = 'bc-webhook';
const path = '/webhooks/bc';
let sequence = 0;

function item(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    subscriptionId: 'hub-items',
    clientState: secrets.bcClientState,
    expirationDateTime: '2026-12-01T00:00:00Z',
    resource: `api/v2.0/companies(1)/items(${sequence})`,
    changeType: 'updated',
    lastModifiedDateTime: `2026-11-24T10:00:${String(sequence % 60).padStart(2, '0')}Z`,
    ...overrides,
  };
}

const post = (body: string | Uint8Array, options: Partial<RawRequest> = {}): RawRequest => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/json' },
  body,
  ...options,
});
const notify = (items: unknown[]) => post(JSON.stringify({ value: items }));
const handshake = (query: string): RawRequest => ({ method: 'POST', path: `${path}?${query}` });

const stranger = /no notification carries the subscription's clientState/;
const notJson = /body is not JSON/;
const badToken = /validationToken must be 1 to 512 printable ASCII characters/;

function ignoredResource(resource: string): HttpCase {
  return {
    name: `bc: ours, resource ${JSON.stringify(resource).slice(0, 40)} wakes nothing`,
    request: (ctx) => {
      ctx.hub.woken.length = 0;
      return notify([item({ resource })]);
    },
    status: 202,
    audit: 'none',
    check: async ({ hub }) => {
      expect(hub.woken).toEqual([]);
      const row = await hub.store.db
        .selectFrom('lb_inbox')
        .select(['status', 'body'])
        .where('source', '=', 'bc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('ignored');
      expect(row.body).not.toContain(secrets.bcClientState);
    },
  };
}

export const bcCases: HttpCase[] = [
  // Bodies that are not BC notifications at all.
  { name: 'bc: GET without a handshake', request: { method: 'GET', path }, status: 400, message: notJson, audit: { actor } },
  { name: 'bc: empty body', request: post(''), status: 400, message: notJson, audit: { actor } },
  { name: 'bc: not JSON', request: post('<xml/>'), status: 400, message: notJson, audit: { actor, evidence: '<xml/>' } },
  { name: 'bc: JSON null', request: post('null'), status: 400, message: /no "value" array/, audit: { actor } },
  { name: 'bc: value an object', request: post('{"value":{}}'), status: 400, message: /no "value" array/, audit: { actor } },
  { name: 'bc: value a string', request: post('{"value":"x"}'), status: 400, message: /no "value" array/, audit: { actor } },
  { name: 'bc: truncated JSON', request: post('{"value":[{"subscriptionId":'), status: 400, message: notJson, audit: { actor } },
  {
    name: 'bc: a raw NUL byte',
    request: post(Buffer.from('{"value":[\u0000]}')),
    status: 400,
    message: notJson,
    audit: { actor, evidence: '\\u0000' },
  },
  {
    name: 'bc: invalid UTF-8',
    request: post(Buffer.from([0x7b, 0xc3, 0x28, 0x7d])),
    status: 400,
    message: /not valid UTF-8/,
    audit: { actor, evidence: '\\xc3' },
  },
  {
    name: 'bc: a byte-order mark first',
    request: post(`\ufeff${JSON.stringify({ value: [item()] })}`),
    status: 400,
    message: notJson,
    audit: { actor },
  },

  // Notifications that carry no clientState of ours: a stranger's, refused whole.
  { name: 'bc: no notifications', request: notify([]), status: 401, message: /no notifications in the request/, audit: { actor } },
  { name: 'bc: a wrong clientState', request: notify([item({ clientState: 'guess' })]), status: 401, message: stranger, audit: { actor } },
  { name: 'bc: no clientState', request: notify([item({ clientState: undefined })]), status: 401, message: stranger, audit: { actor } },
  { name: 'bc: clientState a number', request: notify([item({ clientState: 12345 })]), status: 401, message: stranger, audit: { actor } },
  {
    name: 'bc: clientState a prefix of ours',
    request: notify([item({ clientState: secrets.bcClientState.slice(0, 10) })]),
    status: 401,
    message: stranger,
    audit: { actor },
  },
  {
    name: 'bc: clientState ours plus more',
    request: notify([item({ clientState: `${secrets.bcClientState}x` })]),
    status: 401,
    message: stranger,
    audit: { actor },
  },
  {
    name: 'bc: clientState in capitals',
    request: notify([item({ clientState: secrets.bcClientState.toUpperCase() })]),
    status: 401,
    message: stranger,
    audit: { actor },
  },
  {
    name: 'bc: clientState __proto__',
    request: notify([item({ clientState: '__proto__' })]),
    status: 401,
    message: stranger,
    audit: { actor },
  },
  { name: 'bc: a null notification', request: notify([null]), status: 401, message: stranger, audit: { actor } },
  { name: 'bc: a string notification', request: notify(['x']), status: 401, message: stranger, audit: { actor } },
  {
    name: 'bc: notifications nested 3,000 deep',
    request: post(`{"value":${'['.repeat(3000)}${']'.repeat(3000)}}`),
    status: 401,
    message: /no notifications|clientState/,
    audit: { actor },
  },
  {
    name: 'bc: a stranger, its clientState never kept',
    request: notify([item({ clientState: 'stranger-secret-value' })]),
    status: 401,
    message: stranger,
    audit: { actor, evidence: '"clientState":"[redacted]"' },
  },

  // Floods and methods.
  {
    name: 'bc: 2,001 notifications in one request',
    request: notify(Array.from({ length: 2001 }, () => item())),
    status: 413,
    message: /more than 2000 notifications/,
    audit: { actor },
  },
  {
    name: 'bc: over the size limit',
    request: post(JSON.stringify({ value: [item({ pad: 'x'.repeat(1_100_000) })] })),
    status: 413,
    message: /1048576-byte limit of Business Central/,
    audit: { actor },
  },
  {
    name: 'bc: over the size limit in chunks',
    request: post(JSON.stringify({ value: [item({ pad: 'x'.repeat(1_100_000) })] }), { chunked: 100_000 }),
    status: 413,
    audit: { actor },
  },
  {
    name: 'bc: PUT with our notification',
    request: { ...notify([item()]), method: 'PUT' },
    status: 405,
    message: /PUT is not accepted/,
    audit: { actor },
  },
  { name: 'bc: DELETE with our notification', request: { ...notify([item()]), method: 'DELETE' }, status: 405, audit: { actor } },

  // Handshakes that are not BC's.
  { name: 'bc: empty validationToken', request: handshake('validationToken='), status: 400, message: badToken, audit: { actor } },
  {
    name: 'bc: a 600-character validationToken',
    request: handshake(`validationToken=${'a'.repeat(600)}`),
    status: 400,
    message: badToken,
    audit: { actor },
  },
  {
    name: 'bc: a validationToken with a space',
    request: handshake('validationToken=a%20b'),
    status: 400,
    message: badToken,
    audit: { actor },
  },
  {
    name: 'bc: a validationToken with a NUL',
    request: handshake('validationToken=a%00b'),
    status: 400,
    message: badToken,
    audit: { actor },
  },
  {
    name: 'bc: a validationToken with CR LF (header injection)',
    request: handshake('validationToken=a%0d%0aSet-Cookie:%20x=1'),
    status: 400,
    message: badToken,
    audit: { actor },
  },
  {
    name: 'bc: a validationToken with non-ASCII',
    request: handshake('validationToken=%C3%A9t%C3%A9'),
    status: 400,
    message: badToken,
    audit: { actor },
  },
  {
    name: 'bc: a validationToken that is markup, echoed as inert text',
    request: handshake('validationToken=%3Cscript%3Ealert(1)%3C/script%3E'),
    status: 200,
    audit: 'none',
    check: async (_ctx, response) => {
      expect(response.body).toBe('<script>alert(1)</script>');
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    },
  },

  // Ours, but not all readable: answered 202 so BC keeps the subscription; the rest audited.
  {
    name: 'bc: ours with an unknown changeType',
    request: notify([item({ changeType: 'renamed' })]),
    status: 202,
    audit: { actor },
    check: async ({ hub }) => {
      const [entry] = await hub.store.db
        .selectFrom('lb_audit')
        .select('detail')
        .where('actor', '=', actor)
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      expect(entry!.detail).toMatchObject({ status: 202, rejected: [{ index: 0, reason: expect.stringContaining('changeType') }] });
    },
  },
  {
    name: 'bc: ours with a 3,000-character resource',
    request: notify([item({ resource: `items(${'9'.repeat(3000)})` })]),
    status: 202,
    audit: { actor },
  },
  { name: 'bc: ours mixed with a stranger', request: notify([item(), item({ clientState: 'guess' })]), status: 202, audit: { actor } },
  ignoredResource('api/v2.0/companies(1)/constructor'),
  ignoredResource('api/v2.0/companies(1)/__proto__(1)'),
  ignoredResource('api/v2.0/companies(1)/toString'),
  ignoredResource('../../../../etc/passwd'),
  ignoredResource('api/v2.0/companies(1)/items\u0000'),
  {
    name: 'bc: ours with an OData filter in the resource wakes the items poll only',
    request: (ctx) => {
      ctx.hub.woken.length = 0;
      return notify([item({ resource: "api/v2.0/companies(1)/items?$filter=number eq '1' or 1 eq 1" })]);
    },
    status: 202,
    audit: 'none',
    check: async ({ hub }) => expect(hub.woken).toEqual(['items']),
  },
  {
    name: 'bc: ours, the clientState kept only as a fingerprint',
    request: notify([item({ resource: 'api/v2.0/companies(1)/salesOrders(77)' })]),
    status: 202,
    audit: 'none',
    check: async ({ hub }) => {
      const row = await hub.store.db
        .selectFrom('lb_inbox')
        .select(['body', 'business_key'])
        .where('source', '=', 'bc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(row.business_key).toBe('api/v2.0/companies(1)/salesOrders(77)');
      expect(JSON.parse(row.body)).toMatchObject({ clientState: fingerprintSecret(secrets.bcClientState) });
    },
  },
  {
    name: 'bc: 1,000 notifications of ours answered within seconds, each kept',
    request: (ctx) => {
      ctx.hub.woken.length = 0;
      return notify(Array.from({ length: 1000 }, () => item({ resource: `api/v2.0/companies(1)/items(${(sequence += 1)})` })));
    },
    status: 202,
    audit: 'none',
    check: async ({ hub }) => {
      expect(hub.woken).toEqual(['items']);
      const rows = await hub.store.db
        .selectFrom('lb_inbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source', '=', 'bc')
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBeGreaterThanOrEqual(1000);
    },
  },
];
