/**
 * Catches a query or queue call made beside an open store transaction instead of through it.
 * On the embedded store (one PGlite session) such a call waits for the transaction that is
 * waiting for it: the process hangs with no error. On PostgreSQL it runs outside the
 * transaction's atomicity. Either way it is a bug, so it fails at once and says what to do.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

interface TransactionScope {
  /** Run once the outermost transaction has committed (never after a rollback). */
  afterCommit: (() => void)[];
}

/** Marks the async context of work running inside a store transaction. */
export const transactionScope = new AsyncLocalStorage<TransactionScope>();

export function newTransactionScope(): TransactionScope {
  return { afterCommit: [] };
}

/** Runs `callback` once the current store transaction commits, or now when there is none. */
export function afterCommit(callback: () => void): void {
  const scope = transactionScope.getStore();
  if (scope) scope.afterCommit.push(callback);
  else callback();
}

export function assertOutsideTransaction(what: string): void {
  if (transactionScope.getStore()) {
    throw new Error(
      `${what} was called inside a store transaction without using the transaction: on the embedded store this would wait for itself forever. Use the transaction handle, or move the call after the commit.`,
    );
  }
}

/**
 * On the store's top-level Kysely handle only: transactions run on a handle without it, so
 * their own queries pass, while a query on the top-level handle from inside one is refused.
 */
export class TransactionGuardPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    assertOutsideTransaction('A query on the store');
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
