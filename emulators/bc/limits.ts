/**
 * BC online's per-user limits, enforced per app registration: a sliding window of admitted
 * requests, a few processed at once, a bounded queue for the rest, and 429
 * (`Application_TooManyRequests`) beyond any of them. BC promises no Retry-After on 429,
 * so none is sent.
 */
import type { Clock } from '../../src/core/clock.ts';
import { BcHttpError } from './http-error.ts';
import type { EmulatorLimits } from './settings.ts';

interface UserState {
  starts: number[];
  running: number;
  queue: (() => void)[];
}

export class LimitEnforcer {
  private readonly users = new Map<string, UserState>();
  private readonly limits: EmulatorLimits;
  private readonly clock: Clock;
  /** Requests refused with 429, for tests and the control endpoint. */
  rejected = 0;
  /** The most requests ever processed at once for one user: never above `maxConcurrent`. */
  peakRunning = 0;
  /** The most admissions ever inside one window for one user: never above `requestsPerWindow`. */
  peakInWindow = 0;
  /**
   * The most requests of one user ever waiting in the queue: above 0 only when its clients, all
   * together, sent more than `maxConcurrent` at once (`peakRunning` cannot show that: the queue
   * holds the rest back).
   */
  peakQueued = 0;

  constructor(limits: EmulatorLimits, clock: Clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Admits one request of `user` (waiting in the queue if needed); call the result when done. */
  async admit(user: string): Promise<() => void> {
    const state = this.state(user);
    const now = this.clock.now();
    this.checkWindow(state, now);
    if (state.running >= this.limits.maxConcurrent) {
      if (state.queue.length >= this.limits.maxQueue) {
        this.rejected += 1;
        throw new BcHttpError(
          429,
          'Application_TooManyRequests',
          `Too many requests reached. Actual (${state.running + state.queue.length + 1}). Maximum (${this.limits.maxConcurrent + this.limits.maxQueue}).`,
        );
      }
      this.start(state, now);
      // The finishing request hands its slot straight over, so `running` never overshoots.
      await new Promise<void>((resolve) => {
        state.queue.push(resolve);
        this.peakQueued = Math.max(this.peakQueued, state.queue.length);
      });
    } else {
      this.start(state, now);
      state.running += 1;
      this.peakRunning = Math.max(this.peakRunning, state.running);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.queue.shift();
      if (next) next();
      else state.running -= 1;
    };
  }

  /** An operation inside a `$batch`: it counts against the window but holds no slot of its own. */
  countInner(user: string): void {
    const state = this.state(user);
    const now = this.clock.now();
    this.checkWindow(state, now);
    this.start(state, now);
  }

  private checkWindow(state: UserState, now: number): void {
    const edge = now - this.limits.windowMs;
    while (state.starts.length && state.starts[0]! <= edge) state.starts.shift();
    if (state.starts.length >= this.limits.requestsPerWindow) {
      this.rejected += 1;
      throw new BcHttpError(
        429,
        'Application_TooManyRequests',
        `Too many requests reached. Actual (${state.starts.length + 1}). Maximum (${this.limits.requestsPerWindow}).`,
      );
    }
  }

  private start(state: UserState, now: number): void {
    state.starts.push(now);
    this.peakInWindow = Math.max(this.peakInWindow, state.starts.length);
  }

  snapshot(user: string): { inWindow: number; running: number; queued: number } {
    const state = this.state(user);
    return { inWindow: state.starts.length, running: state.running, queued: state.queue.length };
  }

  reset(): void {
    this.users.clear();
    this.rejected = 0;
    this.peakRunning = 0;
    this.peakInWindow = 0;
    this.peakQueued = 0;
  }

  private state(user: string): UserState {
    let state = this.users.get(user);
    if (!state) {
      state = { starts: [], running: 0, queue: [] };
      this.users.set(user, state);
    }
    return state;
  }
}
