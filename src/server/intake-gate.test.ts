import { describe, expect, it } from 'vitest';
import { createIntakeGate } from './intake-gate.ts';

describe('webhook intake gate', () => {
  it('runs at most its limit at once, the rest in arrival order, and carries results and errors through', async () => {
    const gate = createIntakeGate(3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const work = (index: number) =>
      gate.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((done) => setTimeout(done, 5));
        running -= 1;
        order.push(index);
        if (index === 4) throw new Error('refused');
        return index;
      });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => work(index)));
    expect(most).toBe(3);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'refused'))).toEqual([
      0,
      1,
      2,
      3,
      'refused',
      5,
      6,
      7,
      8,
      9,
    ]);
    expect(order.slice(3)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });
});
