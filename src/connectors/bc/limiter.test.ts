import { describe, expect, it } from 'vitest';
import { parseBcConfig } from './config.ts';
import { RequestLimiter } from './limiter.ts';
import { FakeClock } from '../../../test/support/fake-clock.ts';

const defaults = parseBcConfig({ tenantId: 't', environment: 'e', company: { name: 'c' }, clientId: 'x' }).limits;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The largest number of starts that any window of `windowMs` ending at a start contains. */
function busiestWindow(starts: number[], windowMs: number): number {
  let best = 0;
  let tail = 0;
  for (let head = 0; head < starts.length; head += 1) {
    while (starts[tail]! <= starts[head]! - windowMs) tail += 1;
    best = Math.max(best, head - tail + 1);
  }
  return best;
}

describe('RequestLimiter', () => {
  it('defaults below the documented ceiling', () => {
    expect(defaults).toEqual({ maxInFlight: 5, windowMs: 300_000, maxRequestsPerWindow: 5_400 });
  });

  it('never runs more than 5 at once, and runs them all', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter(defaults, clock);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 40 }, deferred);
    const done = gates.map((gate) =>
      limiter.run('orders', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
      }),
    );
    await clock.advance(0);
    expect(running).toBe(5);
    expect(limiter.stats()).toMatchObject({ inFlight: 5, queued: 35 });
    for (const gate of gates) {
      gate.resolve();
      await clock.advance(0);
    }
    await Promise.all(done);
    expect(peak).toBe(5);
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('never lets a sliding window hold more than allowed, with the default limits', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter(defaults, clock);
    const starts: number[] = [];
    const total = 12_000;
    const done = Array.from({ length: total }, (_, i) =>
      limiter.run(i % 2 ? 'orders' : 'inventory', async () => {
        starts.push(clock.now());
      }),
    );
    await clock.advance(0);
    expect(starts).toHaveLength(5_400);
    await clock.advance(299_999);
    expect(starts).toHaveLength(5_400);
    await clock.advance(1);
    expect(starts).toHaveLength(10_800);
    await clock.advance(300_000);
    await Promise.all(done);
    expect(starts).toHaveLength(total);
    expect(busiestWindow(starts, defaults.windowMs)).toBe(5_400);
  });

  it('spreads work started at different times across windows correctly', async () => {
    const clock = new FakeClock();
    const limits = { maxInFlight: 5, windowMs: 60_000, maxRequestsPerWindow: 10 };
    const limiter = new RequestLimiter(limits, clock);
    const starts: number[] = [];
    const run = () => limiter.run('a', async () => void starts.push(clock.now()));
    const first = Array.from({ length: 6 }, run);
    await clock.advance(30_000);
    const second = Array.from({ length: 10 }, run);
    await clock.advance(0);
    expect(starts).toHaveLength(10);
    await clock.advance(29_999);
    expect(starts).toHaveLength(10);
    await clock.advance(1); // the first six leave the window
    expect(starts).toHaveLength(16);
    await Promise.all([...first, ...second]);
    expect(busiestWindow(starts, limits.windowMs)).toBeLessThanOrEqual(10);
  });

  it('serves lanes in turn so a busy flow cannot starve another', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ ...defaults, maxInFlight: 1 }, clock);
    const order: string[] = [];
    const busy = Array.from({ length: 50 }, (_, i) => limiter.run('inventory', async () => void order.push(`inventory-${i}`)));
    const urgent = Array.from({ length: 3 }, (_, i) => limiter.run('orders', async () => void order.push(`orders-${i}`)));
    await Promise.all([...busy, ...urgent]);
    expect(order.slice(0, 7)).toEqual(['inventory-0', 'inventory-1', 'orders-0', 'inventory-2', 'orders-1', 'inventory-3', 'orders-2']);
  });

  it('pauses every lane until a Retry-After has passed', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter(defaults, clock);
    limiter.pauseUntil(clock.now() + 5_000);
    let ran = 0;
    const done = limiter.run('orders', async () => void (ran += 1));
    await clock.advance(4_999);
    expect(ran).toBe(0);
    await clock.advance(1);
    await done;
    expect(ran).toBe(1);
  });

  it('drops a queued request whose caller gave up', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ ...defaults, maxInFlight: 1 }, clock);
    const gate = deferred();
    const first = limiter.run('a', () => gate.promise);
    const abort = new AbortController();
    const second = limiter.run('a', async () => 'ran', abort.signal);
    abort.abort(new Error('caller gave up'));
    await expect(second).rejects.toThrow('caller gave up');
    expect(limiter.stats().queued).toBe(0);
    gate.resolve();
    await first;
  });

  it('weighs a $batch as all the requests it carries', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ maxInFlight: 5, windowMs: 60_000, maxRequestsPerWindow: 100 }, clock);
    const starts: number[] = [];
    const batch = () => limiter.run('journals', async () => void starts.push(clock.now()), undefined, 60);
    const first = batch();
    const second = batch();
    await clock.advance(0);
    expect(starts).toHaveLength(1);
    expect(limiter.stats().windowCount).toBe(60);
    await clock.advance(60_000);
    await Promise.all([first, second]);
    expect(starts).toEqual([clock.now() - 60_000, clock.now()]);
  });
});
