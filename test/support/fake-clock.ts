/**
 * A clock for tests: time moves only when the test says so, and timers fire in due order
 * with promise chains allowed to settle between them. Used for the token cache, the
 * limiter and retry backoff; no test waits on real time.
 */
import type { Clock } from '../../src/core/clock.ts';

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.parse('2026-11-22T08:00:00.000Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.current + Math.max(0, ms),
        seq: (this.seq += 1),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Due times of the timers still pending, earliest first. */
  pending(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.nextTimer();
      if (!next || next.at > target) break;
      this.current = Math.max(this.current, next.at);
      this.timers = this.timers.filter((t) => t !== next);
      next.resolve();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /**
   * For tests with real I/O: until `work` settles, let real I/O run and, whenever a timer
   * falls due within `horizonMs`, jump to it. Timers further out never fire, so give the
   * client a request deadline well beyond the horizon or it may expire during real I/O.
   */
  async drive<T>(work: Promise<T>, { horizonMs = 60_000, maxJumps = 10_000 } = {}): Promise<T> {
    let done = false;
    const watched = work.finally(() => {
      done = true;
    });
    watched.catch(() => undefined);
    for (let jumps = 0; !done && jumps < maxJumps;) {
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      const next = this.nextTimer();
      if (!done && next && next.at - this.current <= horizonMs) {
        await this.advance(next.at - this.current);
        jumps += 1;
      }
    }
    return watched;
  }

  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
