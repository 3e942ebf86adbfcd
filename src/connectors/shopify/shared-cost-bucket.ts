/**
 * A shop's cost bucket shared by the hub processes on one PostgreSQL (decision 0024). The
 * bucket is Shopify's per app and store, so every process of the hub draws on the same one; a
 * view per process would over-spend it.
 *
 * The shared projection lives in the budget ledger, but a request does not ask it: the process
 * takes the shop's points from the ledger in **blocks**, each sized to cover about a second of
 * its recent demand and spent locally over a short life (2 s), and tops up in the background
 * when what it holds runs low, so a request normally waits on no store round trip. A block's
 * unspent points go back to the ledger when its life ends, with Shopify's latest figure for the
 * bucket (which counts other apps' calls). A block whose holder died (no give-back) expires in
 * the ledger a little after its life and counts as spent: its points come back by refill.
 * Together the processes never hold more than the projection lets out; the ledger keeps the
 * projection no higher than the bucket's size minus the points held (see migration 0013).
 *
 * Within a process, requests are still paced by the in-process `CostBucket` (Shopify's own
 * figures as this process last saw them), which also answers the throttle waits and metrics.
 * A THROTTLED answer empties the shared projection and tells every process (NOTIFY) to stop
 * spending the blocks it holds; a 429 with `Retry-After` pauses the shop's budget in the ledger
 * and tells them the same. Either way their next block waits for the refill or the pause.
 */
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { SharedBudgets } from '../../core/shared-budgets.ts';
import { CostBucket, type QueryCost, type ShopCostBucket, type ThrottleStatus } from './cost-bucket.ts';

export interface SharedCostBucketOptions {
  budgets: SharedBudgets;
  shopDomain: string;
  clock: Clock;
  logger: Logger;
  /** How long this process may spend a block before giving back what is left (default 2 s). */
  blockLifeMs?: number;
  /** A block covers this many milliseconds of the process's recent demand (default 1 s). */
  blockCoverMs?: number;
  /** The longest a request waits for the ledger before going on with local pacing only (default 2 s). */
  ledgerTimeoutMs?: number;
}

interface Block {
  id: string;
  granted: number;
  spent: number;
  /** Local time after which this process spends no more of it. */
  endsAt: number;
}

/** Demand is the points drawn (less refunds) over this much time, plus what queued requests ask for. */
const demandWindowMs = 1_000;

const noop = () => undefined;

/** The ledger's answer to the one request that may go to find out the bucket (see `grant`). */
const probe = -1;

export class SharedCostBucket implements ShopCostBucket {
  private readonly options: SharedCostBucketOptions;
  private readonly name: string;
  private readonly lifeMs: number;
  private readonly coverMs: number;
  private readonly ledgerTimeoutMs: number;
  /** Paces this process's requests by Shopify's own figures; answers waits and snapshots. */
  private readonly local: CostBucket;
  /** Blocks this process holds, in the order they end. */
  private blocks: Block[] = [];
  /** Requests of this process draw one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Points asked by requests not yet served. */
  private waitingPoints = 0;
  private drawn: { at: number; points: number }[] = [];
  /** The grant in flight (one at a time): resolves to how long to wait, `probe`, or undefined if the ledger failed. */
  private asking: Promise<number | undefined> | undefined;
  /** This process sent the request that finds out the bucket for the ledger (which knew none): record its answer. */
  private probing = false;
  /** Shopify's latest figure not yet recorded in the ledger. */
  private unreported: ThrottleStatus | undefined;
  /** The bucket's size and restore rate as the ledger last answered them. */
  private maximum: number | undefined;
  private restoreRate: number | undefined;
  /** The ledger failed: local pacing only until then, without asking. */
  private ledgerDownUntil = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Aborted to wake the request waiting for points. */
  private wake: AbortController | undefined;
  /** Refunds from Shopify whose block was already given back: owed to the ledger. */
  private refundsOwed = 0;
  /** A background top-up was told to wait until then. */
  private topUpNotBefore = Number.NEGATIVE_INFINITY;

  constructor(options: SharedCostBucketOptions) {
    this.options = options;
    this.name = `shopify:${options.shopDomain.toLowerCase()}`;
    this.lifeMs = options.blockLifeMs ?? 2_000;
    this.coverMs = options.blockCoverMs ?? 1_000;
    this.ledgerTimeoutMs = options.ledgerTimeoutMs ?? 2_000;
    this.local = new CostBucket(options.clock);
    options.budgets.onCostNotice(this.name, (notice) => {
      // Another process was throttled or paused: what this one holds is not there to spend.
      if (notice === 'hold') this.dropBlocks(false);
      // Points came back: a request waiting for them asks again now.
      else this.wake?.abort();
    });
  }

  acquire(cost: number): Promise<number> {
    this.waitingPoints += cost;
    const turn = this.queue.then(() => this.take(cost)).finally(() => (this.waitingPoints -= cost));
    this.queue = turn.catch(noop);
    return turn;
  }

  settle(reserved: number, cost: QueryCost | undefined): void {
    if (!cost) return;
    this.local.settle(reserved, cost);
    this.unreported = cost.throttleStatus;
    const probed = this.probing;
    this.probing = false;
    if (cost.actualQueryCost === null) {
      // THROTTLED: the bucket is short of what the processes together thought. Stop spending
      // what this process holds, empty the shared projection and tell the others to stop too.
      this.dropBlocks(true);
      return;
    }
    const refund = reserved - cost.actualQueryCost;
    if (refund > 0) {
      // Shopify gave the difference back: to a block still being spent that paid at least as much.
      const block = this.liveBlocks().findLast((candidate) => candidate.spent >= refund);
      if (block) block.spent -= refund;
      // Its block is gone: the points go back to the ledger with the next give-back.
      else this.refundsOwed += refund;
      // Demand is what Shopify charges, not what requests reserve before it says.
      this.drawn.push({ at: this.options.clock.now(), points: -refund });
    }
    if (probed) {
      // The ledger knew no figure for the bucket: this is it.
      this.giveBack([], false);
    } else if (this.planChanged(cost.throttleStatus)) {
      // The shop's plan (bucket size, restore rate) is not what the ledger has: tell it now.
      this.maximum = cost.throttleStatus.maximumAvailable;
      this.restoreRate = cost.throttleStatus.restoreRate;
      this.giveBack([], false);
    }
    this.endBlocks();
  }

  pauseFor(ms: number): void {
    this.dropBlocks(false);
    this.options.budgets.pauseFor(this.name, ms).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'could not share the Shopify pause with other hub processes');
    });
  }

  waitMsFor(cost: number): number {
    return this.local.waitMsFor(cost);
  }

  snapshot(): ThrottleStatus | undefined {
    return this.local.snapshot();
  }

  private async take(cost: number): Promise<number> {
    const paced = await this.local.acquire(cost);
    for (;;) {
      this.endBlocks();
      if (this.options.clock.now() < this.ledgerDownUntil) return paced;
      const wanted = Math.min(cost, this.maximum ?? cost);
      if (this.held() >= wanted) {
        this.draw(wanted);
        this.topUp(wanted);
        return Math.max(paced, wanted);
      }
      const waitMs = await this.ask(wanted - this.held());
      if (waitMs === undefined || waitMs === probe) return paced;
      if (waitMs > 0) {
        // Too few points free for this request: give back what this process holds (it cannot use
        // it now), so that points scattered over processes come together; then ask again at once
        // (what it gave back may be enough), or after the wait, or when points come back.
        if (await this.returnBlocks()) continue;
        await this.sleep(waitMs);
      }
    }
  }

  private liveBlocks(): Block[] {
    const now = this.options.clock.now();
    return this.blocks.filter((block) => block.endsAt > now);
  }

  /** Points this process may still spend. */
  private held(): number {
    return this.liveBlocks().reduce((sum, block) => sum + block.granted - block.spent, 0);
  }

  private draw(points: number): void {
    let rest = points;
    for (const block of this.liveBlocks()) {
      if (rest <= 0) break;
      const take = Math.min(rest, block.granted - block.spent);
      block.spent += take;
      rest -= take;
    }
    this.drawn.push({ at: this.options.clock.now(), points });
  }

  /** What the next block should cover: the recent demand and what is queued, at most half the bucket. */
  private target(minPoints: number): number {
    const now = this.options.clock.now();
    this.drawn = this.drawn.filter((entry) => entry.at > now - demandWindowMs);
    const recent = Math.max(
      0,
      this.drawn.reduce((sum, entry) => sum + entry.points, 0),
    );
    const demand = ((recent + this.waitingPoints) * this.coverMs) / demandWindowMs;
    return Math.max(minPoints, Math.min(demand, (this.maximum ?? Number.POSITIVE_INFINITY) / 2));
  }

  /**
   * In the background, before the points held (in blocks not about to end) run short: a block
   * worth asking for (a quarter of the target at least), and not again before the ledger said
   * there could be one.
   */
  private topUp(minPoints: number): void {
    const now = this.options.clock.now();
    if (this.asking || now < this.topUpNotBefore) return;
    const soon = now + this.lifeMs / 4;
    const lasting = this.blocks.filter((block) => block.endsAt > soon).reduce((sum, block) => sum + block.granted - block.spent, 0);
    const target = this.target(minPoints);
    if (lasting >= target / 2) return;
    this.ask(Math.min(target, Math.max(minPoints, target / 4)))
      .then((waitMs) => {
        if (waitMs) this.topUpNotBefore = this.options.clock.now() + waitMs;
      })
      .catch(noop);
  }

  private ask(minPoints: number): Promise<number | undefined> {
    this.asking ??= this.grant(minPoints).finally(() => (this.asking = undefined));
    return this.asking;
  }

  private async grant(minPoints: number): Promise<number | undefined> {
    const wantPoints = this.target(minPoints);
    // The block's life is counted from before the ask, so it ends here no later than in the ledger.
    const askedAt = this.options.clock.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const answer = await Promise.race([
        this.options.budgets.grantCostBlock(this.name, { minPoints, wantPoints, lifeMs: this.lifeMs }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the budget ledger did not answer in time')), this.ledgerTimeoutMs);
        }),
      ]);
      if (!answer.known) {
        const seen = this.local.snapshot();
        if (seen) {
          // This process knows the bucket already (the ledger lost it): record that, and ask again.
          await this.options.budgets.returnCostBlocks(this.name, [], 0, seen, false);
          return 0;
        }
        if (answer.waitMs > 0) return answer.waitMs;
        this.probing = true;
        return probe;
      }
      if (answer.state) {
        this.maximum = answer.state.maximumAvailable;
        this.restoreRate = answer.state.restoreRate;
      }
      if (answer.blockId !== undefined) {
        this.blocks.push({ id: answer.blockId, granted: answer.points, spent: 0, endsAt: askedAt + this.lifeMs });
        this.armTimer();
        return 0;
      }
      return Math.max(1, answer.waitMs);
    } catch (error) {
      this.ledgerDownUntil = this.options.clock.now() + 1_000;
      this.options.logger.warn(
        { err: error },
        'could not take Shopify points from the shared budget; pacing by this process alone for a second',
      );
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Gives back the blocks whose life has ended, with what is left of each. */
  private endBlocks(): void {
    const now = this.options.clock.now();
    if (!this.blocks.some((block) => block.endsAt <= now)) return;
    const ended = this.blocks.filter((block) => block.endsAt <= now);
    this.blocks = this.blocks.filter((block) => block.endsAt > now);
    this.giveBack(
      ended.map((block) => ({ id: block.id, unspent: block.granted - block.spent })),
      false,
    );
  }

  /** Gives back every block held, with what is left of each; answers whether there were any points to give. */
  private async returnBlocks(): Promise<boolean> {
    const returned = this.blocks;
    this.blocks = [];
    const points = this.refundsOwed + returned.reduce((sum, block) => sum + block.granted - block.spent, 0);
    if (points <= 0) {
      if (returned.length)
        void this.giveBack(
          returned.map((block) => ({ id: block.id, unspent: 0 })),
          false,
        );
      return false;
    }
    await this.giveBack(
      returned.map((block) => ({ id: block.id, unspent: block.granted - block.spent })),
      false,
    );
    return true;
  }

  /** Waits `ms`, or less if another process gives points back meanwhile. */
  private async sleep(ms: number): Promise<void> {
    const wake = new AbortController();
    this.wake = wake;
    try {
      await this.options.clock.sleep(ms, wake.signal).catch(noop);
    } finally {
      if (this.wake === wake) this.wake = undefined;
    }
  }

  /** Stops spending every block held: none of it is given back (it is taken as spent). */
  private dropBlocks(hold: boolean): void {
    const dropped = this.blocks;
    this.blocks = [];
    if (dropped.length || hold)
      this.giveBack(
        dropped.map((block) => ({ id: block.id, unspent: 0 })),
        hold,
      );
  }

  private planChanged(status: ThrottleStatus): boolean {
    if (this.maximum === undefined || this.restoreRate === undefined) return false;
    return status.maximumAvailable !== this.maximum || status.restoreRate !== this.restoreRate;
  }

  private giveBack(blocks: { id: string; unspent: number }[], hold: boolean): Promise<void> {
    const status = this.unreported;
    this.unreported = undefined;
    // After a hold the refunds are not there to give back: Shopify's bucket is short anyway.
    const refund = hold ? 0 : this.refundsOwed;
    this.refundsOwed = 0;
    return this.options.budgets.returnCostBlocks(this.name, blocks, refund, status, hold).catch((error: unknown) => {
      this.options.logger.warn(
        { err: error },
        'could not give Shopify points back to the shared budget; they return when their blocks expire',
      );
    });
  }

  /** Ends blocks on time even when no request comes to notice. */
  private armTimer(): void {
    if (this.timer || this.blocks.length === 0) return;
    const first = Math.min(...this.blocks.map((block) => block.endsAt));
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.endBlocks();
        this.armTimer();
      },
      Math.max(1, first - this.options.clock.now()),
    );
    this.timer.unref?.();
  }
}
