/**
 * Client-side limiter for one app registration (BC counts limits per user, and an app
 * registration is one user). It keeps three promises at once:
 *  - at most `maxInFlight` requests are running;
 *  - no sliding window of `windowMs` ever holds more than `maxRequestsPerWindow` starts;
 *  - waiting requests are served round-robin by lane (one lane per flow), so a busy flow
 *    queues behind itself instead of starving the others.
 * A `Retry-After` from BC pauses every lane until then. Time comes from the injected clock.
 * A `$batch` weighs as much as the requests it carries: BC counts each of them.
 */
import type { Clock } from '../../core/clock.ts';
import type { BcLimits } from './config.ts';

export interface LimiterStats {
  inFlight: number;
  queued: number;
  /** Requests started within the current window. */
  windowCount: number;
  pausedUntil: number;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  /** Places in the window this request takes (a `$batch`: its operations and itself). */
  weight: number;
}

export class RequestLimiter {
  private readonly limits: BcLimits;
  private readonly clock: Clock;
  private inFlight = 0;
  /** Start times, oldest first; `head` skips those that left the window without reslicing. */
  private starts: number[] = [];
  private head = 0;
  /** Lanes with waiters, in serving order: the front lane is served next, then moves back. */
  private readonly lanes = new Map<string, Waiter[]>();
  private pausedUntil = 0;
  private wake: { at: number; cancel: AbortController } | undefined;

  constructor(limits: BcLimits, clock: Clock) {
    this.limits = limits;
    this.clock = clock;
  }

  async run<T>(lane: string, task: () => Promise<T>, signal?: AbortSignal, weight = 1): Promise<T> {
    await this.acquire(lane, signal, Math.max(1, Math.min(weight, this.limits.maxRequestsPerWindow)));
    try {
      return await task();
    } finally {
      this.inFlight -= 1;
      this.pump();
    }
  }

  /** Holds every lane until `at` (epoch ms), e.g. after a 429 with `Retry-After`. */
  pauseUntil(at: number): void {
    if (at <= this.pausedUntil) return;
    this.pausedUntil = at;
    this.pump();
  }

  stats(): LimiterStats {
    this.prune(this.clock.now());
    let queued = 0;
    for (const waiters of this.lanes.values()) queued += waiters.length;
    return { inFlight: this.inFlight, queued, windowCount: this.starts.length - this.head, pausedUntil: this.pausedUntil };
  }

  private acquire(lane: string, signal: AbortSignal | undefined, weight: number): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const waiters = this.lanes.get(lane);
        const index = waiters?.indexOf(waiter) ?? -1;
        if (index < 0) return;
        waiters!.splice(index, 1);
        if (waiters!.length === 0) this.lanes.delete(lane);
        reject(signal?.reason);
        this.pump();
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
        weight,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const waiters = this.lanes.get(lane);
      if (waiters) waiters.push(waiter);
      else this.lanes.set(lane, [waiter]);
      this.pump();
    });
  }

  private prune(now: number): void {
    const edge = now - this.limits.windowMs;
    while (this.head < this.starts.length && this.starts[this.head]! <= edge) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.starts.length) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }

  private pump(): void {
    while (this.lanes.size > 0 && this.inFlight < this.limits.maxInFlight) {
      const now = this.clock.now();
      if (now < this.pausedUntil) return this.wakeAt(this.pausedUntil);
      this.prune(now);
      const [lane, waiters] = this.lanes.entries().next().value!;
      const inWindow = this.starts.length - this.head;
      if (inWindow + waiters[0]!.weight > this.limits.maxRequestsPerWindow) {
        // Starts leave the window exactly windowMs after they happened: wake when enough have.
        const leaving = inWindow + waiters[0]!.weight - this.limits.maxRequestsPerWindow;
        return this.wakeAt(this.starts[this.head + leaving - 1]! + this.limits.windowMs);
      }
      const waiter = waiters.shift()!;
      this.lanes.delete(lane);
      if (waiters.length > 0) this.lanes.set(lane, waiters);
      this.inFlight += 1;
      for (let i = 0; i < waiter.weight; i += 1) this.starts.push(now);
      waiter.resolve();
    }
    if (this.lanes.size === 0) this.cancelWake();
  }

  private wakeAt(at: number): void {
    if (this.wake && this.wake.at <= at) return;
    this.cancelWake();
    const cancel = new AbortController();
    const wake = { at, cancel };
    this.wake = wake;
    this.clock.sleep(Math.max(0, at - this.clock.now()), cancel.signal).then(
      () => {
        if (this.wake === wake) this.wake = undefined;
        this.pump();
      },
      () => undefined,
    );
  }

  private cancelWake(): void {
    this.wake?.cancel.abort();
    this.wake = undefined;
  }
}
