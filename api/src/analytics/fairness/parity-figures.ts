// The disparity figures of one sensitive feature from its groups' metrics, as Fairlearn defines
// them (method "between_groups"):
//   demographic-parity difference = max − min selection rate over groups, ratio = min / max;
//   equalized-odds difference     = max(TPR max − min, FPR max − min)  (either alone when the
//                                   other is undefined in all but one group);
//   regression / ranking: the parity difference and ratio of the groups' mean predictions (ratio
//   only when every mean is ≥ 0 and one is > 0), the MAE difference (max − min), no odds.
// Only groups with at least `minGroupSize` rows count (labelled rows for TPR, FPR and MAE); a
// figure needs two such groups with the metric defined, else it is null. Pure.
import type { GroupMetrics } from "./group-metrics.js";

export interface ParityFigures {
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  truePositiveRateDifference: number | null;
  falsePositiveRateDifference: number | null;
  equalizedOddsDifference: number | null;
  meanAbsoluteErrorDifference: number | null;
}

function spread(values: ReadonlyArray<number | null>): { min: number; max: number } | null {
  const defined = values.filter((v): v is number => v !== null);
  if (defined.length < 2) return null;
  return { min: Math.min(...defined), max: Math.max(...defined) };
}

const difference = (s: { min: number; max: number } | null): number | null => (s === null ? null : s.max - s.min);

export function parityFigures(args: { groups: readonly GroupMetrics[]; regression: boolean; minGroupSize: number }): ParityFigures {
  const sized = args.groups.filter((g) => g.count >= args.minGroupSize);
  const labelled = args.groups.filter((g) => g.labeled >= args.minGroupSize);
  const mae = difference(spread(labelled.map((g) => g.meanAbsoluteError)));
  if (args.regression) {
    const means = spread(sized.map((g) => g.meanPrediction));
    const ratio = means !== null && means.min >= 0 && means.max > 0 ? means.min / means.max : null;
    return { demographicParityDifference: difference(means), demographicParityRatio: ratio, truePositiveRateDifference: null, falsePositiveRateDifference: null, equalizedOddsDifference: null, meanAbsoluteErrorDifference: mae };
  }
  const rates = spread(sized.map((g) => g.selectionRate));
  const tpr = difference(spread(labelled.map((g) => g.truePositiveRate)));
  const fpr = difference(spread(labelled.map((g) => g.falsePositiveRate)));
  const odds = tpr === null ? fpr : fpr === null ? tpr : Math.max(tpr, fpr);
  return {
    demographicParityDifference: difference(rates),
    demographicParityRatio: rates !== null && rates.max > 0 ? rates.min / rates.max : null,
    truePositiveRateDifference: tpr,
    falsePositiveRateDifference: fpr,
    equalizedOddsDifference: odds,
    meanAbsoluteErrorDifference: null,
  };
}
