/**
 * Kysely dialect for PGlite, the embedded PostgreSQL. PGlite is one session: its own mutex
 * serialises single statements, and `transaction()` holds that mutex for the whole
 * transaction. Each Kysely connection is a thin handle; a Kysely transaction runs inside a
 * PGlite transaction so nothing else (another handle, pg-boss) can interleave with it.
 */
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  CompiledQuery} from 'kysely';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** Marks code running inside a store transaction, to catch self-deadlocks on the one session. */
export const transactionScope = new AsyncLocalStorage<{ backend: string }>();

export function assertOutsideTransaction(what: string): void {
  if (transactionScope.getStore()) {
    throw new Error(
      `${what} was called inside a store transaction without using the transaction: on the embedded store this would wait for itself forever. Use the transaction handle, or move the call after the commit.`,
    );
  }
}

export class PgliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.pglite);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class PgliteDriver implements Driver {
  constructor(private readonly pglite: PGlite) {}
  async init(): Promise<void> {
    await this.pglite.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PgliteConnection(this.pglite);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PgliteConnection).begin(settings);
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgliteConnection).finish('commit');
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PgliteConnection).finish('rollback');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

class PgliteConnection implements DatabaseConnection {
  #tx: PgliteTransaction | undefined;
  #settle: ((outcome: 'commit' | 'rollback') => void) | undefined;
  #done: Promise<void> | undefined;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiledQuery.parameters as unknown[];
    if (!this.#tx) assertOutsideTransaction('A query on the store');
    const result = this.#tx
      ? await this.#tx.query<R>(compiledQuery.sql, params)
      : await this.pglite.query<R>(compiledQuery.sql, params);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on the embedded store');
  }

  begin(settings: TransactionSettings): Promise<void> {
    return new Promise<void>((started, failedToStart) => {
      let isStarted = false;
      this.#done = this.pglite
        .transaction(async (tx) => {
          if (settings.isolationLevel) await tx.exec(`set transaction isolation level ${settings.isolationLevel}`);
          this.#tx = tx;
          isStarted = true;
          started();
          const outcome = await new Promise<'commit' | 'rollback'>((resolve) => (this.#settle = resolve));
          if (outcome === 'rollback') await tx.rollback();
        })
        .then(
          () => undefined,
          (error: unknown) => {
            if (!isStarted) failedToStart(error);
            else throw error;
          },
        )
        .finally(() => {
          this.#tx = undefined;
          this.#settle = undefined;
        });
    });
  }

  async finish(outcome: 'commit' | 'rollback'): Promise<void> {
    if (!this.#settle || !this.#done) throw new Error('no transaction is open on this connection');
    this.#settle(outcome);
    await this.#done;
  }
}
