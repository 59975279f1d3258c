// Times as the incidents and retraining pages show them. Rendered on the server: the time zone is
// stated (UTC) and a relative form ("12 min ago") is given next to it.
import { formatDuration } from "@/lib/format";

/** "2026-11-26 22:50 UTC" (seconds only when they are not zero). */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const text = d.toISOString();
  const seconds = text.slice(17, 19);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}${seconds === "00" ? "" : `:${seconds}`} UTC`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 26 22:50" (UTC; say so in the column header). */
export function formatShortUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${d.toISOString().slice(11, 16)}`;
}

/** "22:50 UTC" */
export function formatUtcTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(11, 16)} UTC`;
}

/** Whole minutes between two instants as "1 h 16 min" (seconds below a minute). */
export function formatSpan(fromIso: string, toMs: number): string {
  const seconds = Math.max(0, (toMs - Date.parse(fromIso)) / 1000);
  return formatDuration(seconds >= 60 ? Math.floor(seconds / 60) * 60 : seconds);
}

/** "12 min ago" / "just now". */
export function formatAgo(iso: string, nowMs: number): string {
  const seconds = (nowMs - Date.parse(iso)) / 1000;
  if (!Number.isFinite(seconds)) return "";
  if (seconds < 60) return seconds < 0 ? `in ${formatSpan(new Date(nowMs).toISOString(), Date.parse(iso))}` : "just now";
  const [first, second] = formatSpan(iso, nowMs).split(" ").reduce<string[]>((parts, word, i, all) => (i % 2 === 0 ? [...parts, `${word} ${all[i + 1]}`] : parts), []);
  return `${second ? `${first} ${second}` : first} ago`;
}

/** A <time> element with the UTC text and the relative form as tooltip. */
export function Time({ iso, nowMs, relative = false, short = false }: { iso: string | null | undefined; nowMs?: number; relative?: boolean; short?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  const ago = nowMs !== undefined ? formatAgo(iso, nowMs) : "";
  return (
    <time dateTime={iso} title={[formatUtc(iso), ago].filter(Boolean).join(" · ")}>
      {short ? formatShortUtc(iso) : formatUtc(iso)}
      {relative && ago ? <span className="muted"> · {ago}</span> : null}
    </time>
  );
}
