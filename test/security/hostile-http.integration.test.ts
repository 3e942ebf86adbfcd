/**
 * The hostile-input corpus over HTTP (issue 14): every case is sent, as raw bytes, to the
 * hub's real server on loopback, and for each one the test checks the status and the message
 * the sender gets, the audit entry that keeps the input (its bad bytes escaped), that the hub
 * still answers, that nothing it had accepted before is lost or altered, and that no object
 * prototype was touched. The cases themselves are tables in ./corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCases } from './corpus/index.ts';
import type { CaseContext } from './corpus/types.ts';
import { acceptedSoFar, auditSince, lastAuditId, secrets, startHostileHub, type HostileHub } from './support/hostile-hub.ts';
import type { AuditEntry } from '../../src/ledger/types.ts';
import { waitFor } from '../support/wait-for.ts';
import { messageOf, send, type RawRequest } from './support/raw-http.ts';

function csrfIn(body: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error('the page carries no form token');
  return match[1]!;
}

function contextFor(hub: HostileHub): CaseContext {
  let openCsrf: string | undefined;
  let session: { cookie: string; csrf: string } | undefined;
  const fresh = [...hub.exceptionIds];
  return {
    hub,
    async openCsrf() {
      openCsrf ??= csrfIn((await send(hub.open.port, { method: 'GET', path: '/dashboard/exceptions' })).body);
      return openCsrf;
    },
    async session() {
      if (session) return session;
      const form = await send(hub.token.port, { method: 'GET', path: '/dashboard/sign-in' });
      const signedIn = await send(hub.token.port, {
        method: 'POST',
        path: '/dashboard/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams({ csrf: csrfIn(form.body), next: '/dashboard', token: secrets.apiToken }).toString(),
      });
      const cookie = (signedIn.headers['set-cookie'] ?? '').split(';')[0]!;
      expect(cookie).toMatch(/^lb_session=/);
      const page = await send(hub.token.port, { method: 'GET', path: '/dashboard/exceptions', headers: { cookie } });
      session = { cookie, csrf: csrfIn(page.body) };
      return session;
    },
    freshException() {
      const id = fresh.shift();
      if (id === undefined) throw new Error('the corpus needs more seeded exceptions');
      return id;
    },
  };
}

function bytesOf(request: RawRequest): number | undefined {
  if (request.raw !== undefined || request.body === undefined || request.declaredLength !== undefined) return undefined;
  return Buffer.byteLength(typeof request.body === 'string' ? request.body : Buffer.from(request.body));
}

describe('hostile input over HTTP', () => {
  let hub: HostileHub;
  let context: CaseContext;
  beforeAll(async () => {
    hub = await startHostileHub();
    context = contextFor(hub);
  }, 60_000);
  afterAll(() => hub?.close());

  it.each(httpCases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const server = testCase.hub === 'token' ? hub.token : hub.open;
    const before = await lastAuditId(hub.store);
    const kept = await acceptedSoFar(hub.store);
    const request = typeof testCase.request === 'function' ? await testCase.request(context) : testCase.request;

    const response = await send(server.port, request);
    expect(response.status, `answer: ${response.body.slice(0, 300)}`).toBe(testCase.status);
    if (testCase.message) expect(messageOf(response)).toMatch(testCase.message);

    const expected = testCase.audit;
    const action = expected === 'none' ? 'rejected' : (expected.action ?? 'rejected');
    const matches = (candidate: AuditEntry) =>
      expected !== 'none' &&
      candidate.actor === expected.actor &&
      candidate.action === action &&
      (!expected.entity || candidate.entity === expected.entity);
    // A refusal Node answers itself (a body cut short) is recorded as the hub's handler finishes: wait for it.
    const entries =
      expected === 'none'
        ? await auditSince(hub.store, before)
        : await waitFor(
            async () => {
              const found = await auditSince(hub.store, before);
              return found.some(matches) ? found : undefined;
            },
            { timeoutMs: 5_000, what: `the audit entry of ${testCase.name}` },
          ).catch(() => auditSince(hub.store, before));
    if (expected === 'none') {
      expect(entries.filter((entry) => entry.action === 'rejected')).toEqual([]);
    } else {
      const entry = entries.find(matches);
      expect(entry, `audit entries: ${JSON.stringify(entries).slice(0, 600)}`).toBeDefined();
      if (action === 'rejected') {
        expect(entry!.detail.status).toBe(testCase.status);
        const reason = expected.reason ?? testCase.message;
        if (reason && typeof entry!.detail.reason === 'string') expect(entry!.detail.reason).toMatch(reason);
        const bytes = bytesOf(request);
        if (bytes !== undefined && testCase.status !== 413 && entry!.detail.bodyBytes !== undefined)
          expect(entry!.detail.bodyBytes).toBe(bytes);
      }
      if (expected.evidence) expect(String(entry!.detail.body)).toContain(expected.evidence);
    }

    // The hub still answers, on both its doors.
    expect((await send(server.port, { method: 'GET', path: '/health/live' })).status).toBe(200);
    // Nothing accepted before this input is lost or altered.
    const now = await acceptedSoFar(hub.store);
    for (const [key, value] of kept) expect(now.get(key), key).toBe(value);
    // No input reached an object's prototype.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    await testCase.check?.(context, response);
  });
});
