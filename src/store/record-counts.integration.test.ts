/**
 * Migration 0014: a ledger written before it (records of two connections, counted together)
 * comes out with counters per connection, and the trigger keeps them so from then on.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/backends.ts';
import { receiveRecord, summariseFlows, transitionRecord } from '../ledger/index.ts';
import { connectionStore } from './connection-scope.ts';
import { migrateToLatest } from './migrate.ts';
import * as m0014 from './migrations/0014-record-counts-by-connection.ts';
import type { Store } from './open-store.ts';

async function counters(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select connection_id || '/' || flow || '/' || state || '=' || n as key from lb_record_count where n > 0 and flow = 'counted'`.execute(
    db,
  );
  return rows.map((row) => row.key).sort();
}

describeEachBackend('record counters per connection', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('rebuilds the counters per connection from the records already there, then keeps them', async () => {
    const db = store.db as unknown as Kysely<unknown>;
    // As before 0014: counters by flow and state only.
    await db.transaction().execute(async (trx) => {
      await m0014.down(trx);
      await sql`delete from lb_migration where name = '0014-record-counts-by-connection'`.execute(trx);
    });
    for (const [connection, id] of [
      ['uk', 'a'],
      ['uk', 'b'],
      ['eu', 'a'],
    ] as const)
      await receiveRecord(connectionStore(store, connection).db, { flow: 'counted', sourceSystem: 'test', sourceId: id, actor: 'test' });
    const { rows: before } = await sql<{ n: string }>`select n from lb_record_count where flow = 'counted' and state = 'received'`.execute(
      db,
    );
    expect(before.map((row) => Number(row.n))).toEqual([3]);

    expect(await migrateToLatest(db)).toEqual(['0014-record-counts-by-connection']);
    expect(await counters(db)).toEqual(['eu/counted/received=1', 'uk/counted/received=2']);

    const euDb = connectionStore(store, 'eu').db;
    const [euRecord] = (await euDb
      .selectFrom('lb_record')
      .select('id')
      .where('flow', '=', 'counted')
      .where('connection_id', '=', 'eu')
      .execute())!;
    await transitionRecord(euDb, euRecord!.id, { to: 'exception', actor: 'test' });
    await receiveRecord(euDb, { flow: 'counted', sourceSystem: 'test', sourceId: 'c', actor: 'test' });
    expect(await counters(db)).toEqual(['eu/counted/exception=1', 'eu/counted/received=1', 'uk/counted/received=2']);
    expect((await summariseFlows(store.db, 'eu')).find((flow) => flow.flow === 'counted')).toMatchObject({ backlog: 2, inException: 1 });
    expect((await summariseFlows(store.db)).find((flow) => flow.flow === 'counted')).toMatchObject({ backlog: 4, inException: 1 });
  });
});
