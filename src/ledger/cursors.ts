/** Named positions of polling loops (e.g. Shopify's `updated_at` high-water mark). */
import { sql } from 'kysely';
import type { Executor } from '../store/open-store.ts';

export async function getCursor(db: Executor, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('lb_cursor').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

export async function setCursor(db: Executor, name: string, value: string): Promise<void> {
  await db
    .insertInto('lb_cursor')
    .values({ name, value })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ value, updated_at: sql<Date>`now()` }))
    .execute();
}
