// The clock of a demo system: where window 0 lies, how many history windows precede the live
// stream and when the fault begins. It is written into the system's description so that a restarted
// demo resumes the same timeline. The demo's one home of window arithmetic (the demo may import only
// its own files, so not api/src/analytics/health/time-window.ts; the same epoch-aligned windows).
import { iso } from "./demo-data.js";

/** The clock a demo system was created with, written into its description so that a restart resumes it. */
export interface DemoClock {
  /** Start of window 0 (the first history window), ms. */
  anchor: number;
  historyWindows: number;
  faultAfterSeconds: number;
}

/** A new clock: window 0 starts `historyWindows` windows before the epoch-aligned window holding `nowMs`. */
export function newClock(args: { nowMs: number; windowSeconds: number; historyWindows: number; faultAfterSeconds: number }): DemoClock {
  const windowMs = args.windowSeconds * 1000;
  const current = Math.floor(args.nowMs / windowMs) * windowMs;
  return { anchor: current - args.historyWindows * windowMs, historyWindows: args.historyWindows, faultAfterSeconds: args.faultAfterSeconds };
}

export function describeClock(clock: DemoClock): string {
  return `[demo clock: window 0 at ${iso(clock.anchor)}; ${clock.historyWindows} history windows; fault after ${clock.faultAfterSeconds} s]`;
}

export function parseClock(description: string | null | undefined): DemoClock | null {
  const m = /\[demo clock: window 0 at (\S+); (\d+) history windows; fault after (\d+) s\]/.exec(description ?? "");
  if (!m) return null;
  const anchor = Date.parse(m[1]!);
  return Number.isFinite(anchor) ? { anchor, historyWindows: Number(m[2]), faultAfterSeconds: Number(m[3]) } : null;
}

/** Index of the first window of the fault: the first window that starts at least faultAfterSeconds into the live stream. */
export function faultIndexOf(clock: DemoClock, windowSeconds: number): number {
  return clock.historyWindows + Math.ceil(clock.faultAfterSeconds / windowSeconds);
}
