/**
 * Which connection (shop ↔ BC company, decision 0026) a store handle works for. A connection's
 * flows get a store whose handle is tagged with its id; the ledger reads the tag, so every
 * record, cursor, inbox event, link and exception the flows write carries the connection
 * without a flow naming it. A transaction opened on a tagged handle is tagged too
 * (`inTransaction`). An untagged handle is the `default` connection: a single-shop hub, the
 * CLI and tests need nothing.
 */
import {
  sql,
  type Expression,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SqlBool,
  type UnknownRow,
} from 'kysely';
import { inTransaction, type Executor, type Store } from './open-store.ts';

export const DEFAULT_CONNECTION_ID = 'default';

const tags = new WeakMap<object, string>();

/** A plugin that changes nothing: it gives the connection's handle an identity of its own. */
class ConnectionTag implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** The connection a handle works for; `default` when it is not tagged. */
export function connectionOf(db: object): string {
  return tags.get(db) ?? DEFAULT_CONNECTION_ID;
}

/**
 * The connection a tagged handle works for, undefined for an untagged one: a flow's lists are
 * its own connection's, the operator's (untagged) lists are every connection's.
 */
export function scopedConnectionOf(db: object): string | undefined {
  return tags.get(db);
}

/**
 * A condition keeping a flow's own query on its connection's rows (a record, an exception);
 * on an untagged handle (the operator, monitors, a single-shop hub's tests) it keeps every row.
 */
export function sameConnection(db: object, column = 'connection_id'): Expression<SqlBool> {
  const id = tags.get(db);
  return id === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = ${id}`;
}

/** Marks `db` (a transaction's handle) as working for the same connection as `parent`. */
export function inheritConnection<T extends object>(parent: object, db: T): T {
  const id = tags.get(parent);
  if (id !== undefined) tags.set(db, id);
  return db;
}

/** The store as one connection's flows see it: the same database, handles tagged with the connection. */
export function connectionStore(store: Store, connectionId: string): Store {
  const db: Executor = store.db.withPlugin(new ConnectionTag());
  tags.set(db, connectionId);
  return {
    ...store,
    db,
    // On the tagged handle, so the transaction is tagged too.
    transaction: (work) => inTransaction(db, work),
  };
}
