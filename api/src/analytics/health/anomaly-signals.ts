// The anomaly signals of a model's window: per detector, the share of the window's predictions it
// finds anomalous, breached above ANOMALY_SHARE_THRESHOLD; and the seed the detectors of a reference
// use (the same reference always gives the same forest). Pure.
import { ANOMALY_SHARE_THRESHOLD, type DetectorRate } from "../anomaly/anomaly-rate.js";
import type { Signal } from "./model-health.js";
import type { TimeWindow } from "./time-window.js";

export function anomalyShareSignals(rates: readonly DetectorRate[]): Signal[] {
  return rates.map((r) => ({ kind: "anomaly", name: `${r.detector}_share`, value: r.share, threshold: ANOMALY_SHARE_THRESHOLD, breached: r.share > ANOMALY_SHARE_THRESHOLD }));
}

/** The detectors' seed for a reference: its start in whole seconds, folded into a positive 31-bit integer. */
export function anomalySeed(reference: TimeWindow): number {
  return Math.floor(reference.from.getTime() / 1000) % 2_147_483_647;
}
