/**
 * At most `limit` webhook deliveries are parsed and stored at once; the rest wait their turn
 * holding only their raw bytes. When Shopify delivers thousands of webhooks at once (a flash
 * sale, a backlog after an outage), handling them all at once held thousands of parsed bodies
 * and store round trips in memory and kept the event loop busy for seconds: the hub's own
 * probes went unanswered and deliveries timed out. In turns, each delivery is handled as fast
 * as the store allows and the rest of the server keeps answering.
 */
export interface IntakeGate {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Deliveries being handled, and waiting for a turn (for metrics). */
  readonly active: number;
  readonly waiting: number;
  /**
   * Resolves once no delivery waits for a turn, or after `maxWaitMs`: the queue's jobs wait on
   * it, so that in a burst the store answers Shopify first (decision 0027) and jobs are never
   * starved for longer than that.
   */
  whenClear(maxWaitMs: number): Promise<void>;
}

export function createIntakeGate(limit: number): IntakeGate {
  let active = 0;
  const queue: (() => void)[] = [];
  const clearWaiters = new Set<() => void>();
  const release = () => {
    active -= 1;
    const next = queue.shift();
    if (next) {
      active += 1;
      next();
    }
    if (queue.length === 0) for (const clear of clearWaiters) clear();
  };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (active < limit) active += 1;
      else await new Promise<void>((turn) => queue.push(turn));
      try {
        return await work();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    whenClear(maxWaitMs) {
      if (queue.length === 0) return Promise.resolve();
      return new Promise<void>((done) => {
        const finish = () => {
          clearTimeout(timer);
          clearWaiters.delete(finish);
          done();
        };
        const timer = setTimeout(finish, maxWaitMs);
        clearWaiters.add(finish);
      });
    },
  };
}
