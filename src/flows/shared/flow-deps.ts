/** What every flow's step receives besides its own ports and settings. */
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { inTransaction, type Executor } from '../../store/open-store.ts';

export interface Enqueuer {
  /** `transaction`: queue the job in that store transaction (it exists if and only if the transaction commits). */
  enqueue<T>(name: string, data: T, options?: { delayMs?: number; key?: string; transaction?: Executor }): Promise<string | null>;
}

export interface FlowBaseDeps {
  db: Executor;
  queue: Enqueuer;
  clock: Clock;
  logger: Logger;
}

/**
 * Runs an intake in one store transaction, with a queue bound to it: the ledger writes and the
 * jobs they need commit together, or neither does, so a record never waits for a job that was
 * lost and a job never runs for a record that was not written.
 */
export function inIntakeTransaction<D extends { db: Executor; queue: Enqueuer }, T>(deps: D, work: (tx: D) => Promise<T>): Promise<T> {
  return inTransaction(deps.db, (trx) => work({ ...deps, db: trx, queue: queueInTransaction(deps.queue, trx) }));
}

/** The queue, its jobs written in the store transaction `trx` (they exist if and only if it commits). */
export function queueInTransaction(queue: Enqueuer, trx: Executor): Enqueuer {
  return { enqueue: (name, data, options) => queue.enqueue(name, data, { ...options, transaction: trx }) };
}
