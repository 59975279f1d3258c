// The dashboard's time windows, the one home of their arithmetic in web/ (the API's is
// api/src/analytics/health/time-window.ts; web/ may import only web/). A system's windows tumble:
// [k·w, (k+1)·w) aligned to the Unix epoch in UTC, w = the system's window length. Instants and
// lengths are epoch milliseconds; pure: "now" is an argument.

/** The length in ms of a window of `windowSeconds`. */
export function windowLengthMs(windowSeconds: number): number {
  return windowSeconds * 1000;
}

/** Start of the window holding the instant `t` (at a boundary: the window that starts there). */
export function alignToWindow(t: number, windowMs: number): number {
  return Math.floor(t / windowMs) * windowMs;
}

/** The first window boundary strictly after `t`: the end of the window holding `t`. */
export function nextBoundary(t: number, windowMs: number): number {
  return alignToWindow(t, windowMs) + windowMs;
}

/** End of the window holding the instant just before `t` (`t` itself when it is a boundary). */
export function endOfWindowBefore(t: number, windowMs: number): number {
  return Math.ceil(t / windowMs) * windowMs;
}

/** Start of the window right before the one starting at `start`. */
export function previousWindowStart(start: number, windowMs: number): number {
  return start - windowMs;
}

/** End of the last window that closed at or before `now` (the start of the window still filling). */
export function lastClosedWindowEnd(now: number, windowMs: number): number {
  return alignToWindow(now, windowMs);
}

/** Whether `t` is a window boundary (a window's start, the end of the one before). */
export function isWindowBoundary(t: number, windowMs: number): boolean {
  return Number.isFinite(t) && windowMs > 0 && alignToWindow(t, windowMs) === t;
}
