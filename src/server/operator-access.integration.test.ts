/**
 * Who gets in, on the hub's real server: behind a trusted reverse proxy each client is counted
 * on its own address, a guesser never locks out the right token (nor anyone else), and a hub
 * without a token answers operator requests from this machine only. And one client cannot
 * flood the audit log with refusals.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedBackend } from '../../test/support/backends.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { listAudit } from '../ledger/index.ts';
import { createLocalOperations } from '../operations/local-operations.ts';
import type { Store } from '../store/open-store.ts';
import { createServer } from './create-server.ts';
import { listen, type Listening } from './listen.ts';
import { auditRejections } from './rejections.ts';

const token = 'operator-token-access-tests-0123456789abcdef';

describe('operator access behind a trusted reverse proxy', () => {
  let store: Store;
  let guarded: Listening;
  let open: Listening;

  beforeAll(async () => {
    store = await embeddedBackend().open();
    const operations = createLocalOperations({ store, hubName: 'access', clock: systemClock, queueCounts: async () => [], retriers: {} });
    const serve = (apiToken: string | undefined) =>
      createServer({
        store,
        operations,
        apiToken,
        isReady: () => true,
        logger: silentLogger,
        // The test's connections come from 127.0.0.1: that is "the proxy" here.
        trustedProxies: ['127.0.0.1'],
        wrongTokenLimits: { attempts: 3, windowMs: 60_000 },
        shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
      });
    guarded = await listen(serve(token), '127.0.0.1', 0);
    open = await listen(serve(undefined), '127.0.0.1', 0);
  });
  afterAll(async () => {
    await guarded.close();
    await open.close();
    await store.close();
  });

  const status = (server: Listening, client: string, bearer?: string) =>
    fetch(`${server.url}/api/status`, { headers: { 'x-forwarded-for': client, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });

  it('counts wrong tokens per client behind the proxy, and never refuses the right token', async () => {
    for (let attempt = 1; attempt <= 3; attempt += 1) expect((await status(guarded, '203.0.113.66', `guess-${attempt}`)).status).toBe(401);
    const throttled = await status(guarded, '203.0.113.66', 'guess-4');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ error: { message: expect.stringContaining('the right token still works') } });

    // Another operator behind the same proxy is not touched by the guesser's count…
    expect((await status(guarded, '198.51.100.20', 'typo')).status).toBe(401);
    expect((await status(guarded, '198.51.100.20', token)).status).toBe(200);
    // …and the guesser's own address still gets in with the right token.
    expect((await status(guarded, '203.0.113.66', token)).status).toBe(200);

    const refusals = await listAudit(store.db, { entity: 'request', limit: 20 });
    expect(refusals.find((entry) => entry.detail.status === 429)).toMatchObject({
      actor: 'operator-api',
      detail: { client: '203.0.113.66', peer: '127.0.0.1', headers: { authorization: '[redacted: Bearer, 7 characters]' } },
    });
  });

  it('without a token, turns away a client the proxy forwarded from elsewhere, even addressed as 127.0.0.1', async () => {
    const refused = await status(open, '203.0.113.70');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'token_required' } });
    // A client on this machine, through the same proxy, is let in.
    expect((await status(open, '127.0.0.1')).status).toBe(200);
  });
});

describe('refusals from one client', () => {
  it('are itemised up to the budget, then counted, and the count is written when the client comes back', async () => {
    const store = await embeddedBackend().open();
    try {
      const clock = { now: Date.parse('2026-11-24T10:00:00Z') };
      const app = new Hono();
      app.use('*', auditRejections({ db: store.db, logger: silentLogger, secrets: [], perMinute: 3, now: () => clock.now }));
      app.post('/api/thing', (c) => c.json({ error: { code: 'invalid_request', message: 'no' } }, 400));
      const refuse = () => app.request('/api/thing', { method: 'POST', body: 'x' });
      for (let index = 0; index < 7; index += 1) expect((await refuse()).status).toBe(400);
      expect(await listAudit(store.db, { entity: 'request' })).toHaveLength(3);

      clock.now += 61_000;
      expect((await refuse()).status).toBe(400);
      const entries = await listAudit(store.db, { entity: 'request' });
      expect(entries).toHaveLength(5);
      expect(entries.find((entry) => entry.action === 'rejections_suppressed')).toMatchObject({
        actor: 'hub',
        detail: { client: 'local', count: 4, since: '2026-11-24T10:00:00.000Z' },
      });
    } finally {
      await store.close();
    }
  });
});
