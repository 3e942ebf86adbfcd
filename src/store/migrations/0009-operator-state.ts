/**
 * Operator state that used to live in one hub process's memory (issue 16, decision 0023):
 * dashboard sessions, kept as a keyed hash of the cookie's value (never the value itself), and
 * the wrong-token counts per client address, one row per key and window. Both survive a
 * restart and are shared by every hub process on the same PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lb_operator_session')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_name', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('lb_operator_session_expires_at').on('lb_operator_session').column('expires_at').execute();

  await db.schema
    .createTable('lb_throttle')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .addColumn('reset_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('lb_throttle_reset_at').on('lb_throttle').column('reset_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('lb_throttle').execute();
  await db.schema.dropTable('lb_operator_session').execute();
}
