// Fairness signals (the four-fifths rule by default, optional difference and odds limits), the
// groups that count (minGroupSize), missing values, and the policy checks naming the field.
import { describe, expect, it } from "vitest";
import { FAIRNESS_DEFAULTS, fairnessPolicyProblem, type FairnessPolicy } from "../../../api/src/analytics/fairness/fairness-policy.js";
import { fairnessReport, type FairnessRow } from "../../../api/src/analytics/fairness/fairness-report.js";
import { fairnessSignals } from "../../../api/src/analytics/fairness/fairness-signals.js";
import { quantileEdges, sensitiveGroups } from "../../../api/src/analytics/fairness/sensitive-groups.js";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";

const policy = (over: Partial<FairnessPolicy> = {}): FairnessPolicy => ({ ...FAIRNESS_DEFAULTS, bins: [], sensitiveFeatures: ["group"], ...over });

/** 2,000 rows in groups A and B; P(predicted 1) = rateA / rateB; labels equal to predictions 90% of the time. */
function rows(rateA: number, rateB: number, seed: number): FairnessRow[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: 2000 }, (_, i) => {
    const group = i % 2 === 0 ? "A" : "B";
    const p = rnd() < (group === "A" ? rateA : rateB) ? 1 : 0;
    const label = rnd() < 0.9 ? p : 1 - p;
    return { features: { group }, score: p === 1 ? 0.8 : 0.2, predictedClass: null, probabilities: null, labelValue: label, labelClass: null };
  });
}

const kinds = new Map([["group", "CATEGORICAL"]]);

describe("fairness signals", () => {
  it("a planted unfair model breaches the four-fifths rule; a fair one does not", () => {
    const unfair = fairnessSignals({ policy: policy(), report: fairnessReport({ task: "BINARY_CLASSIFICATION", policy: policy(), kinds, rows: rows(0.6, 0.3, 1) }) });
    expect(unfair).toHaveLength(1);
    expect(unfair[0]).toMatchObject({ kind: "fairness", name: "group.demographic_parity_ratio", threshold: 0.8, breached: true });
    expect(unfair[0]!.value).toBeLessThan(0.6);
    const fair = fairnessSignals({ policy: policy(), report: fairnessReport({ task: "BINARY_CLASSIFICATION", policy: policy(), kinds, rows: rows(0.5, 0.5, 2) }) });
    expect(fair).toHaveLength(1);
    expect(fair[0]!.breached).toBe(false);
  });

  it("difference and equalized-odds limits when set", () => {
    const p = policy({ minParityRatio: null, maxParityDifference: 0.1, maxEqualizedOddsDifference: 0.5 });
    const s = fairnessSignals({ policy: p, report: fairnessReport({ task: "BINARY_CLASSIFICATION", policy: p, kinds, rows: rows(0.6, 0.3, 3) }) });
    expect(s.map((x) => [x.name, x.breached])).toEqual([["group.demographic_parity_difference", true], ["group.equalized_odds_difference", false]]);
  });

  it("groups smaller than minGroupSize are shown but do not count; no figure, no signal", () => {
    const few = rows(0.6, 0.3, 4).slice(0, 40);
    const report = fairnessReport({ task: "BINARY_CLASSIFICATION", policy: policy(), kinds, rows: few });
    expect(report.features[0]!.groups.map((g) => g.count)).toEqual([20, 20]);
    expect(report.features[0]!.demographicParityRatio).toBeNull();
    expect(fairnessSignals({ policy: policy(), report })).toEqual([]);
  });

  it("missing values form their own group, listed last", () => {
    const g = sensitiveGroups({ values: ["b", null, "a", 3, undefined], kind: "CATEGORICAL", edges: null, quantiles: 4 });
    expect(g.order).toEqual(["3", "a", "b", "(missing)"]);
    const n = sensitiveGroups({ values: [1, 2, "x", 3, 4], kind: "NUMERIC", edges: [2.5], quantiles: 4 });
    expect(n.groups).toEqual(["< 2.5", "< 2.5", "(missing)", ">= 2.5", ">= 2.5"]);
  });

  it("multiclass: the favorable class one-vs-rest (predictedClass, else the most probable class)", () => {
    const row = (group: string, predicted: string | null, probabilities: Record<string, number> | null, label: string): FairnessRow => ({
      features: { group }, score: null, predictedClass: predicted, probabilities, labelValue: null, labelClass: label,
    });
    const rowsMc = [row("A", "gold", null, "gold"), row("A", null, { gold: 0.7, silver: 0.3 }, "silver"), row("B", "silver", null, "gold"), row("B", "bronze", null, "bronze")];
    const p = policy({ favorableLabel: "gold", minGroupSize: 1 });
    const [f] = fairnessReport({ task: "MULTICLASS_CLASSIFICATION", policy: p, kinds, rows: rowsMc }).features;
    expect(f!.groups.map((g) => [g.group, g.selectionRate, g.truePositiveRate, g.falsePositiveRate, g.accuracy])).toEqual([["A", 1, 1, 1, 0.5], ["B", 0, 0, 0, 0.5]]);
    expect(f!.demographicParityRatio).toBe(0);
    expect(f!.equalizedOddsDifference).toBe(1);
  });

  it("quantile edges follow numpy.quantile (linear) and merge equal cut points", () => {
    expect(quantileEdges({ values: [1, 2, 3, 4, 5], quantiles: 4 })).toEqual([2, 3, 4]);
    expect(quantileEdges({ values: [1, 1, 1, 1, 9], quantiles: 4 })).toEqual([1]);
  });
});

describe("fairness policy checks", () => {
  const features = [{ name: "group", kind: "CATEGORICAL" }, { name: "age", kind: "NUMERIC" }, { name: "old", kind: "CATEGORICAL", deprecated: true }];
  it.each([
    ["no sensitive feature", { sensitiveFeatures: [] }, "sensitiveFeatures"],
    ["undeclared feature", { sensitiveFeatures: ["nope"] }, "sensitiveFeatures"],
    ["deprecated feature", { sensitiveFeatures: ["old"] }, "sensitiveFeatures"],
    ["named twice", { sensitiveFeatures: ["group", "group"] }, "sensitiveFeatures"],
    ["ratio above 1", { minParityRatio: 1.5 }, "minParityRatio"],
    ["ratio 0", { minParityRatio: 0 }, "minParityRatio"],
    ["negative difference", { maxParityDifference: -0.1 }, "maxParityDifference"],
    ["odds above 1", { maxEqualizedOddsDifference: 2 }, "maxEqualizedOddsDifference"],
    ["binary favorable label", { favorableLabel: "yes" }, "favorableLabel"],
    ["bins of a categorical", { bins: [{ feature: "group", edges: [1] }] }, "bins"],
    ["bins not sensitive", { sensitiveFeatures: ["group"], bins: [{ feature: "age", edges: [1] }] }, "bins"],
    ["bins not increasing", { sensitiveFeatures: ["age"], bins: [{ feature: "age", edges: [3, 3] }] }, "bins"],
    ["quantiles 1", { quantiles: 1 }, "quantiles"],
    ["minGroupSize 0", { minGroupSize: 0 }, "minGroupSize"],
  ] as const)("%s → %s", (_name, over, field) => {
    expect(fairnessPolicyProblem({ policy: policy(over as Partial<FairnessPolicy>), features, task: "BINARY_CLASSIFICATION" })?.field).toBe(field);
  });

  it("a valid policy has no problem", () => {
    const p = policy({ sensitiveFeatures: ["group", "age"], bins: [{ feature: "age", edges: [30, 60] }], maxParityDifference: 0.2 });
    expect(fairnessPolicyProblem({ policy: p, features, task: "BINARY_CLASSIFICATION" })).toBeNull();
  });
});
