/**
 * Hostile inputs for the operator API (/api/* and /status), on the hub without a token (only
 * this machine, addressed by loopback, same-origin writes in JSON) and on the hub with one
 * (a bearer token on every request; wrong ones counted).
 */
import { expect } from 'vitest';
import { secrets } from '../support/hostile-hub.ts';
import type { RawRequest } from '../support/raw-http.ts';
import type { CaseContext, HttpCase } from './types.ts';

const actor = 'operator-api';
const bearer = { authorization: `Bearer ${secrets.apiToken}` };
const json = { 'content-type': 'application/json' };

const get = (path: string, headers: Record<string, string> = {}): RawRequest => ({ method: 'GET', path, headers });
const postTo = (path: string, body: string | Uint8Array, headers: Record<string, string> = json): RawRequest => ({
  method: 'POST',
  path,
  headers,
  body,
});

/** A write to an exception nothing else touched, so a refusal provably changed nothing. */
function write(verb: 'resolve' | 'ignore' | 'retry', body: string | Uint8Array, headers: Record<string, string> = json) {
  return (ctx: CaseContext): RawRequest => postTo(`/api/exceptions/${ctx.freshException()}/${verb}`, body, headers);
}

const invalid = (name: string, request: HttpCase['request'], message: RegExp, hub: 'open' | 'token' = 'open'): HttpCase => ({
  name: `api: ${name}`,
  hub,
  request,
  status: 400,
  message,
  audit: { actor },
});

const unauthorised = (name: string, headers: Record<string, string>, message = /bearer token/, path = '/api/status'): HttpCase => ({
  name: `api (token): ${name}`,
  hub: 'token',
  request: get(path, headers),
  status: 401,
  message,
  audit: { actor },
});

/** The exception the last case wrote to is still open: the refusal changed nothing. */
async function stillOpen({ hub }: CaseContext, id: number) {
  const row = await hub.store.db.selectFrom('lb_exception').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.status).toBe('open');
}

let lastFresh = 0;
const tracking = (make: (ctx: CaseContext) => RawRequest) => (ctx: CaseContext) => {
  const request = make({ ...ctx, freshException: () => (lastFresh = ctx.freshException()) });
  return request;
};
const unchanged: HttpCase['check'] = async (ctx) => stillOpen(ctx, lastFresh);

export const operatorApiCases: HttpCase[] = [
  // The hub without a token: cross-site writes and rebound host names (issue 14, finding 1).
  {
    name: 'api: a cross-site resolve sent as text/plain',
    request: tracking(
      write('resolve', '{"note":"pwned","by":"evil"}', {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      }),
    ),
    status: 403,
    message: /started by another site/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a cross-site retry with corrections',
    request: tracking(write('retry', '{"overrides":{"email":"evil@example.com"}}', { ...json, origin: 'https://evil.example' })),
    status: 403,
    message: /started by another site/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a write from a sandboxed frame (Origin null)',
    request: tracking(write('ignore', '{"note":"x"}', { ...json, origin: 'null' })),
    status: 403,
    message: /another site/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a write from a sibling site',
    request: tracking(write('resolve', '{"note":"x"}', { ...json, 'sec-fetch-site': 'same-site' })),
    status: 403,
    message: /another site/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a write with a malformed Origin',
    request: tracking(write('resolve', '{"note":"x"}', { ...json, origin: 'http://[' })),
    status: 403,
    message: /another site/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: the exception list under a rebound host name',
    request: get('/api/exceptions', { host: 'evil.example:8080' }),
    status: 403,
    message: /addressed as evil\.example/,
    audit: { actor },
  },
  {
    name: 'api: the status under a rebound host name',
    request: get('/status', { host: 'evil.example' }),
    status: 403,
    message: /rebound DNS name/,
    audit: { actor },
  },
  {
    name: 'api: a host name that only starts like localhost',
    request: get('/api/records/1', { host: 'localhost.evil.example' }),
    status: 403,
    message: /addressed as localhost\.evil\.example/,
    audit: { actor },
  },
  {
    name: 'api: a rebound host writing',
    request: tracking(write('resolve', '{"note":"x"}', { ...json, host: 'evil.example' })),
    status: 403,
    message: /rebound/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a forged X-Forwarded-For from a client that is no proxy',
    request: get('/api/status', { 'x-forwarded-for': '203.0.113.9' }),
    status: 200,
    audit: 'none',
  },
  {
    name: 'api: 127.0.0.1 as a host name is an address',
    request: get('/api/status', { host: '127.0.0.1' }),
    status: 200,
    audit: 'none',
    check: async (_ctx, response) => expect(response.headers['cache-control']).toBe('no-store'),
  },

  // Writes that are not JSON.
  {
    name: 'api: a write as a form',
    request: tracking(write('resolve', 'note=x', { 'content-type': 'application/x-www-form-urlencoded' })),
    status: 415,
    message: /Content-Type: application\/json/,
    audit: { actor, evidence: 'note=x' },
    check: unchanged,
  },
  {
    name: 'api: a write as multipart',
    request: tracking(write('resolve', '--b\r\n\r\n--b--', { 'content-type': 'multipart/form-data; boundary=b' })),
    status: 415,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a write without a content type',
    request: tracking(write('resolve', '{"note":"x"}', {})),
    status: 415,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a write as application/json-patch+json',
    request: tracking(write('resolve', '{"note":"x"}', { 'content-type': 'application/json-patch+json' })),
    status: 415,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a write as text/json',
    request: tracking(write('ignore', '{"note":"x"}', { 'content-type': 'text/json' })),
    status: 415,
    audit: { actor },
    check: unchanged,
  },

  // Bodies the hub does not take.
  invalid('a body that is not JSON', tracking(write('resolve', '{note: x}')), /not valid JSON/),
  invalid('truncated JSON', tracking(write('resolve', '{"note":"fix')), /not valid JSON/),
  invalid('a JSON array', tracking(write('resolve', '["note"]')), /expected object/),
  invalid('a JSON string', tracking(write('resolve', '"note"')), /expected object/),
  invalid('JSON null', tracking(write('resolve', 'null')), /expected object/),
  invalid('JSON nested 5,000 deep', tracking(write('resolve', `{"note":${'['.repeat(5000)}${']'.repeat(5000)}}`)), /note/),
  invalid('a __proto__ key', tracking(write('resolve', '{"note":"x","__proto__":{"admin":true}}')), /the key "__proto__"/),
  invalid(
    'a constructor key',
    tracking(write('resolve', '{"note":"x","constructor":{"prototype":{"admin":true}}}')),
    /the key "constructor"/,
  ),
  invalid('a __proto__ key among the corrections', tracking(write('retry', '{"overrides":{"__proto__":"x"}}')), /the key "__proto__"/),
  invalid(
    'a prototype key deep in the corrections',
    tracking(write('retry', '{"overrides":{"email":"a@b.c"},"x":{"y":{"prototype":1}}}')),
    /the key "prototype"/,
  ),
  invalid('an unknown field', tracking(write('resolve', '{"note":"x","admin":true}')), /Unrecognized key/),
  invalid('an empty note', tracking(write('resolve', '{"note":"   "}')), /a note saying what was done is required/),
  invalid('a note with a NUL', tracking(write('resolve', '{"note":"done\\u0000"}')), /note: must not contain control characters/),
  invalid(
    'a note with a terminal escape',
    tracking(write('ignore', '{"note":"\\u001b]0;owned\\u0007"}')),
    /note: must not contain control characters/,
  ),
  invalid(
    'a note with a right-to-left override',
    tracking(write('ignore', '{"note":"ok \\u202egnp.exe"}')),
    /note: must not contain control characters/,
  ),
  invalid('a note of 2,001 characters', tracking(write('resolve', JSON.stringify({ note: 'n'.repeat(2001) }))), /note: Too big/),
  invalid('a note that is a number', tracking(write('resolve', '{"note":42}')), /note: Invalid input/),
  invalid(
    'a name with a line break',
    tracking(write('resolve', '{"note":"x","by":"Ana\\nAdmin"}')),
    /by: must not contain control characters/,
  ),
  invalid('a name of 81 characters', tracking(write('resolve', JSON.stringify({ note: 'x', by: 'b'.repeat(81) }))), /by: Too big/),
  invalid('a correction that is not text', tracking(write('retry', '{"overrides":{"email":5}}')), /overrides\.email/),
  invalid(
    'a correction with a NUL',
    tracking(write('retry', '{"overrides":{"email":"a\\u0000@b.c"}}')),
    /must not contain control characters/,
  ),
  invalid(
    'a correction path with spaces',
    tracking(write('retry', '{"overrides":{"shipping address":"x"}}')),
    /overrides: each correction names a field path/,
  ),
  invalid(
    '51 corrections',
    tracking(
      write('retry', JSON.stringify({ overrides: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`attributes.k${i}`, 'v'])) })),
    ),
    /at most 50 corrections/,
  ),
  invalid(
    'a body that is not UTF-8',
    tracking(write('resolve', Buffer.from([0x7b, 0x22, 0x6e, 0x6f, 0x74, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))),
    /not valid UTF-8/,
  ),
  {
    name: 'api: a body over 64 KiB',
    request: tracking(write('resolve', JSON.stringify({ note: 'n'.repeat(70_000) }))),
    status: 413,
    message: /65536-byte limit of the operator API/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api: a body cut short of its declared length',
    request: tracking((ctx) => ({ ...write('resolve', '{"note":"x"}')(ctx), declaredLength: 400 })),
    status: 400,
    audit: { actor, reason: /the body ended before the length it declared/ },
    check: unchanged,
  },
  {
    name: 'api: a body over 64 KiB in chunks',
    request: tracking((ctx) => ({ ...write('resolve', JSON.stringify({ note: 'n'.repeat(70_000) }))(ctx), chunked: 8192 })),
    status: 413,
    audit: { actor },
    check: unchanged,
  },

  // Ids and search terms.
  ...['0', '-1', '1e3', '0x10', '%201', '1.5', '99999999999999999999', '%00', '..%2F..%2Fetc%2Fpasswd', 'toString', '__proto__'].map(
    (id): HttpCase =>
      invalid(`exception id ${decodeURIComponent(id)}`, postTo(`/api/exceptions/${id}/resolve`, '{"note":"x"}'), /is not an exception id/),
  ),
  invalid('showing exception id abc', get('/api/exceptions/abc'), /is not an exception id/),
  {
    name: 'api: resolving an exception that does not exist',
    request: postTo('/api/exceptions/987654/resolve', '{"note":"x"}'),
    status: 404,
    message: /there is no exception 987654/,
    audit: { actor },
  },
  {
    name: 'api: PUT on an action',
    request: { method: 'PUT', path: '/api/exceptions/1/resolve', headers: json, body: '{"note":"x"}' },
    status: 404,
    message: /no route PUT/,
    audit: { actor: 'operator-api' },
  },
  invalid('a record search for a NUL', get('/api/records/%00'), /without control characters/),
  invalid('a record search with an escape sequence', get('/api/records/%1B%5B2J'), /without control characters/),
  invalid('a record search of 201 characters', get(`/api/records/${'r'.repeat(201)}`), /1 to 200 characters/),
  invalid('a record search of spaces', get('/api/records/%20%20'), /1 to 200 characters/),
  {
    name: 'api: a record search with SQL in it finds nothing',
    request: get("/api/records/1'%20OR%20'1'%3D'1"),
    status: 200,
    audit: 'none',
    check: async (_c, r) => expect(JSON.parse(r.body)).toEqual({ records: [] }),
  },
  {
    name: 'api: a record search with a LIKE wildcard finds nothing',
    request: get('/api/records/%25'),
    status: 200,
    audit: 'none',
    check: async (_c, r) => expect(JSON.parse(r.body)).toEqual({ records: [] }),
  },
  {
    name: 'api: a record search for a path finds nothing',
    request: get('/api/records/..%2F..%2Fetc%2Fpasswd'),
    status: 200,
    audit: 'none',
    check: async (_c, r) => expect(JSON.parse(r.body)).toEqual({ records: [] }),
  },
  invalid('a list filter status evil', get('/api/exceptions?status=evil'), /status: Invalid option/),
  invalid('a list filter owner __proto__', get('/api/exceptions?owner=__proto__'), /owner: Invalid option/),
  invalid('a list filter flow with a path', get('/api/exceptions?flow=..%2Forders'), /flow: expected a flow name/),
  invalid('a list filter flow with a NUL', get('/api/exceptions?flow=orders%00'), /flow: expected a flow name/),
  invalid('a list limit of 0', get('/api/exceptions?limit=0'), /limit: Too small/),
  invalid('a list limit of 1001', get('/api/exceptions?limit=1001'), /limit: Too big/),
  invalid('a list limit that is not a number', get('/api/exceptions?limit=all'), /limit: Invalid input/),

  // The hub with a token (finding 6): the token, as a bearer token, on every request, /status included.
  unauthorised('no token', {}, /send the operator API token as a bearer token \(Authorization/),
  unauthorised('the token without "Bearer "', { authorization: secrets.apiToken }, /must be "Bearer <token>"/),
  unauthorised(
    'the token as Basic credentials',
    { authorization: `Basic ${Buffer.from(`op:${secrets.apiToken}`).toString('base64')}` },
    /must be "Bearer <token>"/,
  ),
  unauthorised('"Bearer" and nothing else', { authorization: 'Bearer' }, /must be "Bearer <token>"/),
  unauthorised('the token with a second word', { authorization: `Bearer ${secrets.apiToken} extra` }, /must be "Bearer <token>"/),
  unauthorised(
    'the token with a character changed',
    { authorization: `Bearer ${secrets.apiToken.slice(0, -1)}X` },
    /the one sent is not it/,
  ),
  unauthorised('a 10 kB token', { authorization: `Bearer ${'t'.repeat(10_000)}` }, /the one sent is not it/),
  unauthorised('the token in the query instead', {}, /bearer token/, `/api/status?token=${secrets.apiToken}`),
  unauthorised('the status for monitoring, without the token', {}, /bearer token/, '/status'),
  unauthorised('the exception list without the token', { cookie: 'lb_session=forged' }, /bearer token/, '/api/exceptions'),
  {
    name: 'api (token): a cross-site write with the right token',
    hub: 'token',
    request: tracking(write('resolve', '{"note":"x"}', { ...json, ...bearer, origin: 'https://evil.example' })),
    status: 403,
    message: /another site/,
    audit: { actor },
    check: unchanged,
  },
  {
    name: 'api (token): a host name is fine with the token',
    hub: 'token',
    request: get('/api/status', { ...bearer, host: 'hub.example.com' }),
    status: 200,
    audit: 'none',
  },
  {
    name: 'api (token): "bearer" in lower case is the same scheme',
    hub: 'token',
    request: get('/api/status', { authorization: `bearer ${secrets.apiToken}` }),
    status: 200,
    audit: 'none',
  },
];
