/**
 * A clock for warehouse tests: time moves only when the test says so; timers fire in due
 * order with promise chains settling between them. (Same idea as the BC connector's, kept
 * here so connector folders do not import each other.)
 */
import type { Clock } from '../../../core/clock.js';

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

  constructor(start = Date.parse('2026-11-23T09:00:00.000Z')) {
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

  /** Due times of pending timers, earliest first. */
  pending(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await settle();
    for (;;) {
      const next = this.timers.reduce<Timer | undefined>((best, t) => (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best), undefined);
      if (!next || next.at > target) break;
      this.current = Math.max(this.current, next.at);
      this.timers = this.timers.filter((t) => t !== next);
      next.resolve();
      await settle();
    }
    this.current = target;
    await settle();
  }
}
