import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

describe('the read batcher', () => {
  it('loads the keys asked together in one call, each caller getting its own value', async () => {
    const calls: string[][] = [];
    const load = createBatcher<string, string>({
      maxSize: 10,
      waitMs: 5,
      load: async (keys) => (calls.push(keys), new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k.toUpperCase()]))),
    });
    expect(await Promise.all(['a', 'b', 'a', 'gone'].map(load))).toEqual(['A', 'B', 'A', undefined]);
    expect(calls).toEqual([['a', 'b', 'gone']]);
  });

  it('sends a full batch at once and starts the next', async () => {
    const calls: number[][] = [];
    const load = createBatcher<number, number>({
      maxSize: 2,
      waitMs: 60_000,
      load: async (keys) => (calls.push(keys), new Map(keys.map((k) => [k, k * 10]))),
    });
    const first = [load(1), load(2)];
    expect(await Promise.all(first)).toEqual([10, 20]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('fails every caller of a batch whose load failed', async () => {
    const load = createBatcher<string, string>({ maxSize: 5, waitMs: 1, load: () => Promise.reject(new Error('throttled')) });
    const results = await Promise.allSettled([load('a'), load('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
