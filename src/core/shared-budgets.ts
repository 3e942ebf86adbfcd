/**
 * The port for request budgets shared by every hub process on one PostgreSQL (decision 0024).
 * The connectors keep their in-process limiters for fairness between flows and ask this, in
 * front of each request, for the share that is counted across processes. Implemented in
 * src/store/budget-ledger.ts; absent on the embedded store, where one process owns the budget.
 */

/** One upstream user's limits, e.g. a BC app registration's 5 in flight and 6,000 per 5 minutes. */
export interface SharedRequestLimits {
  /** Names the budget across processes: processes that share it must use the same name. */
  name: string;
  maxInFlight: number;
  windowMs: number;
  maxRequestsPerWindow: number;
}

/** An in-flight slot taken from the shared budget; release it when the answer is in. */
export interface SharedLease {
  release(): void;
}

/** A shop's cost bucket as the processes together see it. */
export interface SharedBucketState {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface SharedBudgets {
  /** Waits for one in-flight slot and `weight` starts in the window, both counted across processes. */
  acquireRequest(limits: SharedRequestLimits, weight: number, signal?: AbortSignal): Promise<SharedLease>;
  /** Starts every process together has in the budget's current window. */
  windowCount(limits: SharedRequestLimits): Promise<number>;
  /** Holds every process's requests under `name` for `ms` from now (a Retry-After). */
  pauseFor(name: string, ms: number): Promise<void>;
  /**
   * Reserves `cost` points of the shop bucket `name`; answers what was reserved (0 before the
   * bucket is known) and the bucket after it, or how long to wait before asking again.
   */
  reserveCost(name: string, cost: number): Promise<{ reserved: number; waitMs: number; state: SharedBucketState | undefined }>;
  /** Records Shopify's answer to a request that reserved `reserved` and was charged `actual` points. */
  settleCost(name: string, reserved: number, actual: number, reported: SharedBucketState): Promise<void>;
  close(): Promise<void>;
}
