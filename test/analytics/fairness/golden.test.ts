// Group metrics and disparity figures against NumPy on scikit-learn's breast-cancer dataset
// (test/fixtures/fairness/make-fairness-fixtures.py, Debian's python3): sensitive attributes derived
// from features — a categorical band of `mean texture`, `mean area` with declared bins, `mean
// smoothness` by quartiles — and a regression of `mean area` grouped by a band of `mean concavity`.
// Tolerance 1e-12 (relative for the regression's figures, in units of mean area ≈ 650).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAIRNESS_DEFAULTS, type FairnessPolicy } from "../../../api/src/analytics/fairness/fairness-policy.js";
import { featureFairness, type FairnessRow } from "../../../api/src/analytics/fairness/fairness-report.js";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/fairness/fairness.json", import.meta.url), "utf8"));
const TOL = 1e-12;

function close(actual: number | null, expected: number, scale = 1) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(TOL * Math.max(scale, Math.abs(expected)));
}

const policyFor = (c: any): FairnessPolicy => ({
  ...FAIRNESS_DEFAULTS,
  bins: c.binning === "DECLARED_BINS" ? [{ feature: c.feature, edges: c.edges }] : [],
  quantiles: c.quantiles ?? 4,
  favorableLabel: c.favorableLabel ?? "1",
  minGroupSize: 1,
  sensitiveFeatures: [c.feature],
});

const binaryRows: FairnessRow[] = fixture.binary.rows.map((r: any) => ({
  features: { texture_band: r.texture_band, area: r.area, smoothness: r.smoothness },
  score: r.score, predictedClass: null, probabilities: null, labelValue: r.label, labelClass: null,
}));

describe("fairness golden values (breast cancer, NumPy)", () => {
  const cases: Array<[string, any]> = fixture.binary.cases.map((c: any) => [`${c.feature} ${c.binning} favorable ${c.favorableLabel}`, c]);
  it.each(cases)("%s", (_name, c) => {
    const kind = c.binning === "CATEGORY" ? "CATEGORICAL" : "NUMERIC";
    const f = featureFairness({ task: "BINARY_CLASSIFICATION", feature: c.feature, kind, rows: binaryRows, policy: policyFor(c) });
    expect(f.binning).toBe(c.binning);
    if (c.edges) f.edges.forEach((e, i) => close(e, c.edges[i]));
    expect(f.groups.map((g) => g.group)).toEqual(c.groups.map((g: any) => g.group));
    f.groups.forEach((g, i) => {
      const e = c.groups[i];
      expect(g.count).toBe(e.count);
      expect(g.labeled).toBe(e.count);
      close(g.selectionRate, e.selectionRate);
      close(g.truePositiveRate, e.truePositiveRate);
      close(g.falsePositiveRate, e.falsePositiveRate);
      close(g.accuracy, e.accuracy);
    });
    close(f.demographicParityDifference, c.demographicParityDifference);
    close(f.demographicParityRatio, c.demographicParityRatio);
    close(f.truePositiveRateDifference, c.truePositiveRateDifference);
    close(f.falsePositiveRateDifference, c.falsePositiveRateDifference);
    close(f.equalizedOddsDifference, c.equalizedOddsDifference);
  });

  it("regression: mean prediction, mean error and MAE per group; parity and MAE differences", () => {
    const c = fixture.regression.case;
    const rows: FairnessRow[] = fixture.regression.rows.map((r: any) => ({
      features: { concavity_band: r.concavity_band }, score: r.prediction, predictedClass: null, probabilities: null, labelValue: r.label, labelClass: null,
    }));
    const f = featureFairness({ task: "REGRESSION", feature: c.feature, kind: "CATEGORICAL", rows, policy: policyFor(c) });
    expect(f.groups.map((g) => g.group)).toEqual(c.groups.map((g: any) => g.group));
    f.groups.forEach((g, i) => {
      const e = c.groups[i];
      expect(g.count).toBe(e.count);
      close(g.meanPrediction, e.meanPrediction);
      close(g.meanError, e.meanError, 100);
      close(g.meanAbsoluteError, e.meanAbsoluteError);
      expect(g.selectionRate).toBeNull();
    });
    close(f.demographicParityDifference, c.demographicParityDifference, 1000);
    close(f.demographicParityRatio, c.demographicParityRatio);
    close(f.meanAbsoluteErrorDifference, c.meanAbsoluteErrorDifference, 100);
    expect(f.equalizedOddsDifference).toBeNull();
  });
});
