/** Quiet hours are read on the shop's clock, across midnight and across the change to summer time. */
import { describe, expect, it } from 'vitest';
import { quietFor } from './quiet-hours.ts';

const minutes = (ms: number) => Math.round(ms / 60_000);
const overnight = { from: '20:00', to: '07:00' };
const lunch = { from: '12:00', to: '13:30' };

describe('quiet hours', () => {
  it.each([
    // [what, UTC instant, zone, window, minutes until they end (0 = not quiet)]
    ['no quiet hours set', '2026-12-07T23:00:00Z', 'Europe/London', undefined, 0],
    ['before an overnight window', '2026-12-07T19:59:00Z', 'Europe/London', overnight, 0],
    ['at its start', '2026-12-07T20:00:00Z', 'Europe/London', overnight, 660],
    ['before midnight', '2026-12-07T22:30:00Z', 'Europe/London', overnight, 510],
    ['after midnight', '2026-12-08T06:15:00Z', 'Europe/London', overnight, 45],
    ['at its end', '2026-12-08T07:00:00Z', 'Europe/London', overnight, 0],
    ['in summer time, 19:30 UTC is 20:30 in London', '2026-07-01T19:30:00Z', 'Europe/London', overnight, 630],
    ['in summer time, 06:30 UTC is 07:30 in London', '2026-07-01T06:30:00Z', 'Europe/London', overnight, 0],
    ['in another zone', '2026-12-07T12:00:00Z', 'America/New_York', overnight, 0],
    ['in another zone, 21:00 there', '2026-12-08T02:00:00Z', 'America/New_York', overnight, 600],
    ['inside a daytime window', '2026-12-07T12:45:00Z', 'Europe/London', lunch, 45],
    ['after a daytime window', '2026-12-07T13:30:00Z', 'Europe/London', lunch, 0],
  ] as const)('%s', (_what, at, zone, window, expected) => {
    expect(minutes(quietFor(Date.parse(at), zone, window))).toBe(expected);
  });

  it('ends at the start of the minute the window ends, never at once while inside it', () => {
    const at = Date.parse('2026-12-07T06:59:45Z');
    expect(quietFor(at, 'Europe/London', overnight)).toBe(15_000);
    expect(quietFor(Date.parse('2026-12-07T06:59:59.999Z'), 'Europe/London', overnight)).toBeGreaterThan(0);
  });
});
