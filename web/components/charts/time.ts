// Time axis helpers (UTC: the charts are rendered on the server).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

/** About `count` round instants (UTC) in [min, max]. */
export function timeTicks(min: number, max: number, count = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const step = STEPS.find((s) => s >= raw) ?? Math.ceil(raw / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return ticks;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "14:30", or "Nov 27 14:30" when `withDate`. */
export function formatTime(ms: number, withDate = false): string {
  const d = new Date(ms);
  const hm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return withDate ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${hm}` : hm;
}

/** Tick labels for a time axis: the date is shown on the first tick and where the day changes. */
export function timeTickLabels(ticks: number[]): string[] {
  const spansDays = ticks.length > 0 && new Date(ticks[0]).toISOString().slice(0, 10) !== new Date(ticks[ticks.length - 1]).toISOString().slice(0, 10);
  let lastDay = "";
  return ticks.map((t) => {
    const day = new Date(t).toISOString().slice(0, 10);
    const withDate = spansDays && day !== lastDay;
    lastDay = day;
    return formatTime(t, withDate);
  });
}
