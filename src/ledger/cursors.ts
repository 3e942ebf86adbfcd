/** Named positions of polling loops (e.g. Shopify's `updated_at` high-water mark). */
import { sql } from 'kysely';
import { connectionOf } from '../store/connection-scope.ts';
import type { Executor } from '../store/open-store.ts';

/** Each connection has its own cursors: by default the handle's connection's (connection-scope.ts). */
export async function getCursor(db: Executor, name: string, connectionId = connectionOf(db)): Promise<string | undefined> {
  const row = await db
    .selectFrom('lb_cursor')
    .select('value')
    .where('connection_id', '=', connectionId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.value;
}

export async function setCursor(db: Executor, name: string, value: string, connectionId = connectionOf(db)): Promise<void> {
  await db
    .insertInto('lb_cursor')
    .values({ connection_id: connectionId, name, value })
    .onConflict((conflict) => conflict.columns(['connection_id', 'name']).doUpdateSet({ value, updated_at: sql<Date>`now()` }))
    .execute();
}
