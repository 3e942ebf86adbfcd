/**
 * Discrete-event time for the connector and the in-process emulator sharing one FakeClock:
 * let every promise chain run until nothing moves any more, then jump the clock to the next
 * timer (a latency, a backoff, the limiter's window). Simulated minutes pass in wall-clock
 * seconds, and both sides see exactly the same instants, so the emulator's sliding window and
 * the connector's limiter agree to the millisecond.
 */
import type { FakeClock } from '../../../../test/support/fake-clock.ts';

export interface ProgressProbe {
  /** Changes whenever something happened (a request started or finished). */
  readonly ticks: number;
}

/** Wraps a fetch so the driver can see requests start and finish. */
export function countingFetch<F extends (input: string, init: RequestInit) => Promise<Response>>(
  fetch: F,
): { fetch: F; probe: ProgressProbe } {
  const probe = { ticks: 0 };
  const wrapped = (async (input: string, init: RequestInit) => {
    probe.ticks += 1;
    try {
      const response = await fetch(input, init);
      // Read the body here, so the request counts as finished only when all of it arrived.
      const text = await response.text();
      const empty = [204, 205, 304].includes(response.status);
      return new Response(empty ? null : text, { status: response.status, headers: response.headers });
    } finally {
      probe.ticks += 1;
    }
  }) as F;
  return { fetch: wrapped, probe };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `work` to completion on simulated time. `quietTurns` event-loop turns with no
 * progress and no new timer count as "everything is waiting on the clock".
 */
export async function runSimulated<T>(
  clock: FakeClock,
  work: Promise<T>,
  probe: ProgressProbe,
  { quietTurns = 3, maxJumps = 5_000_000 } = {},
): Promise<T> {
  let done = false;
  let failure: { error: unknown } | undefined;
  let result: T | undefined;
  work.then(
    (value) => {
      result = value;
      done = true;
    },
    (error: unknown) => {
      failure = { error };
      done = true;
    },
  );
  for (let jumps = 0; !done && jumps < maxJumps; jumps += 1) {
    let quiet = 0;
    let last = `${probe.ticks}/${clock.pending().length}`;
    while (!done && quiet < quietTurns) {
      await turn();
      const now = `${probe.ticks}/${clock.pending().length}`;
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
    if (done) break;
    const [next] = clock.pending();
    if (next === undefined) throw new Error('simulation stalled: work is waiting, but on no timer');
    await clock.advance(Math.max(0, next - clock.now()));
  }
  if (failure) throw failure.error;
  if (!done) throw new Error('simulation did not finish');
  return result as T;
}
