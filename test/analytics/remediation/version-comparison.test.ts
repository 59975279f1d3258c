// compareVersions against scikit-learn (accuracy) and SciPy (ks_2samp) on the same samples
// (test/fixtures/remediation/make-remediation-golden.py), and its sentence.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareVersions } from "../../../api/src/analytics/remediation/version-comparison.js";

const golden = JSON.parse(readFileSync(new URL("../../fixtures/remediation/remediation-golden.json", import.meta.url), "utf8"));
const rows = (side: { speed: number[]; labels: number[]; scores: number[] }) =>
  side.speed.map((speed, i) => ({ score: side.scores[i]!, predictedClass: null, probabilities: null, labelValue: side.labels[i]!, labelClass: null, features: { speed } }));

describe("compareVersions", () => {
  const c = compareVersions({ task: "BINARY_CLASSIFICATION", features: ["speed"], before: { version: "3.1", rows: rows(golden.before) }, after: { version: "3.2", rows: rows(golden.after) } });

  it("computes each version's accuracy as scikit-learn does", () => {
    const accuracy = c.metrics.find((m) => m.metric === "accuracy")!;
    expect(accuracy.before).toBeCloseTo(golden.before.accuracy, 12);
    expect(accuracy.after).toBeCloseTo(golden.after.accuracy, 12);
    expect(accuracy.worse).toBe(true);
  });

  it.each([["speed"], ["prediction"]])("the KS statistic and p-value of %s equal SciPy's ks_2samp", (feature) => {
    const shift = c.shifts.find((s) => s.feature === feature)!;
    expect(shift.statistic).toBeCloseTo(golden.ks[feature].statistic, 10);
    expect(Math.abs(shift.pValue - golden.ks[feature].pValue)).toBeLessThanOrEqual(1e-6 * Math.max(golden.ks[feature].pValue, 1e-12) + 1e-15);
    expect(shift.drifted).toBe(golden.ks[feature].pValue < 0.01);
  });

  it("names the rollout, the metric that fell and the input that drifted", () => {
    expect(c.regressed).toBe(true);
    expect(c.sentence).toMatch(/^since 3\.2 went live, accuracy fell from 0\.92 to 0\.84/);
    expect(c.sentence).toContain("drift in speed (D = 0.28)");
    expect(c.sentence).not.toContain("drift in prediction");
    expect(c.before).toEqual({ version: "3.1", predictions: 400, labeled: 400 });
  });

  it("says nothing changed for two samples of the same version behaviour, and refuses comparing a version with itself", () => {
    const same = compareVersions({ task: "BINARY_CLASSIFICATION", features: ["speed"], before: { version: "a", rows: rows(golden.before) }, after: { version: "b", rows: rows(golden.before) } });
    expect(same.regressed).toBe(false);
    expect(same.sentence).toBe("since b went live, no metric or input changed");
    expect(() => compareVersions({ task: "REGRESSION", features: [], before: { version: "a", rows: [] }, after: { version: "a", rows: [] } })).toThrow(/both sides are version 'a'/);
  });
});
