/**
 * A mirror of Shopify's cost bucket for one shop (one app + store pair), so the client waits
 * for points to refill instead of sending a request Shopify would throttle.
 *
 * The view is the last `throttleStatus` Shopify reported, refilled at `restoreRate` points per
 * second since then, minus the points reserved by requests still in flight. A request waits
 * `(cost − available) / restoreRate` seconds when the projection is short, then reserves its
 * estimate; the answer refunds the difference to the actual cost. Nothing is hard-coded: the
 * bucket size and restore rate are whatever the shop's plan says in each answer.
 */
import type { Clock } from '../../core/clock.ts';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

interface BucketState extends ThrottleStatus {
  at: number;
}

/** What the client needs of a shop's bucket: this process's own, or one shared by processes. */
export interface ShopCostBucket {
  acquire(cost: number): Promise<number>;
  settle(reserved: number, cost: QueryCost | undefined): void;
  waitMsFor(cost: number): number;
  snapshot(): ThrottleStatus | undefined;
  /** A 429 with `Retry-After`: hold the shop's other clients too, where there are others to tell. */
  pauseFor?(ms: number): void;
}

export class CostBucket implements ShopCostBucket {
  private state: BucketState | undefined;
  private queue: Promise<void> = Promise.resolve();

  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Points available now by the local projection; undefined before the first answer. */
  available(): number | undefined {
    if (!this.state) return undefined;
    return this.project(this.state, this.clock.now());
  }

  snapshot(): ThrottleStatus | undefined {
    const available = this.available();
    if (available === undefined || !this.state) return undefined;
    return { maximumAvailable: this.state.maximumAvailable, currentlyAvailable: available, restoreRate: this.state.restoreRate };
  }

  /** How long until `cost` points are available, by the projection. */
  waitMsFor(cost: number): number {
    if (!this.state) return 0;
    const needed = Math.min(cost, this.state.maximumAvailable) - this.project(this.state, this.clock.now());
    return needed <= 0 ? 0 : Math.ceil((needed / this.state.restoreRate) * 1000);
  }

  /**
   * Waits until `cost` points are available and reserves them; returns the points reserved.
   * Callers are served in arrival order so a large request is not starved by small ones.
   */
  acquire(cost: number): Promise<number> {
    const turn = this.queue.then(() => this.waitAndReserve(cost));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /**
   * Mirrors what Shopify reported after a request that reserved `reserved` points. A
   * throttled request was not charged (actual null): its reservation comes back whole.
   */
  settle(reserved: number, cost: QueryCost | undefined): void {
    const now = this.clock.now();
    if (!cost) return;
    const reported = cost.throttleStatus;
    const refund = reserved - (cost.actualQueryCost ?? 0);
    const local = this.state ? this.project(this.state, now) + refund : Number.POSITIVE_INFINITY;
    // The lower view wins: Shopify's covers other clients of the same bucket, ours covers
    // our requests Shopify has not counted yet.
    const available = Math.max(0, Math.min(local, reported.currentlyAvailable, reported.maximumAvailable));
    this.state = { ...reported, currentlyAvailable: available, at: now };
  }

  private async waitAndReserve(cost: number): Promise<number> {
    for (;;) {
      if (!this.state) return 0;
      const now = this.clock.now();
      const wanted = Math.min(cost, this.state.maximumAvailable);
      const available = this.project(this.state, now);
      if (available >= wanted) {
        this.state = { ...this.state, currentlyAvailable: available - wanted, at: now };
        return wanted;
      }
      await this.clock.sleep(Math.ceil(((wanted - available) / this.state.restoreRate) * 1000));
    }
  }

  private project(state: BucketState, now: number): number {
    const elapsedSeconds = Math.max(0, now - state.at) / 1000;
    return Math.min(state.maximumAvailable, state.currentlyAvailable + elapsedSeconds * state.restoreRate);
  }
}

/** One bucket per shop, shared by every client of that shop in the process. */
export class CostBuckets {
  private readonly byShop = new Map<string, CostBucket>();

  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  forShop(shopDomain: string): CostBucket {
    let bucket = this.byShop.get(shopDomain);
    if (!bucket) {
      bucket = new CostBucket(this.clock);
      this.byShop.set(shopDomain, bucket);
    }
    return bucket;
  }
}
