/** Minutes since midnight of an instant, on the clock of a time zone. */
function clockMinutes(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * 免打扰 — when a promotional message may go: now, or at the end of the quiet hours it falls in
 * (21:00–08:00 spans midnight). Whole minutes: 07:59:30 waits until 08:00.
 */
export function firstSendableTime(at: Date, quiet: { from: string; to: string } | null, timeZone: string): Date {
  if (!quiet) return at;
  const [from, to, now] = [minutesOf(quiet.from), minutesOf(quiet.to), clockMinutes(at, timeZone)];
  if (from === to) return at;
  const isQuiet = from < to ? now >= from && now < to : now >= from || now < to;
  if (!isQuiet) return at;
  const wait = (to - now + 24 * 60) % (24 * 60);
  const startOfMinute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  return new Date(startOfMinute.getTime() + wait * 60_000);
}
