/**
 * A small time-to-live cache on the injected clock, for lookups whose answer rarely changes
 * within minutes (items, customers by e-mail, reference data). It remembers misses too, for
 * a shorter time, and forgets the oldest entries beyond a size cap. In-flight lookups are
 * shared, so ten order lines with one SKU cost one request.
 */
import type { Clock } from '../../core/clock.ts';

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly pending = new Map<string, Promise<V>>();
  hits = 0;
  misses = 0;

  private readonly clock: Clock;
  private readonly maxEntries: number;
  constructor(clock: Clock, maxEntries: number) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  /**
   * The cached value of `key`, or the result of `load`, kept for `ttlOf(value)` ms
   * (0: not kept). A failed load is not cached.
   */
  async get(key: string, load: () => Promise<V>, ttlOf: (value: V) => number): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.clock.now()) {
      this.hits += 1;
      return entry.value;
    }
    const running = this.pending.get(key);
    if (running) return running;
    this.misses += 1;
    const loading = load().then(
      (value) => {
        this.pending.delete(key);
        this.set(key, value, ttlOf(value));
        return value;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, loading);
    return loading;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (ttlMs <= 0) return;
    this.entries.set(key, { value, expiresAt: this.clock.now() + ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
