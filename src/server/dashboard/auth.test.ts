import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/support/backends.ts';
import { silentLogger } from '../../core/logger.ts';
import type { Store } from '../../store/open-store.ts';
import { mountOperatorApi } from '../operator-api.ts';
import { deleteEndedThrottleWindows } from '../throttle-counts.ts';
import { createWrongTokenThrottle, defaultWrongTokenLimits, storedWrongTokenCounts } from '../wrong-token-throttle.ts';
import { safeBack } from './html.ts';
import { mountDashboard } from './index.ts';
import { isCrossSite, isLoopbackOrAddress } from '../request-guard.ts';
import { deleteExpiredSessions } from './sessions.ts';
import { fakeOperations } from './test-support/fake-operations.ts';
import { csrfOf, FormClient, textOf } from './test-support/form-client.ts';

const token = 'operator-token-0123456789';

/** One hub process's dashboard and API over the store; several on one store are several processes (or one restarted). */
function hubOver(store: Store, options: { limits?: typeof defaultWrongTokenLimits; clock?: { now: number }; apiToken?: string } = {}) {
  const operations = fakeOperations();
  const clock = options.clock ?? { now: Date.parse('2026-11-20T12:00:00Z') };
  const now = () => clock.now;
  const apiToken = options.apiToken ?? token;
  const app = new Hono();
  const wrongTokens = createWrongTokenThrottle({ counts: storedWrongTokenCounts(store.db, { now }), limits: options.limits, now });
  mountOperatorApi(app, operations, apiToken, wrongTokens);
  mountDashboard(app, { operations, apiToken, logger: silentLogger, sessionTtlMs: 3600_000, now, wrongTokens, db: store.db });
  return { app, operations, clock, client: new FormClient(app) };
}

async function signIn(client: FormClient, next = '/dashboard') {
  const form = await client.get(`/dashboard/sign-in?next=${encodeURIComponent(next)}`);
  return client.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next, token });
}

describeEachBackend('dashboard sign-in when an operator token is set', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('lb_operator_session').execute();
    await store.db.deleteFrom('lb_throttle').execute();
  });
  const protectedDashboard = (limits = defaultWrongTokenLimits) => hubOver(store, { limits });

  it('sends visitors without a session to the sign-in form, keeping where they were going', async () => {
    const { client } = protectedDashboard();
    for (const path of ['/dashboard', '/dashboard/exceptions?owner=finance', '/dashboard/records?q=1042']) {
      const page = await client.get(path);
      expect(page.status, path).toBe(303);
      expect(page.location).toBe(`/dashboard/sign-in?next=${encodeURIComponent(path)}`);
    }
    const form = await client.get('/dashboard/sign-in?next=%2Fdashboard%2Fexceptions');
    expect(form.status).toBe(200);
    expect(form.body).toMatch(/<label for="token">Operator token<\/label>\s*<input type="password" id="token"/);
  });

  it('refuses a wrong token and lets the right one in with an HttpOnly, SameSite=Strict session cookie', async () => {
    const { client } = protectedDashboard();
    const form = await client.get('/dashboard/sign-in');
    const wrong = await client.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token: 'guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('That is not the operator token');
    expect(client.cookies.has('lb_session')).toBe(false);

    const right = await signIn(client, '/dashboard/exceptions?owner=finance');
    expect(right.status).toBe(303);
    expect(right.location).toBe('/dashboard/exceptions?owner=finance');
    const cookie = client.setCookies.find((line) => line.startsWith('lb_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).not.toContain(token);
    expect((await client.get('/dashboard')).status).toBe(200);
  });

  it('turns wrong tokens away with 429 after too many from one address, counting the API and the sign-in form together, yet never the right token', async () => {
    const { app, client } = protectedDashboard({ attempts: 3, windowMs: 60_000 });
    const api = (bearer: string) => app.request('/api/status', { headers: { authorization: `Bearer ${bearer}` } });
    // Right tokens never count: any number of them leaves the allowance whole.
    for (let i = 0; i < 5; i += 1) expect((await api(token)).status).toBe(200);
    expect((await signIn(client)).status).toBe(303);

    expect((await api('guess-1')).status).toBe(401);
    expect((await api('guess-2')).status).toBe(401);
    const stranger = new FormClient(app); // not signed in, from the same address
    const form = await stranger.get('/dashboard/sign-in');
    const third = await stranger.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token: 'guess-3' });
    expect(third.status).toBe(401);

    // The fourth wrong token is answered 429, on both doors.
    const refused = await api('guess-4');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    const page = await stranger.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token: 'guess-5' });
    expect(page.status).toBe(429);
    expect(textOf(page.body)).toContain(
      'Too many wrong tokens were sent from this address. For 1 more minute a wrong token is turned away',
    );

    // The right token still works on both doors: a guesser cannot lock the operators out.
    expect((await api(token)).status).toBe(200);
    const right = await stranger.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token });
    expect(right.status).toBe(303);
    expect((await stranger.get('/dashboard')).status).toBe(200);
  });

  it('never sends a signed-in user to another site after signing in', async () => {
    const { client } = protectedDashboard();
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/dashboardx', 'javascript:alert(1)']) {
      const answer = await signIn(new FormClient(protectedDashboard().app), next);
      expect(answer.location, next).toBe('/dashboard');
    }
    expect((await signIn(client, '/dashboard/records?q=1')).location).toBe('/dashboard/records?q=1');
  });

  it('ends the session on sign-out and when it expires', async () => {
    const { client, clock } = protectedDashboard();
    await signIn(client);
    const page = await client.get('/dashboard');
    const out = await client.post('/dashboard/sign-out', { csrf: csrfOf(page.body) });
    expect(out.location).toBe('/dashboard/sign-in');
    expect((await client.get('/dashboard')).status).toBe(303);

    await signIn(client);
    expect((await client.get('/dashboard')).status).toBe(200);
    clock.now += 3600_000;
    expect((await client.get('/dashboard')).status).toBe(303);
    // The ended session's row went with it.
    expect(await store.db.selectFrom('lb_operator_session').selectAll().execute()).toEqual([]);
  });

  it('does not let a dashboard session stand in for the API bearer token', async () => {
    const { client } = protectedDashboard();
    await signIn(client);
    expect((await client.get('/api/status')).status).toBe(401);
  });

  it('refuses form posts without the session form token or from another site, and changes nothing', async () => {
    const { client, operations } = protectedDashboard();
    await signIn(client);
    const page = await client.get('/dashboard/exceptions');
    const csrf = csrfOf(page.body);
    const fields = { back: '/dashboard/exceptions', by: 'Mallory', do: 'resolve', note: 'x' };
    expect((await client.post('/dashboard/exceptions/7', { ...fields })).status).toBe(403);
    expect((await client.post('/dashboard/exceptions/7', { ...fields, csrf: 'forged' })).status).toBe(403);
    expect((await client.post('/dashboard/exceptions/7', { ...fields, csrf }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(
      (await client.post('/dashboard/exceptions/7', { ...fields, csrf }, { 'sec-fetch-site': '', origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(operations.calls.filter((call) => call.method !== 'showRecords')).toEqual([]);

    expect((await client.post('/dashboard/exceptions/7', { ...fields, csrf })).status).toBe(303);
    expect(operations.calls).toEqual([{ method: 'resolve', args: [7, 'Mallory', 'x'] }]);
  });

  it('asks to sign in again, without acting, when a form is posted after the session ended', async () => {
    const { client, operations, clock } = protectedDashboard();
    await signIn(client);
    const csrf = csrfOf((await client.get('/dashboard/exceptions')).body);
    clock.now += 2 * 3600_000;
    const answer = await client.post('/dashboard/exceptions/7', { csrf, by: 'Ana', do: 'resolve', note: 'x' });
    expect(answer.location).toBe('/dashboard/sign-in');
    expect((await client.follow(answer)).body).toContain('Your session had ended, so nothing was changed.');
    expect(operations.calls).toEqual([]);
  });

  it('keeps a session across hub processes and restarts: signed in on one, accepted by another, signed out everywhere at once', async () => {
    const first = hubOver(store);
    await signIn(first.client);
    // Another process on the same store, or this one after a restart.
    const second = hubOver(store, { clock: first.clock });
    const browser = new FormClient(second.app);
    for (const [name, value] of first.client.cookies) browser.cookies.set(name, value);
    expect((await browser.get('/dashboard')).status).toBe(200);

    // A form shown by one process is accepted by the other, the sign-in form too.
    const csrf = csrfOf((await first.client.get('/dashboard/exceptions')).body);
    expect((await browser.post('/dashboard/exceptions/7', { csrf, by: 'Ana', do: 'resolve', note: 'x' })).status).toBe(303);
    expect(second.operations.calls.filter((call) => call.method === 'resolve')).toEqual([{ method: 'resolve', args: [7, 'Ana', 'x'] }]);
    const form = await new FormClient(first.app).get('/dashboard/sign-in');
    const elsewhere = new FormClient(second.app);
    expect((await elsewhere.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token })).status).toBe(303);

    const out = await browser.post('/dashboard/sign-out', { csrf: csrfOf((await browser.get('/dashboard')).body) });
    expect(out.location).toBe('/dashboard/sign-in');
    expect((await first.client.get('/dashboard')).status).toBe(303);
    expect((await elsewhere.get('/dashboard')).status).toBe(200);
  });

  it('stores only a hash of the session cookie, with the operator name and times, and a new operator token ends every session', async () => {
    const hub = hubOver(store);
    hub.client.cookies.set('lb_operator', 'Ana');
    const signedInAt = hub.clock.now;
    await signIn(hub.client);
    const cookie = hub.client.cookies.get('lb_session')!;
    const csrf = csrfOf((await hub.client.get('/dashboard')).body);
    let rows = await store.db.selectFrom('lb_operator_session').selectAll().execute();
    expect(rows).toEqual([
      {
        token_hash: expect.any(String),
        user_name: 'Ana',
        created_at: new Date(signedInAt),
        last_seen_at: new Date(signedInAt),
        expires_at: new Date(signedInAt + 3600_000),
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(cookie);
    expect(JSON.stringify(rows)).not.toContain(csrf);

    // Seen again after a while: the row says when.
    hub.clock.now += 5 * 60_000;
    expect((await hub.client.get('/dashboard')).status).toBe(200);
    rows = await store.db.selectFrom('lb_operator_session').selectAll().execute();
    expect(rows[0]).toMatchObject({ created_at: new Date(signedInAt), last_seen_at: new Date(hub.clock.now) });

    const rotated = hubOver(store, { apiToken: 'another-operator-token-0123456789', clock: hub.clock });
    const browser = new FormClient(rotated.app);
    browser.cookies.set('lb_session', cookie);
    expect((await browser.get('/dashboard')).status).toBe(303);
  });

  it('counts wrong tokens from one address across hub processes and restarts, and starts again when the window ends', async () => {
    const limits = { attempts: 3, windowMs: 60_000 };
    const first = hubOver(store, { limits });
    const second = hubOver(store, { limits, clock: first.clock });
    const api = (app: Hono, bearer: string) => app.request('/api/status', { headers: { authorization: `Bearer ${bearer}` } });
    expect((await api(first.app, 'guess-1')).status).toBe(401);
    expect((await api(second.app, 'guess-2')).status).toBe(401);
    expect((await api(first.app, 'guess-3')).status).toBe(401);
    const refused = await api(second.app, 'guess-4');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await api(second.app, token)).status).toBe(200);
    const restarted = hubOver(store, { limits, clock: first.clock });
    first.clock.now += 30_000;
    const later = await api(restarted.app, 'guess-5');
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('30');

    first.clock.now += 30_000;
    expect((await api(first.app, 'guess-6')).status).toBe(401);
  });

  it('counts concurrent wrong tokens from two processes exactly', async () => {
    const now = () => Date.parse('2026-11-20T12:00:00Z');
    const one = storedWrongTokenCounts(store.db, { now });
    const two = storedWrongTokenCounts(store.db, { now });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).increment('203.0.113.9')));
    expect(await one.get('203.0.113.9')).toMatchObject({ totalHits: 20 });
    expect((await two.increment('203.0.113.9')).totalHits).toBe(21);
  });

  it('lets the store upkeep drop sessions that ended and throttle windows that closed', async () => {
    const hub = hubOver(store, { limits: { attempts: 3, windowMs: 60_000 } });
    await signIn(hub.client);
    await hub.app.request('/api/status', { headers: { authorization: 'Bearer guess' } });
    const at = () => new Date(hub.clock.now);
    expect([await deleteExpiredSessions(store.db, at()), await deleteEndedThrottleWindows(store.db, at())]).toEqual([0, 0]);
    hub.clock.now += 3600_000;
    expect([await deleteExpiredSessions(store.db, at()), await deleteEndedThrottleWindows(store.db, at())]).toEqual([1, 1]);
    expect(await store.db.selectFrom('lb_operator_session').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('lb_throttle').selectAll().execute()).toEqual([]);
  });
});

describe('dashboard without an operator token', () => {
  function openDashboard() {
    const operations = fakeOperations();
    const app = new Hono();
    mountDashboard(app, { operations, apiToken: undefined, logger: silentLogger });
    return { app, operations };
  }

  it('is open on loopback and IP addresses but not under a host name, which could be a rebound DNS name', async () => {
    const { app } = openDashboard();
    expect((await new FormClient(app, 'http://127.0.0.1:8080').get('/dashboard')).status).toBe(200);
    expect((await new FormClient(app, 'http://localhost:8080').get('/dashboard')).status).toBe(200);
    expect((await new FormClient(app, 'http://[::1]:8080').get('/dashboard')).status).toBe(200);
    const rebound = await new FormClient(app, 'http://attacker.example:8080').get('/dashboard');
    expect(rebound.status).toBe(403);
    expect(textOf(rebound.body)).toContain('Set LEDGERBRIDGE_API_TOKEN to use a host name');
  });

  it('still needs the page form token to act', async () => {
    const { app, operations } = openDashboard();
    const client = new FormClient(app);
    expect((await client.post('/dashboard/exceptions/7', { by: 'Ana', do: 'resolve', note: 'x', csrf: 'nope' })).status).toBe(403);
    const csrf = csrfOf((await client.get('/dashboard/exceptions')).body);
    expect((await client.post('/dashboard/exceptions/7', { by: 'Ana', do: 'resolve', note: 'x', csrf })).status).toBe(303);
    expect(operations.calls).toEqual([{ method: 'resolve', args: [7, 'Ana', 'x'] }]);
  });
});

describe('request checks', () => {
  it('keeps redirects on the dashboard', () => {
    expect(safeBack('/dashboard/records?q=%231042')).toBe('/dashboard/records?q=%231042');
    expect(safeBack('/dashboard')).toBe('/dashboard');
    for (const value of [
      '//evil.example',
      '/\\evil',
      'http://evil.example/dashboard',
      '/api/status',
      '/dashboard/../api',
      ' /dashboard',
      undefined,
      42,
    ]) {
      expect(safeBack(value), String(value)).toBe('/dashboard');
    }
  });

  it('tells same-site form posts from cross-site ones', () => {
    const headers = (entries: Record<string, string>) => new Headers(entries);
    expect(isCrossSite(headers({ 'sec-fetch-site': 'same-origin' }), 'hub:8080')).toBe(false);
    expect(isCrossSite(headers({ 'sec-fetch-site': 'same-site' }), 'hub:8080')).toBe(true);
    expect(isCrossSite(headers({ origin: 'http://hub:8080' }), 'hub:8080')).toBe(false);
    expect(isCrossSite(headers({ origin: 'http://other:8080' }), 'hub:8080')).toBe(true);
    expect(isCrossSite(headers({ origin: 'null' }), 'hub:8080')).toBe(true);
    expect(isCrossSite(headers({}), 'hub:8080')).toBe(false);
  });

  it('recognises loopback and address host names', () => {
    expect(['127.0.0.1', 'localhost', 'app.localhost', '[::1]', '10.0.0.5'].every(isLoopbackOrAddress)).toBe(true);
    expect(['hub.example.com', 'localhost.evil.com', 'hub'].some(isLoopbackOrAddress)).toBe(false);
  });
});
