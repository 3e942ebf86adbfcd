/**
 * The dashboard on the hub's server over a real (embedded) ledger: forms act through the same
 * operations as the CLI, the audit log names the person in the form, and pages show the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend, embeddedBackend } from '../../../test/support/backends.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { getException, getRecord, listAudit } from '../../ledger/index.ts';
import { createLocalOperations } from '../../operations/local-operations.ts';
import type { Store } from '../../store/open-store.ts';
import { createServer } from '../create-server.ts';
import { csrfOf, FormClient, textOf } from './test-support/form-client.ts';
import { seedLedger, type SeededLedger } from './test-support/seed-ledger.ts';

describe('dashboard over the ledger', () => {
  let store: Store;
  let seeded: SeededLedger;
  let client: FormClient;
  const retried: { id: number; by: string; overrides?: Record<string, string> }[] = [];

  beforeAll(async () => {
    store = await embeddedBackend().open();
    const operations = createLocalOperations({
      store,
      hubName: 'test-hub',
      clock: systemClock,
      queueCounts: async () => [],
      retriers: {
        orders: async (id, { by, overrides }) => {
          if (overrides && 'price' in overrides) throw new Error('price cannot be overridden; only the fields the contract reads');
          retried.push({ id, by, ...(overrides ? { overrides } : {}) });
          return true;
        },
      },
    });
    const app = createServer({
      store,
      operations,
      apiToken: undefined,
      isReady: () => true,
      logger: silentLogger,
      shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
    });
    seeded = await seedLedger(store.db);
    client = new FormClient(app);
  });
  afterAll(async () => {
    await store.close();
  });

  async function act(id: number, fields: Record<string, string>, from = '/dashboard/exceptions') {
    const page = await client.get(from);
    const answer = await client.post(`/dashboard/exceptions/${id}`, { csrf: csrfOf(page.body), back: from, ...fields });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(from);
    return textOf((await client.follow(answer)).body);
  }

  it('counts open exceptions by team on the overview', async () => {
    const text = textOf((await client.get('/dashboard')).body);
    expect(text).toMatch(/Finance 1 needing action Operations 1 needing action E-commerce 2 needing action Integration 0/);
  });

  it('resolves with a note as the person named, remembers the name, and shows it on the record', async () => {
    const { exceptionId, record } = seeded.taxMismatch;
    const after = await act(
      exceptionId,
      { by: 'Priya (Finance)', do: 'resolve', note: 'rounding on a gift wrap line; agreed with the accountant' },
      '/dashboard/exceptions?owner=finance',
    );
    expect(after).toContain(`Done: Exception #${exceptionId} is resolved`);
    expect(after).toContain('0 open exceptions for Finance Nothing to do here');
    expect(await getException(store.db, exceptionId)).toMatchObject({ status: 'resolved', closedBy: 'Priya (Finance)' });
    const audit = await listAudit(store.db, { entity: 'exception', entityId: exceptionId });
    expect(audit[0]).toMatchObject({ actor: 'Priya (Finance)', action: 'resolved' });

    // The name is remembered for the next form; the flash is shown once only.
    const next = await client.get('/dashboard/exceptions');
    expect(next.body).toMatch(/name="by"\s+value="Priya \(Finance\)"/);
    expect(textOf(next.body)).not.toContain('Done:');

    const recordPage = textOf((await client.get(`/dashboard/records/${record.id}`)).body);
    expect(recordPage).toMatch(/Exception #\d+ resolved: “rounding on a gift wrap line; agreed with the accountant” Priya \(Finance\)/);
  });

  it('retries with corrections written as field=value lines', async () => {
    const { exceptionId, record } = seeded.missingEori;
    const after = await act(exceptionId, {
      by: 'Sam',
      do: 'retry',
      overrides: 'attributes.eori = NO123456789\r\n\r\nshippingAddress.zip=0150 Oslo',
    });
    expect(after).toContain(`Retry of exception #${exceptionId} with 2 corrections: record ${record.id} is queued`);
    expect(retried.at(-1)).toEqual({
      id: record.id,
      by: 'Sam',
      overrides: { 'attributes.eori': 'NO123456789', 'shippingAddress.zip': '0150 Oslo' },
    });
  });

  it('refuses badly written corrections and those the flow does not allow, without retrying', async () => {
    const { exceptionId } = seeded.missingEori;
    const before = retried.length;
    expect(await act(exceptionId, { by: 'Sam', do: 'retry', overrides: 'attributes.eori NO123' })).toContain(
      'Not done: Correction line 1 (“attributes.eori NO123”) is not written as field=value.',
    );
    expect(await act(exceptionId, { by: 'Sam', do: 'retry', overrides: 'price=0' })).toContain(
      'Not done: Exception #' + exceptionId + ': price cannot be overridden',
    );
    expect(retried).toHaveLength(before);
  });

  it('needs a name and, to close, a note; an exception closes once only', async () => {
    const { exceptionId } = seeded.shipping;
    expect(await act(exceptionId, { by: '  ', do: 'ignore', note: 'x' })).toContain('Not done: Write your name');
    expect(await act(exceptionId, { by: 'Olu', do: 'ignore', note: ' ' })).toContain(
      `Not done: Write a note to ignore exception #${exceptionId}`,
    );
    expect((await getException(store.db, exceptionId))?.status).toBe('open');
    expect(await act(exceptionId, { by: 'Olu', do: 'ignore', note: 'test order from the warehouse team' })).toContain('is ignored');
    expect(await act(exceptionId, { by: 'Olu', do: 'resolve', note: 'again' })).toContain(
      `Not done: Exception #${exceptionId}: exception ${exceptionId} is already ignored.`,
    );
    expect(await getException(store.db, exceptionId)).toMatchObject({
      status: 'ignored',
      closedBy: 'Olu',
      closeNote: 'test order from the warehouse team',
    });
  });

  it('keeps the outcome of an action with a long note small enough for a cookie', async () => {
    const { exceptionId } = seeded.unknownSku;
    const note = 'Artikel angelegt — überprüft ✓ '.repeat(60).trim();
    const after = await act(exceptionId, { by: 'Zoë', do: 'resolve', note });
    expect(after).toMatch(new RegExp(`Done: Exception #${exceptionId} is resolved, noted as “Artikel angelegt .*…”`));
    expect(client.setCookies.filter((line) => line.startsWith('lb_flash=')).every((line) => line.length < 4096)).toBe(true);
    expect((await getException(store.db, exceptionId))?.closeNote).toBe(note);
  });

  it('finds a record by order number, Shopify id, payment id or BC document number and shows its trail', async () => {
    for (const term of ['1041', '#1041', 'gid://shopify/Order/5001041', 'pay_1041_abc', 'SO-101041']) {
      const text = textOf((await client.get(`/dashboard/records?q=${encodeURIComponent(term)}`)).body);
      expect(text, term).toContain('1 record matches');
      expect(text, term).toMatch(/Shopify order #1041 .*State in Business Central as a sales order/);
      expect(text, term).toMatch(
        /Trail across systems .*Shopify Order #1041 .*Shopify Payment shopify_payments pay_1041_abc .*Business Central Sales order SO-101041/,
      );
    }
    expect((await getRecord(store.db, seeded.posted.id))?.state).toBe('posted');
  });

  it('shows customer text from the ledger as text, never as markup', async () => {
    const page = await client.get(`/dashboard/records?q=1043`);
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('<b>Tables</b>');
    expect(textOf(page.body)).toContain(`for <img src=x onerror="document.title='pwned'">Bobby <b>Tables</b> ships to Norway`);
  });
});

describeEachBackend('dashboard sign-in on the hub server, across a restart', (backend) => {
  const token = 'operator-token-restart-tests-0123456789abcdef';
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  /** A hub process's server over the store; a second one is the hub after a restart, or a second process. */
  function serve() {
    const operations = createLocalOperations({ store, hubName: 'restart', clock: systemClock, queueCounts: async () => [], retriers: {} });
    return createServer({
      store,
      operations,
      apiToken: token,
      isReady: () => true,
      logger: silentLogger,
      wrongTokenLimits: { attempts: 2, windowMs: 60_000 },
      shopifyWebhooks: { secrets: ['x'], maxBodyBytes: 1000, verify: () => false, topics: {} },
    });
  }

  it('keeps the operator signed in and the wrong-token count after a restart', async () => {
    const before = new FormClient(serve());
    const form = await before.get('/dashboard/sign-in');
    expect((await before.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token })).status).toBe(303);
    expect((await before.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token: 'guess-1' })).status).toBe(401);
    expect((await before.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token: 'guess-2' })).status).toBe(401);

    const after = new FormClient(serve());
    for (const [name, value] of before.cookies) after.cookies.set(name, value);
    const page = await after.get('/dashboard');
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('Sign out');
    const third = await after.post('/dashboard/sign-in', { csrf: csrfOf(form.body), next: '/dashboard', token: 'guess-3' });
    expect(third.status).toBe(429);
  });
});
