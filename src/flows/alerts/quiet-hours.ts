/** Quiet hours, read in the shop's time zone: whether now is inside them, and how long until they end. */
function minutesOfDay(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(now),
  );
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Milliseconds until the quiet hours end, or 0 when now is outside them. */
export function quietFor(now: number, timeZone: string, quiet: { from: string; to: string } | undefined): number {
  if (!quiet) return 0;
  const at = minutesOfDay(now, timeZone);
  const from = toMinutes(quiet.from);
  const to = toMinutes(quiet.to);
  const inside = from < to ? at >= from && at < to : at >= from || at < to;
  if (!inside) return 0;
  const minutes = (to - at + 1440) % 1440;
  // To the start of the minute the quiet hours end.
  return Math.max(1, minutes * 60_000 - (now % 60_000));
}
