// The fairness health signals of a window (kind "fairness", one per sensitive feature and limit
// set in the policy), named `<feature>.<figure>`:
//   <feature>.demographic_parity_ratio        breached when below minParityRatio (default 0.8:
//                                             the four-fifths rule)
//   <feature>.demographic_parity_difference   breached when above maxParityDifference
//   <feature>.equalized_odds_difference       breached when above maxEqualizedOddsDifference
// A figure that is undefined (fewer than two groups large enough) gives no signal. Pure.
import type { Signal } from "../health/model-health.js";
import type { FairnessPolicy } from "./fairness-policy.js";
import type { FairnessReport } from "./fairness-report.js";

export const FAIRNESS_FIGURES = ["demographic_parity_ratio", "demographic_parity_difference", "equalized_odds_difference"] as const;
export type FairnessFigure = (typeof FAIRNESS_FIGURES)[number];

interface Limit {
  figure: FairnessFigure;
  threshold: number | null;
  value: (f: FairnessReport["features"][number]) => number | null;
  lowerIsWorse: boolean;
}

function limits(policy: FairnessPolicy): Limit[] {
  return [
    { figure: "demographic_parity_ratio", threshold: policy.minParityRatio, value: (f) => f.demographicParityRatio, lowerIsWorse: true },
    { figure: "demographic_parity_difference", threshold: policy.maxParityDifference, value: (f) => f.demographicParityDifference, lowerIsWorse: false },
    { figure: "equalized_odds_difference", threshold: policy.maxEqualizedOddsDifference, value: (f) => f.equalizedOddsDifference, lowerIsWorse: false },
  ];
}

export function fairnessSignals(args: { policy: FairnessPolicy; report: FairnessReport }): Signal[] {
  const out: Signal[] = [];
  for (const feature of args.report.features) {
    for (const limit of limits(args.policy)) {
      const value = limit.value(feature);
      if (limit.threshold === null || value === null) continue;
      const breached = limit.lowerIsWorse ? value < limit.threshold : value > limit.threshold;
      out.push({ kind: "fairness", name: `${feature.feature}.${limit.figure}`, value, threshold: limit.threshold, breached });
    }
  }
  return out;
}
