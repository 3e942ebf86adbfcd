/**
 * Hands stored webhook deliveries to their flows, after the delivery was answered. The webhook
 * receiver answers once a delivery is in the inbox (durable: nothing it said yes to can be lost)
 * and wakes this; the flow's intake (a ledger record, a queued job) runs here, a few at a time,
 * oldest first. A delivery is claimed before it is handled, so several hub processes on one
 * store share the work; a claim older than the lease (a process that stopped half-way) is taken
 * again, and so is a delivery whose handling failed. At start and every half minute it looks for
 * such leftovers.
 */
import type { Logger } from '../core/logger.ts';
import { claimInboxEvents, markInboxEvent, readInboxBody, type ClaimedInboxEvent } from '../ledger/index.ts';
import type { Executor } from '../store/open-store.ts';

/** A claim this old is a process that stopped: its deliveries are handled again (idempotent). */
const CLAIM_LEASE_MS = 60_000;
const SWEEP_EVERY_MS = 30_000;
const CLAIM_BATCH = 50;

export interface InboxHandoverOptions {
  db: Executor;
  source: string;
  /** Hands one stored delivery to its flow; `ignored` when no flow takes its topic any more. */
  handle(event: ClaimedInboxEvent, body: string): Promise<'processed' | 'ignored'>;
  /** Waited for before each claim: work that must come first (storing the deliveries still arriving). */
  yieldTo?: () => Promise<void>;
  /** Deliveries handled at once (each is a short store transaction). */
  concurrency?: number;
  logger: Logger;
  now?: () => number;
}

export interface InboxHandover {
  /** Starts handing over, leftovers first (once the queue the flows feed is running). */
  start(): void;
  /** A delivery was stored: hand it over soon (before start, it waits for start). */
  wake(): void;
  /** Resolves when nothing is waiting to be handed over (for tests and a clean stop). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createInboxHandover(options: InboxHandoverOptions): InboxHandover {
  const { db, source, logger } = options;
  const now = options.now ?? Date.now;
  const concurrency = options.concurrency ?? 4;
  let running: Promise<void> | undefined;
  let again = false;
  let started = false;
  let closed = false;
  let sweep: ReturnType<typeof setInterval> | undefined;

  async function handleOne(event: ClaimedInboxEvent): Promise<void> {
    try {
      const status = await options.handle(event, readInboxBody(event).toString('utf8'));
      await markInboxEvent(db, event.id, status);
    } catch (error) {
      // Left claimed: taken again once the lease runs out, as after a crash.
      logger.error({ err: error, inboxId: event.id, topic: event.topic }, 'a stored webhook could not be handed to its flow yet');
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        await options.yieldTo?.();
        if (closed) return;
        const claimed = await claimInboxEvents(db, source, { limit: CLAIM_BATCH, staleBefore: new Date(now() - CLAIM_LEASE_MS) });
        if (claimed.length === 0) break;
        let next = 0;
        const worker = async () => {
          while (next < claimed.length) await handleOne(claimed[next++]!);
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
      }
    } while (again && !closed);
  }

  function wake(): void {
    if (closed || !started) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'stored webhooks could not be claimed; trying again shortly'))
      .finally(() => {
        running = undefined;
        // Woken after the last claim came back empty: go round once more.
        if (again) wake();
      });
  }

  return {
    start() {
      if (started || closed) return;
      started = true;
      sweep = setInterval(wake, SWEEP_EVERY_MS);
      sweep.unref();
      wake();
    },
    wake,
    async idle() {
      while (running) await running;
    },
    async close() {
      closed = true;
      if (sweep) clearInterval(sweep);
      await running;
    },
  };
}
