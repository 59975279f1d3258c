// Tumbling windows of a system: [k·w, (k+1)·w) aligned to the epoch, w = the system's window
// length. Which window an instant belongs to, the last one that closed, and which closed windows
// the background evaluator still owes a verdict after an outage (catch-up). Pure: "now" is an
// argument.

export interface Window {
  from: Date;
  to: Date;
}

function windowMs(windowSeconds: number, who: string): number {
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) throw new Error(`analytics/time-window: ${who}: windowSeconds must be a positive integer, got ${windowSeconds}`);
  return windowSeconds * 1000;
}

function windowFrom(startMs: number, ms: number): Window {
  return { from: new Date(startMs), to: new Date(startMs + ms) };
}

/** The window containing the instant just before `at` (at a boundary: the window that just ended). */
export function windowBefore(at: Date, windowSeconds: number): Window {
  const ms = windowMs(windowSeconds, "windowBefore");
  return windowFrom(Math.floor((at.getTime() - 1) / ms) * ms, ms);
}

/** The last window that ended at or before `now`. */
export function lastClosedWindow(now: Date, windowSeconds: number): Window {
  const ms = windowMs(windowSeconds, "lastClosedWindow");
  return windowFrom(Math.floor(now.getTime() / ms) * ms - ms, ms);
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
export function windowsToCatchUp(args: { now: Date; windowSeconds: number; lastEvaluated: Date | null; firstActivity: Date | null; maxWindows: number }): Window[] {
  const ms = windowMs(args.windowSeconds, "windowsToCatchUp");
  if (!Number.isInteger(args.maxWindows) || args.maxWindows < 1) throw new Error(`analytics/time-window: windowsToCatchUp: maxWindows must be an integer ≥ 1, got ${args.maxWindows}`);
  const last = lastClosedWindow(args.now, args.windowSeconds).from.getTime();
  const floor = (d: Date) => Math.floor(d.getTime() / ms) * ms;
  let start: number;
  if (args.lastEvaluated !== null) start = floor(args.lastEvaluated) + ms;
  else if (args.firstActivity !== null) start = Math.min(floor(args.firstActivity), last);
  else start = last;
  start = Math.max(start, last - (args.maxWindows - 1) * ms);
  const out: Window[] = [];
  for (let t = start; t <= last; t += ms) out.push(windowFrom(t, ms));
  return out;
}
