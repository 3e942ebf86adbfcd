/**
 * Migration 0005 on a ledger written by the earlier version: BC's clientState in the inbox and
 * in rejected-notification audit entries becomes a fingerprint, `token=` in callback evidence
 * is redacted, and nothing else changes (the audit log stays append-only afterwards).
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBackend } from '../../../test/support/backends.ts';
import { postgresTestUrl } from '../../../test/support/env.ts';
import { fingerprintSecret } from '../../core/redact.ts';
import * as m0001 from './0001-ledger.ts';
import * as m0002 from './0002-overrides-and-snapshots.ts';
import * as m0005 from './0005-security.ts';

const migrations: Record<string, Migration> = { '0001-ledger': m0001, '0002-overrides-and-snapshots': m0002, '0005-security': m0005 };
const clientState = 'old-client-state-0123456789';
const callbackSecret = 'warehouse-callback-secret-0123';

function migrator(db: Kysely<unknown>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'lb_migration',
    migrationLockTableName: 'lb_migration_lock',
  });
}

async function writeOldLedger(db: Kysely<unknown>) {
  const notification = {
    subscriptionId: 's1',
    clientState,
    expirationDateTime: '2026-12-01T00:00:00Z',
    resource: 'api/v2.0/companies(1)/items(2)',
    changeType: 'updated',
    lastModifiedDateTime: '2026-11-24T10:00:00Z',
  };
  await sql`insert into lb_inbox (source, topic, event_id, payload_hash, body, status)
            values ('bc', 'updated', 'e1', 'h1', ${JSON.stringify(notification)}, 'processed'),
                   ('shopify', 'orders/create', 'e2', 'h2', '{"clientState":"not a bc row"}', 'processed')`.execute(db);
  await sql`insert into lb_audit (actor, entity, entity_id, action, detail)
            values ('bc-webhook', 'webhook', 'bc', 'rejected', ${JSON.stringify({ body: `{"value":[{"clientState":"${clientState}","x":1}]}` })}::jsonb),
                   ('hub', 'record', '1', 'received', '{"note":"untouched"}'::jsonb)`.execute(db);
  await sql`insert into lb_exception (flow, code, category, severity, owner, message, action, evidence, fingerprint)
            values ('warehouse', 'callback_unreadable', 'upstream', 'warning', 'integration', 'm', 'a',
                    ${JSON.stringify({ url: `https://hub.example.com/webhooks/warehouse?event=despatched&token=${callbackSecret}`, body: 'x' })}::jsonb, 'f1')`.execute(
    db,
  );
}

async function checkScrubbed(db: Kysely<unknown>) {
  const dump = JSON.stringify([
    (await sql`select * from lb_inbox order by id`.execute(db)).rows,
    (await sql`select * from lb_audit order by id`.execute(db)).rows,
    (await sql`select * from lb_exception order by id`.execute(db)).rows,
  ]);
  expect(dump).not.toContain(clientState);
  expect(dump).not.toContain(callbackSecret);
  const inbox = (
    await sql<{
      source: string;
      body: string;
      body_encoding: string;
    }>`select source, body, body_encoding from lb_inbox order by id`.execute(db)
  ).rows;
  expect(JSON.parse(inbox[0]!.body)).toMatchObject({ subscriptionId: 's1', clientState: fingerprintSecret(clientState) });
  expect(inbox[1]!.body).toBe('{"clientState":"not a bc row"}');
  expect(inbox.every((row) => row.body_encoding === 'utf8')).toBe(true);
  const [exception] = (await sql<{ evidence: { url: string } }>`select evidence from lb_exception`.execute(db)).rows;
  expect(exception!.evidence.url).toBe('https://hub.example.com/webhooks/warehouse?event=despatched&token=%5Bredacted%5D');
  const audit = (await sql<{ detail: { body?: string; note?: string } }>`select detail from lb_audit order by id`.execute(db)).rows;
  expect(audit[0]!.detail.body).toBe('{"value":[{"clientState":"[redacted]","x":1}]}');
  expect(audit[1]!.detail).toEqual({ note: 'untouched' });
  // The audit log is append-only again.
  await expect(sql`update lb_audit set actor = 'x'`.execute(db)).rejects.toThrow(/append-only/);
}

async function run(db: Kysely<unknown>) {
  const to0002 = await migrator(db).migrateTo('0002-overrides-and-snapshots');
  expect(to0002.error).toBeUndefined();
  await writeOldLedger(db);
  const latest = await migrator(db).migrateToLatest();
  expect(latest.error).toBeUndefined();
  await checkScrubbed(db);
}

describe('migration 0005 (security) [embedded]', () => {
  it('scrubs the secrets an earlier version stored, and nothing else', async () => {
    const pglite = new PGlite();
    const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
    try {
      await run(db);
    } finally {
      await db.destroy();
    }
  });
});

const url = postgresTestUrl();
describe.runIf(url)('migration 0005 (security) [postgres]', () => {
  const backend = url ? postgresBackend(url) : undefined;
  afterAll(() => backend?.cleanup());
  it('scrubs the secrets an earlier version stored, and nothing else', async () => {
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await backend!.createDatabase() }) }),
    });
    try {
      await run(db);
    } finally {
      await db.destroy();
    }
  });
});
