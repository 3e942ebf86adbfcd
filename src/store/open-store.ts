/**
 * One store, two real backends, one driver. The embedded default is PGlite in a local data
 * directory (no server to install, one process), run in a worker thread and reached over the
 * PostgreSQL wire protocol; PostgreSQL is used when a connection URL is given (several hub
 * processes). Both go through `pg` and Kysely's PostgreSQL dialect, run the same migrations,
 * and return integers as numbers and timestamps as Dates, so nothing above this module knows
 * which one it talks to.
 */
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { SOCKET_PORT, startEmbeddedThread, type EmbeddedThread } from './embedded-thread.ts';
import { inheritConnection } from './connection-scope.ts';
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
  /**
   * The store's own upkeep, run daily by the hub: the embedded engine has no autovacuum, so it
   * vacuums and analyzes here; PostgreSQL's autovacuum does this itself.
   */
  maintain(): Promise<void>;
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
  let thread: EmbeddedThread;
  try {
    thread = await startEmbeddedThread({
      pgdata: dataDir ? `${dataDir}/pgdata` : null,
      ...(snapshot && !dataDir ? { snapshot } : {}),
      maxConnections: EMBEDDED_CONNECTIONS + 2,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const pool = newPool({
    host: thread.socketDir,
    port: SOCKET_PORT,
    user: 'postgres',
    database: 'postgres',
    max: EMBEDDED_CONNECTIONS,
    // A wait this long means work holds the one connection and waits for another: fail loudly.
    connectionTimeoutMillis: 60_000,
  });
  return storeOverPool(pool, {
    backend: 'embedded',
    location: dataDir ?? 'memory',
    advertiseApiUrl: (url) => lock?.setApiUrl(url),
    dumpSnapshot: () => thread.dump(),
    maintain: async () => void (await pool.query('vacuum (analyze)')),
    async closeEngine() {
      await thread.close();
      lock?.release();
    },
  });
}

function openPostgres(options: { url: string; maxConnections?: number }): Store {
  const pool = newPool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  return storeOverPool(pool, {
    backend: 'postgres',
    location: redactUrl(options.url),
    advertiseApiUrl: () => undefined,
    maintain: async () => undefined,
  });
}

/**
 * One connection to the embedded engine. PGlite has one session; pglite-socket can multiplex
 * several connections onto it, but it interleaves their extended-protocol messages (one
 * client's Parse between another's Parse and Bind: "unnamed prepared statement does not
 * exist"), so the hub keeps to one and queues in `pg`'s pool instead (decision 0010).
 */
const EMBEDDED_CONNECTIONS = 1;

function newPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    ...config,
    application_name: 'ledgerbridge',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  return pool;
}

/** Both backends are PostgreSQL behind a `pg` pool: a server, or the embedded engine's socket. */
function storeOverPool(
  pool: pg.Pool,
  options: Pick<Store, 'backend' | 'location' | 'advertiseApiUrl' | 'dumpSnapshot' | 'maintain'> & { closeEngine?(): Promise<void> },
): Store {
  const { db, transaction } = guardedKysely(new PostgresDialect({ pool }));
  let closed = false;
  return {
    backend: options.backend,
    location: options.location,
    db,
    transaction,
    async executeSql(text, values) {
      assertOutsideTransaction('A queue operation');
      const result = (await pool.query(text, values as unknown[])) as pg.QueryResult | pg.QueryResult[];
      return { rows: Array.isArray(result) ? result.flatMap((part) => part.rows ?? []) : result.rows };
    },
    advertiseApiUrl: options.advertiseApiUrl,
    maintain: options.maintain,
    ...(options.dumpSnapshot ? { dumpSnapshot: options.dumpSnapshot } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await options.closeEngine?.();
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
function guardedKysely(dialect: PostgresDialect) {
  const db = new Kysely<Database>({ dialect, plugins: [new TransactionGuardPlugin()] });
  const transaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => inTransaction(db, work);
  return { db, transaction };
}

export type Executor = Kysely<Database>;

/** Runs `work` in a transaction, joining the caller's when there is one. */
export async function inTransaction<T>(db: Executor, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  const scope = newTransactionScope();
  const result = await transactionScope.run(scope, () =>
    db.transaction().execute((trx) => work(inheritConnection(db, trx.withoutPlugins()))),
  );
  for (const callback of scope.afterCommit) callback();
  return result;
}
