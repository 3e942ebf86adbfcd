/**
 * A clock for tests where waiting costs nothing: `sleep` moves virtual time forward and
 * resolves at once. Rate limiters and retries then run their real arithmetic in
 * milliseconds of wall time, and time is never real.
 */
import type { Clock } from '../../../src/core/clock.ts';

export class VirtualClock implements Clock {
  private current: number;
  /** Every sleep asked for, for assertions on waiting behaviour. */
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2026-11-02T09:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
    await Promise.resolve();
    if (signal?.aborted) throw signal.reason;
  }
}
