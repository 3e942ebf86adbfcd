/**
 * Hostile inputs for the dashboard's pages and forms: forged or missing form tokens, other
 * sites, rebound host names, forms no page sends, control characters, open redirects.
 */
import { expect } from 'vitest';
import { secrets } from '../support/hostile-hub.ts';
import { send, type RawRequest } from '../support/raw-http.ts';
import type { CaseContext, HttpCase } from './types.ts';

const actor = 'dashboard';
const sameOrigin = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
const expired = /This form has expired/;
const notOurs = /not one the dashboard sends/;

let lastFresh = 0;

/** An action form posted to an exception nothing else touched; `fields` add to or replace the page's own. */
function action(fields: Record<string, string | undefined>, headers: Record<string, string> = sameOrigin, id?: string) {
  return async (ctx: CaseContext): Promise<RawRequest> => {
    lastFresh = ctx.freshException();
    const all: Record<string, string | undefined> = {
      csrf: await ctx.openCsrf(),
      back: '/dashboard/exceptions',
      by: 'Ana',
      do: 'resolve',
      note: 'checked',
      ...fields,
    };
    const body = new URLSearchParams(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    return { method: 'POST', path: `/dashboard/exceptions/${id ?? lastFresh}`, headers, body };
  };
}

const unchanged: HttpCase['check'] = async ({ hub }) => {
  const row = await hub.store.db.selectFrom('lb_exception').select('status').where('id', '=', lastFresh).executeTakeFirstOrThrow();
  expect(row.status).toBe('open');
};

const refusedForm = (name: string, request: HttpCase['request'], status: number, message: RegExp): HttpCase => ({
  name: `dashboard: ${name}`,
  request,
  status,
  message,
  audit: { actor },
  check: unchanged,
});

/** The sign-in form's own token on the hub with a token (pages without a session carry it). */
async function signInCsrf(ctx: CaseContext): Promise<string> {
  const page = await send(ctx.hub.token.port, { method: 'GET', path: '/dashboard/sign-in' });
  return /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
}

async function signIn(ctx: CaseContext, fields: Record<string, string>, headers: Record<string, string> = sameOrigin): Promise<RawRequest> {
  const body = new URLSearchParams({ csrf: await signInCsrf(ctx), next: '/dashboard', ...fields }).toString();
  return { method: 'POST', path: '/dashboard/sign-in', headers, body };
}

const multipart = { 'content-type': 'multipart/form-data; boundary=XyZ', 'sec-fetch-site': 'same-origin' };

export const dashboardCases: HttpCase[] = [
  // Form tokens and other sites.
  refusedForm('an action without the form token', action({ csrf: undefined }), 403, expired),
  refusedForm('an action with a forged form token', action({ csrf: 'forged' }), 403, expired),
  refusedForm('an action with a form token from another hub', action({ csrf: 'a'.repeat(43) }), 403, expired),
  refusedForm(
    'an action another site started',
    action({}, { ...sameOrigin, 'sec-fetch-site': 'cross-site' }),
    403,
    /started by another site/,
  ),
  refusedForm(
    'an action with a foreign Origin',
    action({}, { 'content-type': sameOrigin['content-type'], origin: 'https://evil.example' }),
    403,
    /another site/,
  ),
  refusedForm(
    'an action from a sandboxed frame',
    action({}, { 'content-type': sameOrigin['content-type'], origin: 'null' }),
    403,
    /another site/,
  ),
  refusedForm('an action under a rebound host name', action({}, { ...sameOrigin, host: 'evil.example:8080' }), 403, /rebound DNS name/),
  refusedForm('an action sent as JSON', action({}, { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }), 403, expired),
  refusedForm('an action sent as text/plain', action({}, { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' }), 403, expired),
  {
    name: 'dashboard: the overview under a rebound host name',
    request: { method: 'GET', path: '/dashboard', headers: { host: 'attacker.example' } },
    status: 403,
    message: /addressed as attacker\.example/,
    audit: { actor },
  },
  {
    name: 'dashboard: a multipart body that ends early',
    request: {
      method: 'POST',
      path: '/dashboard/exceptions/1',
      headers: multipart,
      body: '--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc',
    },
    status: 400,
    message: /The form could not be read/,
    audit: { actor },
  },

  // Forms no page sends.
  refusedForm('an unknown action', action({ do: 'delete' }), 400, notOurs),
  refusedForm('no action', action({ do: undefined }), 400, notOurs),
  refusedForm('the action __proto__', action({ do: '__proto__' }), 400, notOurs),
  refusedForm('a note with a NUL', action({ note: 'done\u0000' }), 400, /note: not accepted/),
  refusedForm('a note with a terminal escape', action({ note: '\u001b[2Jdone' }), 400, /note: not accepted/),
  refusedForm('a note with a right-to-left override', action({ note: 'ok \u202eexe.pdf' }), 400, /note: not accepted/),
  refusedForm('a note of 2,001 characters', action({ note: 'n'.repeat(2001) }), 400, /note: not accepted/),
  refusedForm('corrections with a NUL', action({ do: 'retry', overrides: 'email=a\u0000@b.c' }), 400, /overrides: not accepted/),
  refusedForm('the exception id abc', action({}, sameOrigin, 'abc'), 400, /There is no exception "abc"/),
  refusedForm('the exception id 0', action({}, sameOrigin, '0'), 400, /There is no exception "0"/),
  refusedForm('the exception id 1e3', action({}, sameOrigin, '1e3'), 400, /There is no exception "1e3"/),
  refusedForm('the exception id __proto__', action({}, sameOrigin, '__proto__'), 400, /There is no exception "__proto__"/),
  {
    ...refusedForm('a form over 64 KiB', action({ note: 'n'.repeat(70_000) }), 413, /That form is too large/),
    audit: { actor, reason: /65536-byte limit of dashboard forms/ },
  },
  {
    name: 'dashboard: a file where the note goes',
    request: async (ctx) => {
      lastFresh = ctx.freshException();
      const csrf = await ctx.openCsrf();
      const part = (name: string, value: string, file = false) =>
        `--XyZ\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="x.sh"\r\nContent-Type: application/x-sh' : ''}\r\n\r\n${value}\r\n`;
      const body = `${part('csrf', csrf)}${part('by', 'Ana')}${part('do', 'resolve')}${part('note', '#!/bin/sh', true)}--XyZ--\r\n`;
      return { method: 'POST', path: `/dashboard/exceptions/${lastFresh}`, headers: multipart, body };
    },
    status: 400,
    message: notOurs,
    audit: { actor },
    check: unchanged,
  },

  // Searches and filters.
  {
    name: 'dashboard: a search for a NUL',
    request: { method: 'GET', path: '/dashboard/records?q=%00' },
    status: 400,
    message: /cannot hold control characters/,
    audit: { actor },
  },
  {
    name: 'dashboard: a search with an escape sequence',
    request: { method: 'GET', path: '/dashboard/records?q=%1B%5D0%3Bowned%07' },
    status: 400,
    message: /cannot hold control characters/,
    audit: { actor },
  },
  {
    name: 'dashboard: a search for markup is shown as text',
    request: { method: 'GET', path: '/dashboard/records?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E' },
    status: 200,
    audit: 'none',
    check: async (_ctx, response) => {
      expect(response.body).not.toContain('<script>alert(1)</script>');
      expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('same-origin');
    },
  },
  {
    name: 'dashboard: a flow filter with a NUL falls back to all flows',
    request: { method: 'GET', path: '/dashboard/exceptions?flow=orders%00' },
    status: 200,
    audit: 'none',
  },
  {
    name: 'dashboard: an owner filter __proto__ falls back to all teams',
    request: { method: 'GET', path: '/dashboard/exceptions?owner=__proto__&status=constructor' },
    status: 200,
    audit: 'none',
  },
  {
    name: 'dashboard: an exception page for a NUL is not found',
    request: { method: 'GET', path: '/dashboard/exceptions/%00' },
    status: 404,
    message: /There is no exception/,
    audit: 'none',
  },
  {
    name: 'dashboard: a record page for a path is not found',
    request: { method: 'GET', path: '/dashboard/records/..%2F..%2Fetc%2Fpasswd' },
    status: 404,
    message: /There is no record/,
    audit: 'none',
  },
  {
    name: 'dashboard: an action sending the operator elsewhere afterwards stays on the dashboard',
    request: action({ back: '//evil.example/phish', note: 'checked, sent back safely' }),
    status: 303,
    audit: 'none',
    check: async (_ctx, response) => expect(response.headers.location).toMatch(/^\/dashboard\/exceptions\/\d+$/),
  },

  // The hub with a token: sign-in.
  {
    name: 'dashboard (token): a wrong token',
    hub: 'token',
    request: (ctx) => signIn(ctx, { token: 'guess' }),
    status: 401,
    message: /That is not the operator token/,
    audit: { actor, reason: /wrong operator token/ },
    check: async ({ hub }) => {
      const [entry] = await hub.store.db
        .selectFrom('lb_audit')
        .select('detail')
        .where('actor', '=', actor)
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      expect(JSON.stringify(entry!.detail)).not.toContain('guess');
    },
  },
  {
    name: 'dashboard (token): a token one character short',
    hub: 'token',
    request: (ctx) => signIn(ctx, { token: secrets.apiToken.slice(0, -1) }),
    status: 401,
    message: /That is not the operator token/,
    audit: { actor, reason: /wrong operator token/ },
    check: async ({ hub }) => {
      const dump = JSON.stringify(await hub.store.db.selectFrom('lb_audit').select('detail').orderBy('id', 'desc').limit(3).execute());
      expect(dump).not.toContain(secrets.apiToken.slice(0, -1));
    },
  },
  {
    name: 'dashboard (token): sign-in without the form token',
    hub: 'token',
    request: (ctx) => signIn(ctx, { token: 'guess', csrf: '' }),
    status: 403,
    message: expired,
    audit: { actor },
  },
  {
    name: 'dashboard (token): sign-in another site started',
    hub: 'token',
    request: (ctx) => signIn(ctx, { token: secrets.apiToken }, { ...sameOrigin, 'sec-fetch-site': 'cross-site' }),
    status: 403,
    message: /another site/,
    audit: { actor },
  },
  {
    name: 'dashboard (token): sign-in with a 70 kB token',
    hub: 'token',
    request: (ctx) => signIn(ctx, { token: 't'.repeat(70_000) }),
    status: 413,
    audit: { actor },
  },
  {
    name: 'dashboard (token): sign-in with a prototype field',
    hub: 'token',
    request: async (ctx) => {
      const request = await signIn(ctx, { token: 'guess' });
      return { ...request, body: `__proto__=polluted&constructor=x&${String(request.body)}` };
    },
    status: 401,
    message: /That is not the operator token/,
    audit: { actor, reason: /wrong operator token/ },
  },
  {
    name: 'dashboard (token): sign-in sending the operator elsewhere stays on the dashboard',
    hub: 'token',
    request: (ctx) => signIn(ctx, { token: secrets.apiToken, next: 'https://evil.example/' }),
    status: 303,
    audit: 'none',
    check: async (_ctx, response) => expect(response.headers.location).toBe('/dashboard'),
  },
  {
    name: 'dashboard (token): an action with a forged session asks to sign in and changes nothing',
    hub: 'token',
    request: async (ctx) => {
      lastFresh = ctx.freshException();
      const { csrf } = await ctx.session();
      return {
        method: 'POST',
        path: `/dashboard/exceptions/${lastFresh}`,
        headers: { ...sameOrigin, cookie: 'lb_session=forged-session-id' },
        body: new URLSearchParams({ csrf, by: 'Mallory', do: 'resolve', note: 'x' }).toString(),
      };
    },
    status: 303,
    audit: 'none',
    check: async (ctx, response) => {
      expect(response.headers.location).toBe('/dashboard/sign-in');
      await unchanged(ctx, response);
    },
  },
  {
    name: "dashboard (token): an action with a session but the sign-in page's form token",
    hub: 'token',
    request: async (ctx) => {
      lastFresh = ctx.freshException();
      const { cookie } = await ctx.session();
      return {
        method: 'POST',
        path: `/dashboard/exceptions/${lastFresh}`,
        headers: { ...sameOrigin, cookie },
        body: new URLSearchParams({ csrf: await signInCsrf(ctx), by: 'Mallory', do: 'resolve', note: 'x' }).toString(),
      };
    },
    status: 403,
    message: expired,
    audit: { actor },
    check: unchanged,
  },
];
