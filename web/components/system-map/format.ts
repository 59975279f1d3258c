// Time formatting of the map and report: always UTC, stated (server and browser agree).

/** "26 Nov 23:40–23:50 UTC". */
export function formatWindow(start: string, end: string): string {
  const s = new Date(start);
  const e = new Date(end);
  const sameDay = s.toISOString().slice(0, 10) === new Date(e.getTime() - 1).toISOString().slice(0, 10);
  return sameDay ? `${day(s)} ${hhmm(s)}–${hhmm(e)} UTC` : `${day(s)} ${hhmm(s)} – ${day(e)} ${hhmm(e)} UTC`;
}

/** "26 Nov 23:40". */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return `${day(d)} ${hhmm(d)}`;
}

/** "26 Nov 2026 23:40:12 UTC". */
export function formatInstant(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })} ${d.toISOString().slice(11, 19)} UTC`;
}

function day(d: Date): string {
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

function hhmm(d: Date): string {
  return d.toISOString().slice(11, 16);
}
