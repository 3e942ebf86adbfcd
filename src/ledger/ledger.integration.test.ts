import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import type { Store } from '../store/open-store.ts';
import {
  acceptInboxEvent,
  addLink,
  canTransition,
  countOpenExceptions,
  getCursor,
  getRecord,
  hashPayload,
  ignoreException,
  listAudit,
  listExceptions,
  listLinks,
  listRecords,
  markInboxEvent,
  raiseException,
  receiveRecord,
  RecordMovedError,
  resolveException,
  searchRecords,
  setCursor,
  summariseFlows,
  syncRecordExceptions,
  transitionRecord,
  type ExceptionInput,
} from './index.ts';

const unknownSku: ExceptionInput = {
  flow: 'orders',
  code: 'unknown_sku',
  category: 'master_data',
  severity: 'error',
  owner: 'ecommerce',
  message: 'Order #1001 has SKU NOPE-1, which Business Central does not know.',
  action: 'Create the item in Business Central or correct the SKU in Shopify.',
  autoRetry: true,
};

describe('record state machine', () => {
  it('allows the happy path and refuses skipping ahead', () => {
    expect(canTransition('received', 'validated')).toBe(true);
    expect(canTransition('validated', 'posting')).toBe(true);
    expect(canTransition('posting', 'posted')).toBe(true);
    expect(canTransition('received', 'posted')).toBe(false);
    expect(canTransition('skipped', 'posted')).toBe(false);
  });
});

describe('payload hash', () => {
  it('ignores key order but not values', () => {
    expect(hashPayload({ a: 1, b: [1, 2] })).toBe(hashPayload({ b: [1, 2], a: 1 }));
    expect(hashPayload({ a: 1 })).not.toBe(hashPayload({ a: 2 }));
  });
});

describeEachBackend('ledger contract', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  const key = (sourceId: string) => ({ flow: 'orders', sourceSystem: 'shopify', sourceId, actor: 'test' });

  it('keeps one record per flow, source system and source id, even when receipts race', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => receiveRecord(store.db, { ...key('gid://shopify/Order/1'), payload: { n: 1 } })),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.record.id)).size).toBe(1);
    const again = await receiveRecord(store.db, { ...key('gid://shopify/Order/1'), payload: { n: 1 } });
    expect(again).toMatchObject({ created: false, payloadChanged: false });
    const changed = await receiveRecord(store.db, { ...key('gid://shopify/Order/1'), payload: { n: 2 } });
    expect(changed).toMatchObject({ created: false, payloadChanged: true });
    expect(changed.record.payload).toEqual({ n: 2 });
  });

  it('checks every transition, audits it and refuses a stale expected state', async () => {
    const { record } = await receiveRecord(store.db, { ...key('gid://shopify/Order/2'), sourceRef: '#1002' });
    await expect(transitionRecord(store.db, record.id, { to: 'posted', actor: 'test' })).rejects.toThrow(
      /cannot move from received to posted/,
    );
    const validated = await transitionRecord(store.db, record.id, { to: 'validated', actor: 'test', from: 'received' });
    expect(validated.state).toBe('validated');
    await expect(transitionRecord(store.db, record.id, { to: 'posting', actor: 'test', from: 'received' })).rejects.toBeInstanceOf(
      RecordMovedError,
    );
    const posting = await transitionRecord(store.db, record.id, {
      to: 'posting',
      actor: 'test',
      externalRef: 'SHOPIFY-2',
      countAttempt: true,
    });
    expect(posting).toMatchObject({ state: 'posting', externalRef: 'SHOPIFY-2', attempts: 1 });
    const posted = await transitionRecord(store.db, record.id, { to: 'posted', actor: 'test', targetIds: { 'bc.salesOrder': 'guid-2' } });
    expect(posted.targetIds).toEqual({ 'bc.salesOrder': 'guid-2' });
    expect(posted.postedAt).toBeInstanceOf(Date);
    const audit = await listAudit(store.db, { entity: 'record', entityId: record.id });
    expect(audit.map((entry) => `${entry.fromState ?? ''}>${entry.toState ?? ''}`).reverse()).toEqual([
      '>received',
      'received>validated',
      'validated>posting',
      'posting>posted',
    ]);
  });

  it('counts repeats of an open exception instead of duplicating it, and needs a note to close it', async () => {
    const { record } = await receiveRecord(store.db, key('gid://shopify/Order/3'));
    const first = await raiseException(store.db, { ...unknownSku, recordId: record.id, evidence: { sku: 'NOPE-1' } });
    const second = await raiseException(store.db, { ...unknownSku, recordId: record.id, evidence: { sku: 'NOPE-1' } });
    expect(second.id).toBe(first.id);
    expect(second.occurrences).toBe(2);
    await expect(resolveException(store.db, first.id, { by: 'ana', note: '  ' })).rejects.toThrow(/note is required/);
    const ignored = await ignoreException(store.db, first.id, { by: 'ana', note: 'test order, nothing to do' });
    expect(ignored).toMatchObject({ status: 'ignored', closedBy: 'ana', closeNote: 'test order, nothing to do' });
    await expect(resolveException(store.db, first.id, { by: 'ana', note: 'again' })).rejects.toThrow(/already ignored/);
    // A new occurrence after closing opens a fresh exception.
    const reopened = await raiseException(store.db, { ...unknownSku, recordId: record.id });
    expect(reopened.id).not.toBe(first.id);
    expect(reopened.occurrences).toBe(1);
  });

  it('offers an exception for another automatic try with a backoff: half as long as it has been open, capped', async () => {
    const { record } = await receiveRecord(store.db, key('gid://shopify/Order/backoff'));
    const raised = await raiseException(store.db, { ...unknownSku, recordId: record.id });
    const seenAgo = async (openMinutes: number, lastSeenMinutes: number) => {
      await sql`update lb_exception set first_seen_at = now() - make_interval(mins => ${openMinutes}),
        last_seen_at = now() - make_interval(mins => ${lastSeenMinutes}) where id = ${raised.id}`.execute(store.db);
      const due = await listExceptions(store.db, { recordId: record.id, autoRetry: true, dueWithBackoffMinutes: 30 });
      return due.length === 1;
    };
    expect(await seenAgo(0, 0)).toBe(true); // just raised: due at once
    expect(await seenAgo(20, 5)).toBe(false); // open 15 min when last seen: waits 7.5
    expect(await seenAgo(20, 8)).toBe(true);
    expect(await seenAgo(300, 29)).toBe(false); // open for hours: waits the cap, 30 min
    expect(await seenAgo(300, 31)).toBe(true);
    expect(await listExceptions(store.db, { recordId: record.id, autoRetry: true })).toHaveLength(1);
  });

  it('resolves a record exception by itself when the record later posts', async () => {
    const { record } = await receiveRecord(store.db, key('gid://shopify/Order/4'));
    await transitionRecord(store.db, record.id, { to: 'exception', actor: 'test' });
    const open = await raiseException(store.db, { ...unknownSku, recordId: record.id });
    await transitionRecord(store.db, record.id, { to: 'posting', actor: 'test' });
    await transitionRecord(store.db, record.id, { to: 'posted', actor: 'test' });
    const [after] = await listExceptions(store.db, { status: 'all', recordId: record.id });
    expect(after).toMatchObject({ id: open.id, status: 'resolved', closedBy: 'test' });
  });

  it('keeps only the exceptions the latest attempt still finds', async () => {
    const { record } = await receiveRecord(store.db, key('gid://shopify/Order/5'));
    const noPhone: ExceptionInput = { ...unknownSku, code: 'missing_contact', owner: 'ecommerce', message: 'no phone or e-mail' };
    await syncRecordExceptions(store.db, record.id, [unknownSku, noPhone]);
    await syncRecordExceptions(store.db, record.id, [noPhone]);
    const all = await listExceptions(store.db, { status: 'all', recordId: record.id });
    expect(Object.fromEntries(all.map((exception) => [exception.code, exception.status]))).toEqual({
      unknown_sku: 'resolved',
      missing_contact: 'open',
    });
    const counts = await countOpenExceptions(store.db);
    expect(counts.find((count) => count.owner === 'ecommerce')?.count).toBeGreaterThanOrEqual(1);
  });

  it('finds a record by any id of its trail', async () => {
    const { record } = await receiveRecord(store.db, { ...key('gid://shopify/Order/987654321012345678'), sourceRef: '#1006' });
    await addLink(store.db, record.linkGroup, { system: 'shopify', kind: 'order', externalId: record.sourceId, label: '#1006' });
    await addLink(store.db, record.linkGroup, { system: 'bc', kind: 'salesOrder', externalId: 'b0a1-guid', label: 'SO-101006' });
    await addLink(store.db, record.linkGroup, { system: 'bc', kind: 'salesOrder', externalId: 'b0a1-guid', label: 'SO-101006' });
    expect(await listLinks(store.db, record.linkGroup)).toHaveLength(2);
    for (const term of ['987654321012345678', '#1006', '1006', 'SO-101006', 'b0a1-guid', String(record.id)]) {
      const found = await searchRecords(store.db, term);
      expect(
        found.map((item) => item.id),
        term,
      ).toContain(record.id);
    }
  });

  it('keeps the audit log append-only', async () => {
    await expect(sql`update lb_audit set actor = 'someone else'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from lb_audit`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('stores polling cursors and drops a redelivered webhook by event id', async () => {
    expect(await getCursor(store.db, 'shopify.orders')).toBeUndefined();
    await setCursor(store.db, 'shopify.orders', '2026-11-24T10:00:00Z');
    await setCursor(store.db, 'shopify.orders', '2026-11-24T11:00:00Z');
    expect(await getCursor(store.db, 'shopify.orders')).toBe('2026-11-24T11:00:00Z');
    const event = { source: 'shopify', topic: 'orders/create', eventId: 'evt-1', payloadHash: 'h', body: '{}' };
    const first = await acceptInboxEvent(store.db, event);
    expect(first).toMatchObject({ inserted: true, status: 'accepted' });
    expect(await acceptInboxEvent(store.db, event)).toMatchObject({ id: first.id, inserted: false, status: 'accepted' });
    await markInboxEvent(store.db, first.id, 'processed');
    expect(await acceptInboxEvent(store.db, event)).toMatchObject({ inserted: false, status: 'processed' });
  });

  it('summarises backlog and the oldest unfinished record per flow', async () => {
    const summary = await summariseFlows(store.db);
    const orders = summary.find((flow) => flow.flow === 'orders');
    expect(orders?.backlog).toBeGreaterThan(0);
    expect(orders?.oldestUnpostedAt).toBeInstanceOf(Date);
    const [latest] = await listRecords(store.db, { flow: 'orders', limit: 1 });
    const record = await getRecord(store.db, latest!.id);
    expect(record?.createdAt).toBeInstanceOf(Date);
  });

  it('keeps its per-flow counts equal to the ledger through concurrent receipts, moves and deletes', async () => {
    const received = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        receiveRecord(store.db, { flow: i % 2 ? 'counted-a' : 'counted-b', sourceSystem: 'test', sourceId: `c-${i}`, actor: 'test' }),
      ),
    );
    await Promise.all(
      received.map(async ({ record }, i) => {
        await transitionRecord(store.db, record.id, { to: 'validated', actor: 'test' });
        if (i % 3 === 0) await transitionRecord(store.db, record.id, { to: 'posting', actor: 'test' });
        if (i % 6 === 0) await transitionRecord(store.db, record.id, { to: 'posted', actor: 'test' });
        if (i % 5 === 0 && i % 6 !== 0) await transitionRecord(store.db, record.id, { to: 'exception', actor: 'test' });
      }),
    );
    await store.db.deleteFrom('lb_record').where('source_id', '=', 'c-1').execute();
    const truth = await store.db
      .selectFrom('lb_record')
      .select((eb) => ['flow', 'state', eb.fn.countAll<number>().as('n')])
      .where('flow', 'in', ['counted-a', 'counted-b'])
      .groupBy(['flow', 'state'])
      .execute();
    const kept = await store.db
      .selectFrom('lb_record_count')
      .select(['flow', 'state', 'n'])
      .where('flow', 'in', ['counted-a', 'counted-b'])
      .where('n', '>', 0)
      .execute();
    const asKeys = (rows: { flow: string; state: string; n: number | string | bigint }[]) =>
      rows.map((row) => `${row.flow}/${row.state}=${Number(row.n)}`).sort();
    expect(asKeys(kept)).toEqual(asKeys(truth));
    const summary = (await summariseFlows(store.db)).find((flow) => flow.flow === 'counted-a')!;
    expect(summary.backlog + summary.posted).toBe(11);
  });
});
