/**
 * Stores webhook deliveries in the inbox together: the deliveries that arrive while one insert
 * is under way share the next insert and its commit. A flash sale sends thousands of webhooks
 * within a second and Shopify waits 5 seconds for each answer; stored one by one, each with its
 * own commit, most of them timed out and came again (4,326 of 5,000 in the benchmark). Each
 * delivery is still answered only once its own row is committed.
 */
import { acceptInboxEvents, type InboxAcceptance, type InboxEvent } from '../ledger/index.ts';
import type { Executor } from '../store/open-store.ts';

/** Rows per insert: enough for a burst, small enough that one statement stays quick. */
const DEFAULT_MAX_BATCH = 200;

export interface InboxWriter {
  /** Resolves once the delivery is in the inbox (or was already: a redelivery). */
  accept(event: InboxEvent): Promise<InboxAcceptance>;
  /** Resolves once no delivery waits to be stored. */
  idle(): Promise<void>;
}

interface Waiting {
  event: InboxEvent;
  stored(acceptance: InboxAcceptance): void;
  failed(error: unknown): void;
}

export function createInboxWriter(db: Executor, options: { maxBatch?: number } = {}): InboxWriter {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  let waiting: Waiting[] = [];
  let writing: Promise<void> | undefined;

  async function writeAll(): Promise<void> {
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch);
        waiting = waiting.slice(batch.length);
        try {
          const acceptances = await acceptInboxEvents(
            db,
            batch.map((entry) => entry.event),
          );
          batch.forEach((entry, index) => entry.stored(acceptances[index]!));
        } catch (error) {
          // One by one, so that a delivery the store refuses fails alone, not its whole batch.
          if (batch.length === 1) batch[0]!.failed(error);
          else for (const entry of batch) await acceptInboxEvents(db, [entry.event]).then(([one]) => entry.stored(one!), entry.failed);
        }
      }
    } finally {
      writing = undefined;
    }
  }

  return {
    accept(event) {
      return new Promise<InboxAcceptance>((stored, failed) => {
        waiting.push({ event, stored, failed });
        writing ??= writeAll();
      });
    },
    async idle() {
      while (writing) await writing;
    },
  };
}
