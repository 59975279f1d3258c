// The forecast signal of a model's window: will the headline performance metric cross its
// threshold within FORECAST_HORIZON_WINDOWS windows? Holt's trend (analytics/forecast) over the
// metric's stored values in the windows before and this window's value. The signal's value is the
// number of windows until the forecast breach (horizon + 1 when none); breached when ≤ horizon.
// Pure.
import { forecastBreach } from "../forecast/holt-forecast.js";
import { LOWER_IS_BETTER } from "../performance/window-performance.js";
import type { Signal } from "./model-health.js";
import { windowMs, type TimeWindow } from "./time-window.js";

/** The forecast looks this many windows ahead, fitted on at most FORECAST_HISTORY_WINDOWS stored windows. */
export const FORECAST_HORIZON_WINDOWS = 24;
export const FORECAST_HISTORY_WINDOWS = 48;

/** The signal a forecast follows: the first performance signal with a threshold that is not breached yet (null: none). */
export function forecastTarget(performance: readonly Signal[]): (Signal & { threshold: number }) | null {
  const current = performance.find((s) => s.threshold !== null && !s.breached);
  return current && current.threshold !== null ? (current as Signal & { threshold: number }) : null;
}

/** The forecast signal for `target` in `window` given the model's earlier verdicts (oldest first); null when no forecast can be made. */
export function forecastSignal(args: { target: Signal & { threshold: number }; window: TimeWindow; history: ReadonlyArray<{ windowStart: Date; windowEnd: Date; signals: readonly Signal[] }> }): Signal | null {
  const { target, window } = args;
  const points = args.history
    .map((h) => ({ h, s: h.signals.find((x) => x.kind === target.kind && x.name === target.name) }))
    .filter((x): x is { h: (typeof args.history)[number]; s: Signal } => x.s !== undefined)
    .map((x) => ({ windowStart: x.h.windowStart.getTime(), windowEnd: x.h.windowEnd.getTime(), value: x.s.value }));
  points.push({ windowStart: window.from.getTime(), windowEnd: window.to.getTime(), value: target.value });
  const ms = windowMs(window);
  const result = forecastBreach({
    points,
    threshold: target.threshold,
    direction: LOWER_IS_BETTER.has(target.name) ? "above" : "below",
    horizonMs: FORECAST_HORIZON_WINDOWS * ms,
    windowMs: ms,
  });
  if (result.reason !== null) return null;
  const ahead = result.expectedBreachAt === null ? FORECAST_HORIZON_WINDOWS + 1 : Math.round((result.expectedBreachAt - window.to.getTime()) / ms);
  return { kind: "forecast", name: `${target.name} breach in windows`, value: ahead, threshold: FORECAST_HORIZON_WINDOWS, breached: ahead <= FORECAST_HORIZON_WINDOWS };
}
