/**
 * A shop's cost bucket shared by the hub processes on one PostgreSQL (decision 0024). The
 * bucket is Shopify's per app and store, so every process of the hub draws on the same one;
 * a view per process would over-spend. The projection lives in the budget ledger: each
 * request reserves its expected cost there (waiting while the shared projection is short)
 * and each answer settles there, refunding the unused part and lowering the view to what
 * Shopify reported. A THROTTLED answer reports a near-empty bucket, so the other processes
 * wait for the refill too: the throttle is shared through the bucket itself. An HTTP 429 with
 * `Retry-After` (no cost block) holds every process's requests to the shop until then.
 */
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { SharedBucketState, SharedBudgets } from '../../core/shared-budgets.ts';
import type { QueryCost, ShopCostBucket, ThrottleStatus } from './cost-bucket.ts';

export interface SharedCostBucketOptions {
  budgets: SharedBudgets;
  shopDomain: string;
  clock: Clock;
  logger: Logger;
}

export class SharedCostBucket implements ShopCostBucket {
  private readonly options: SharedCostBucketOptions;
  private readonly name: string;
  /** The shared bucket as last seen, for metrics and throttle waits. */
  private seen: (SharedBucketState & { at: number }) | undefined;
  /** Requests of this process ask the ledger one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Settlements on their way to the ledger; a reservation asks after them, not before. */
  private settling: Promise<unknown> = Promise.resolve();

  constructor(options: SharedCostBucketOptions) {
    this.options = options;
    this.name = `shopify:${options.shopDomain.toLowerCase()}`;
  }

  acquire(cost: number): Promise<number> {
    const turn = this.queue.then(() => this.reserve(cost));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  settle(reserved: number, cost: QueryCost | undefined): void {
    if (!cost) return;
    this.seen = { ...cost.throttleStatus, at: this.options.clock.now() };
    const settled = this.options.budgets
      .settleCost(this.name, reserved, cost.actualQueryCost ?? 0, cost.throttleStatus)
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'could not share the Shopify cost bucket with other hub processes');
      });
    this.settling = Promise.all([this.settling, settled]);
  }

  pauseFor(ms: number): void {
    this.options.budgets.pauseFor(this.name, ms).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not share the Shopify pause with other hub processes');
    });
  }

  waitMsFor(cost: number): number {
    const available = this.projected();
    if (available === undefined || !this.seen) return 0;
    const needed = Math.min(cost, this.seen.maximumAvailable) - available;
    return needed <= 0 ? 0 : Math.ceil((needed / this.seen.restoreRate) * 1000);
  }

  snapshot(): ThrottleStatus | undefined {
    const available = this.projected();
    if (available === undefined || !this.seen) return undefined;
    return { maximumAvailable: this.seen.maximumAvailable, currentlyAvailable: available, restoreRate: this.seen.restoreRate };
  }

  private async reserve(cost: number): Promise<number> {
    for (;;) {
      await this.settling;
      const answer = await this.options.budgets.reserveCost(this.name, cost);
      if (answer.state) this.seen = { ...answer.state, at: this.options.clock.now() };
      if (answer.waitMs <= 0) return answer.reserved;
      await this.options.clock.sleep(answer.waitMs);
    }
  }

  private projected(): number | undefined {
    if (!this.seen) return undefined;
    const elapsedSeconds = Math.max(0, this.options.clock.now() - this.seen.at) / 1000;
    return Math.min(this.seen.maximumAvailable, this.seen.currentlyAvailable + elapsedSeconds * this.seen.restoreRate);
  }
}
