// Time windows, the one home of their arithmetic. A system's windows tumble: [k·w, (k+1)·w) aligned
// to the Unix epoch in UTC (no time zone, no DST: a window of 86,400 s always starts at 00:00 UTC),
// w = the system's window length in whole seconds. Which window an instant belongs to, the one
// before it, the last one that closed, the windows covering a range, and which closed windows the
// background evaluator still owes a verdict after an outage (catch-up). Pure: "now" is an argument.
//
// One type for every time range ({from, to}, half-open: from ≤ t < to): the evaluator's windows,
// drift references and reports, forecast spans. Everything else imports it from here.

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** The evaluator's name for it (same type). */
export type Window = TimeWindow;

const MODULE = "analytics/time-window";

/** The length of a window of `windowSeconds` in ms; throws unless a positive integer of seconds. */
export function windowLengthMs(windowSeconds: number, who = "windowLengthMs"): number {
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) throw new Error(`${MODULE}: ${who}: windowSeconds must be a positive integer, got ${windowSeconds}`);
  return windowSeconds * 1000;
}

/** Start (epoch ms) of the aligned window of length `ms` holding the instant `t` (epoch ms; negative before 1970). */
function alignedStart(t: number, ms: number): number {
  return Math.floor(t / ms) * ms;
}

function windowAt(startMs: number, ms: number): TimeWindow {
  return { from: new Date(startMs), to: new Date(startMs + ms) };
}

function instant(at: Date, who: string): number {
  const t = at instanceof Date ? at.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new Error(`${MODULE}: ${who}: expected a valid Date, got ${String(at)}`);
  return t;
}

/** The window holding the instant `at` (at a boundary: the window that starts there). */
export function windowContaining(at: Date, windowSeconds: number): TimeWindow {
  const ms = windowLengthMs(windowSeconds, "windowContaining");
  return windowAt(alignedStart(instant(at, "windowContaining"), ms), ms);
}

/** The window containing the instant just before `at` (at a boundary: the window that just ended). */
export function windowBefore(at: Date, windowSeconds: number): TimeWindow {
  const ms = windowLengthMs(windowSeconds, "windowBefore");
  return windowAt(alignedStart(instant(at, "windowBefore") - 1, ms), ms);
}

/** The last window that ended at or before `now`. */
export function lastClosedWindow(now: Date, windowSeconds: number): TimeWindow {
  const ms = windowLengthMs(windowSeconds, "lastClosedWindow");
  return windowAt(alignedStart(instant(now, "lastClosedWindow"), ms) - ms, ms);
}

/** Whether `at` is a window boundary (the start of a window, the end of the one before). */
export function isWindowBoundary(at: Date, windowSeconds: number): boolean {
  const ms = windowLengthMs(windowSeconds, "isWindowBoundary");
  const t = instant(at, "isWindowBoundary");
  return alignedStart(t, ms) === t;
}

/** The length of a window in ms (to − from). */
export function windowMs(window: TimeWindow): number {
  return window.to.getTime() - window.from.getTime();
}

/** The window of the same length right before `window` (ends where it starts). */
export function previousWindow(window: TimeWindow): TimeWindow {
  const ms = windowMs(window);
  if (!(ms > 0)) throw new Error(`${MODULE}: previousWindow: the window must end after it starts`);
  return windowAt(window.from.getTime() - ms, ms);
}

/** The window of `windowSeconds` starting at `from` (already a window start: no alignment). */
export function windowStartingAt(from: Date, windowSeconds: number): TimeWindow {
  return windowAt(instant(from, "windowStartingAt"), windowLengthMs(windowSeconds, "windowStartingAt"));
}

/** The instant `count` windows of `windowSeconds` after `at` (before it when negative). */
export function shiftByWindows(at: Date, count: number, windowSeconds: number): Date {
  if (!Number.isInteger(count)) throw new Error(`${MODULE}: shiftByWindows: count must be an integer, got ${count}`);
  return new Date(instant(at, "shiftByWindows") + count * windowLengthMs(windowSeconds, "shiftByWindows"));
}

/** How many windows `windowsCovering(from, to, windowSeconds)` returns (0 when to ≤ from). */
export function countWindowsCovering(from: Date, to: Date, windowSeconds: number): number {
  const ms = windowLengthMs(windowSeconds, "countWindowsCovering");
  const first = alignedStart(instant(from, "countWindowsCovering"), ms);
  return Math.max(0, Math.ceil((instant(to, "countWindowsCovering") - first) / ms));
}

/** The windows from the one holding `from` to the last one starting before `to`, oldest first. */
export function windowsCovering(from: Date, to: Date, windowSeconds: number): TimeWindow[] {
  const ms = windowLengthMs(windowSeconds, "windowsCovering");
  const first = alignedStart(instant(from, "windowsCovering"), ms);
  const n = countWindowsCovering(from, to, windowSeconds);
  return Array.from({ length: n }, (_, k) => windowAt(first + k * ms, ms));
}

/**
 * The closed windows the evaluator still has to evaluate, oldest first (a window's onsets and
 * incidents build on the verdicts of the windows before it):
 * - every window after the last evaluated one (`lastEvaluated`, a window start) up to the last
 *   closed window;
 * - with nothing evaluated yet: from the window of the system's first activity (the earlier of its
 *   creation and its first data point) — or just the last closed window when that is unknown or later;
 * - never more than `maxWindows` windows back (the last closed one counts as one).
 */
export function windowsToCatchUp(args: { now: Date; windowSeconds: number; lastEvaluated: Date | null; firstActivity: Date | null; maxWindows: number }): TimeWindow[] {
  const ms = windowLengthMs(args.windowSeconds, "windowsToCatchUp");
  if (!Number.isInteger(args.maxWindows) || args.maxWindows < 1) throw new Error(`${MODULE}: windowsToCatchUp: maxWindows must be an integer ≥ 1, got ${args.maxWindows}`);
  const last = lastClosedWindow(args.now, args.windowSeconds).from.getTime();
  let start: number;
  if (args.lastEvaluated !== null) start = alignedStart(args.lastEvaluated.getTime(), ms) + ms;
  else if (args.firstActivity !== null) start = Math.min(alignedStart(args.firstActivity.getTime(), ms), last);
  else start = last;
  start = Math.max(start, last - (args.maxWindows - 1) * ms);
  const out: TimeWindow[] = [];
  for (let t = start; t <= last; t += ms) out.push(windowAt(t, ms));
  return out;
}
