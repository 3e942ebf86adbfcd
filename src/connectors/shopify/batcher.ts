/**
 * Coalesces single reads into one request: keys asked for within `waitMs` of each other (or
 * until `maxSize` are waiting) are loaded together, as the poll reads many orders per query.
 * Each caller gets its own key's value; a failed load fails every caller of that batch.
 */
export interface BatcherOptions<K, V> {
  maxSize: number;
  waitMs: number;
  /** Values for the keys asked; a key missing from the map resolves to undefined. */
  load(keys: K[]): Promise<Map<K, V>>;
}

interface Waiting<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

export function createBatcher<K, V>(options: BatcherOptions<K, V>): (key: K) => Promise<V | undefined> {
  let pending = new Map<K, Waiting<V>[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    if (batch.size === 0) return;
    options.load([...batch.keys()]).then(
      (values) => {
        for (const [key, waiting] of batch) for (const w of waiting) w.resolve(values.get(key));
      },
      (error: unknown) => {
        for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      },
    );
  };

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const waiting = pending.get(key) ?? [];
      waiting.push({ resolve, reject });
      pending.set(key, waiting);
      if (pending.size >= options.maxSize) flush();
      else timer ??= setTimeout(flush, options.waitMs);
    });
}
