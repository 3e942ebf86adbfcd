import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import { mountOperatorApi } from '../operator-api.ts';
import { createWrongTokenThrottle, defaultWrongTokenLimits } from '../wrong-token-throttle.ts';
import { safeBack } from './html.ts';
import { mountDashboard } from './index.ts';
import { isCrossSite, isLoopbackOrAddress } from '../request-guard.ts';
import { fakeOperations } from './test-support/fake-operations.ts';
import { csrfOf, FormClient, textOf } from './test-support/form-client.ts';

const token = 'operator-token-0123456789';

function protectedDashboard(limits = defaultWrongTokenLimits) {
  const operations = fakeOperations();
  const clock = { now: Date.parse('2026-11-20T12:00:00Z') };
  const app = new Hono();
  const wrongTokens = createWrongTokenThrottle(limits);
  mountOperatorApi(app, operations, token, wrongTokens);
  mountDashboard(app, { operations, apiToken: token, logger: silentLogger, sessionTtlMs: 3600_000, now: () => clock.now, wrongTokens });
  return { app, operations, clock, client: new FormClient(app) };
}

async function signIn(client: FormClient, next = '/dashboard') {
  const form = await client.get(`/dashboard/sign-in?next=${encodeURIComponent(next)}`);
  return client.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next, token });
}

describe('dashboard sign-in when an operator token is set', () => {
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
