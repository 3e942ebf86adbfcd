/**
 * The ledger keeps hostile bytes on both backends: an audit entry, an exception and an inbox
 * delivery carrying a NUL, a lone surrogate or invalid UTF-8 are written (PostgreSQL refuses
 * those as they are) and read back, the inbox delivery byte for byte.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import type { Store } from '../store/open-store.ts';
import { appendAudit, listAudit } from './audit.ts';
import { getException, raiseException } from './exceptions.ts';
import { acceptInboxEvent, acceptInboxEvents, readInboxBody } from './inbox.ts';

describeEachBackend('ledger keeps hostile bytes', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup();
  });

  it('writes an audit entry whose detail holds a NUL and a lone surrogate, escaped', async () => {
    await appendAudit(store.db, {
      actor: 'evil\u0000actor',
      entity: 'webhook',
      entityId: 'x\ud800',
      action: 'rejected',
      detail: { body: 'a\u0000b', 'k\u0000': '\udc00' },
    });
    const [entry] = await listAudit(store.db, { entity: 'webhook', limit: 1 });
    expect(entry).toMatchObject({ actor: 'evil\\u0000actor', entityId: 'x\\ud800', detail: { body: 'a\\u0000b', 'k\\u0000': '\\udc00' } });
  });

  it('raises an exception whose message and evidence hold a NUL', async () => {
    const raised = await raiseException(store.db, {
      flow: 'warehouse',
      code: 'callback_unreadable',
      category: 'upstream',
      severity: 'warning',
      owner: 'integration',
      message: 'order S-\u0000 unreadable',
      action: 'look',
      evidence: { body: '\u0000' },
      fingerprint: 'storable-test',
    });
    expect(await getException(store.db, raised.id)).toMatchObject({ message: 'order S-\\u0000 unreadable', evidence: { body: '\\u0000' } });
  });

  it('keeps an inbox delivery with a NUL or invalid bytes byte for byte', async () => {
    const raw = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0, 0xff, 0xfe]), Buffer.from('"}')]);
    const accepted = await acceptInboxEvent(store.db, {
      source: 'warehouse',
      topic: 'malformed',
      eventId: 'nul-1',
      payloadHash: 'h',
      body: raw,
    });
    const clean = await acceptInboxEvents(store.db, [
      { source: 'bc', topic: 'updated', eventId: 'clean-1', payloadHash: 'h1', body: '{"ok":"é"}' },
      { source: 'bc', topic: 'updated', eventId: 'clean-1', payloadHash: 'h1', body: '{"ok":"é"}' },
      { source: 'bc', topic: 'updated', eventId: 'nul-2', payloadHash: 'h2', body: 'a\u0000b' },
    ]);
    expect(clean.map((entry) => entry.inserted)).toEqual([true, false, true]);
    const rows = await store.db.selectFrom('lb_inbox').select(['id', 'body', 'body_encoding']).orderBy('id').execute();
    const kept = rows.find((row) => row.id === accepted.id)!;
    expect(kept.body_encoding).toBe('base64');
    expect(readInboxBody(kept).equals(raw)).toBe(true);
    expect(rows.map((row) => row.body_encoding)).toEqual(['base64', 'utf8', 'base64']);
    expect(readInboxBody(rows[2]!).toString('utf8')).toBe('a\u0000b');
  });
});
