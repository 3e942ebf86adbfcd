/**
 * One store, two real backends. The embedded default is PGlite in a local data directory
 * (no server to install, one process); PostgreSQL is used when a connection URL is given
 * (several hub processes). Both run the same migrations and return integers as numbers and
 * timestamps as Dates, so nothing above this module knows which one it talks to.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { fromPglite } from 'pg-boss';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';
import { TransactionGuardPlugin, assertOutsideTransaction, newTransactionScope, transactionScope } from './transaction-guard.ts';

export type StoreBackend = 'embedded' | 'postgres';

export type StoreOptions =
  | {
      backend: 'embedded';
      /** null keeps the data in memory (tests, throw-away sandboxes). */
      dataDir: string | null;
      /** Start an in-memory store from a snapshot taken with `dumpEmbeddedSnapshot`. */
      snapshot?: Blob;
    }
  | { backend: 'postgres'; url: string; maxConnections?: number };

export interface SqlResult {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg-boss's own result type
  rows: any[];
}

export interface Store {
  readonly backend: StoreBackend;
  /** Where the data lives, for status output (never contains a password). */
  readonly location: string;
  readonly db: Kysely<Database>;
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Raw SQL for pg-boss, following the backend's rules (a multi-statement script returns the rows of all its statements). */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  /** Records where the owning hub serves its API, for CLI commands run beside it. */
  advertiseApiUrl(url: string): void;
  /** Embedded only: the whole database as one blob, to start other in-memory stores from. */
  dumpSnapshot?(): Promise<Blob>;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** int8 columns come back as numbers on both backends; a value beyond 2^53 is an error, not a silent rounding. */
export function parseInt8(value: string | number | bigint): number {
  const asNumber = Number(value);
  if (!Number.isSafeInteger(asNumber)) throw new Error(`integer ${String(value)} is beyond the safe range`);
  return asNumber;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.backend === 'embedded' ? await openEmbedded(options.dataDir, options.snapshot) : openPostgres(options);
  try {
    await migrateToLatest(store.db as Kysely<unknown>);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openEmbedded(dataDir: string | null, snapshot?: Blob): Promise<Store> {
  const lock: DataDirLock | undefined = dataDir ? acquireDataDirLock(dataDir) : undefined;
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      ...(dataDir ? { dataDir: `${dataDir}/pgdata` } : {}),
      ...(snapshot && !dataDir ? { loadDataDir: snapshot } : {}),
      parsers: { [INT8_OID]: parseInt8 },
    });
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const { db, transaction } = guardedKysely(new PGliteDialect({ pglite }));
  // pg-boss's own PGlite adapter: multi-statement scripts through exec(), and a failed script's transaction rolled back.
  const queueSql = fromPglite(pglite);
  let closed = false;
  return {
    backend: 'embedded',
    location: dataDir ?? 'memory',
    db,
    transaction,
    executeSql(text, values) {
      assertOutsideTransaction('A queue operation');
      return queueSql.executeSql(text, values);
    },
    advertiseApiUrl: (url) => lock?.setApiUrl(url),
    dumpSnapshot: () => pglite.dumpDataDir('none') as Promise<Blob>,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
  };
}

function openPostgres(options: { url: string; maxConnections?: number }): Store {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    application_name: 'ledgerbridge',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  const { db, transaction } = guardedKysely(new PostgresDialect({ pool }));
  let closed = false;
  return {
    backend: 'postgres',
    location: redactUrl(options.url),
    db,
    transaction,
    async executeSql(text, values) {
      const result = (await pool.query(text, values as unknown[])) as pg.QueryResult | pg.QueryResult[];
      return { rows: Array.isArray(result) ? result.flatMap((part) => part.rows ?? []) : result.rows };
    },
    advertiseApiUrl: () => undefined,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

/**
 * The top-level handle refuses queries from inside a transaction (see transaction-guard.ts);
 * transactions run on a handle without that guard, so their own queries pass.
 */
function guardedKysely(dialect: PGliteDialect | PostgresDialect) {
  const db = new Kysely<Database>({ dialect, plugins: [new TransactionGuardPlugin()] });
  const transaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => inTransaction(db, work);
  return { db, transaction };
}

export type Executor = Kysely<Database>;

/** Runs `work` in a transaction, joining the caller's when there is one. */
export async function inTransaction<T>(db: Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  const scope = newTransactionScope();
  const result = await transactionScope.run(scope, () => db.transaction().execute((trx) => work(trx.withoutPlugins())));
  for (const callback of scope.afterCommit) callback();
  return result;
}
