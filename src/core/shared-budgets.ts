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

/** What every process hears about a shop bucket: stop spending what you hold, or points came back. */
export type CostNotice = 'hold' | 'returned';

/** A block of a shop bucket's points (`grantCostBlock`). */
export interface CostBlockGrant {
  /** Set when a block was granted; give it back by this id. */
  blockId: string | undefined;
  points: number;
  /** How long to wait before asking again, when nothing was granted. */
  waitMs: number;
  /**
   * False before any answer from Shopify is recorded: there is nothing to project. Then a wait of
   * 0 means "send this one request to find out, and record its answer" (one caller at a time
   * gets that); others are told to wait.
   */
  known: boolean;
  /** The shared projection after the grant. */
  state: SharedBucketState | undefined;
}

export interface SharedBudgets {
  /** Waits for one in-flight slot and `weight` starts in the window, both counted across processes. */
  acquireRequest(limits: SharedRequestLimits, weight: number, signal?: AbortSignal): Promise<SharedLease>;
  /** Starts every process together has in the budget's current window. */
  windowCount(limits: SharedRequestLimits): Promise<number>;
  /** Holds every process's requests under `name` for `ms` from now (a Retry-After). */
  pauseFor(name: string, ms: number): Promise<void>;
  /**
   * Takes a block of the shop bucket `name`'s points for this process to spend over `lifeMs`:
   * between `minPoints` and `wantPoints`, no more than no process holds; or says how long to
   * wait (a pause, or fewer than `minPoints` free). A block not given back within `lifeMs` plus
   * the ledger's margin expires and counts as spent (its holder died).
   */
  grantCostBlock(name: string, request: { minPoints: number; wantPoints: number; lifeMs: number }): Promise<CostBlockGrant>;
  /**
   * Gives blocks back with what was not spent of each, and `refund` points Shopify returned after
   * the block that paid for them was given back; records Shopify's latest figure for the bucket
   * (it counts other apps' calls). `hold` (a THROTTLED answer): every process
   * holding blocks of `name` is told to stop spending them (see `onHold`).
   */
  returnCostBlocks(
    name: string,
    blocks: readonly { id: string; unspent: number }[],
    refund: number,
    reported: SharedBucketState | undefined,
    hold: boolean,
  ): Promise<void>;
  /**
   * Calls `listener` with `hold` when any process is held on the shop bucket `name` (a THROTTLED
   * answer, a Retry-After), and with `returned` when points of it were given back; answers how to stop.
   */
  onCostNotice(name: string, listener: (notice: CostNotice) => void): () => void;
  close(): Promise<void>;
}
