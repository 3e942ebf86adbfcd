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

  it('tells the queue when no delivery waits for a turn, or gives up waiting after the longest wait', async () => {
    const gate = createIntakeGate(1);
    await gate.whenClear(10_000); // nothing waits: at once
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((done) => (release = done)));
    const second = gate.run(async () => undefined);
    expect(gate.waiting).toBe(1);
    let cleared = false;
    const clear = gate.whenClear(10_000).then(() => (cleared = true));
    await new Promise((done) => setTimeout(done, 20));
    expect(cleared).toBe(false);
    release();
    await Promise.all([first, second, clear]);
    expect(cleared).toBe(true);
    // A backlog that lasts: the wait ends anyway.
    let hold!: () => void;
    const busy = gate.run(() => new Promise<void>((done) => (hold = done)));
    const queued = gate.run(async () => undefined);
    const started = Date.now();
    await gate.whenClear(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    hold();
    await Promise.all([busy, queued]);
  });
});
