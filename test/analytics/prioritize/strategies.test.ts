// Retraining prioritization strategies (issue 6, item 1; docs/retraining.md): the DISAGREEMENT
// acceptance bullet, hand-derived cases per strategy (tolerance 1e-12), COMBINED's rank fusion and
// near-duplicate suppression, and input errors. The value on real data is in value.test.ts.
import { describe, expect, it } from "vitest";
import {
  blame, type Candidate, combined, disagreement, drift, labelError, prioritize, type Prioritized, RRF_K,
  suppressNearDuplicates, uncertainty,
} from "../../../api/src/analytics/prioritize/prioritize.js";

const TOL = 12;

function cand(id: string, over: Partial<Candidate>): Candidate {
  return { id, task: "REGRESSION", score: null, predictedClass: null, probabilities: null, label: null, feedback: [], features: {}, ...over };
}
const rating = (id: string, score: number, value: number): Candidate => cand(id, { score, feedback: [{ value, class: null }] });
const binary = (id: string, score: number, label: number | null, over: Partial<Candidate> = {}): Candidate =>
  cand(id, { task: "BINARY_CLASSIFICATION", score, label: label === null ? null : { value: label, class: null }, ...over });
const multi = (id: string, probabilities: Record<string, number>, label: string | null, feedback: string[] = []): Candidate =>
  cand(id, {
    task: "MULTICLASS_CLASSIFICATION",
    probabilities,
    label: label === null ? null : { value: null, class: label },
    feedback: feedback.map((c) => ({ value: null, class: c })),
  });

function expectRanking(actual: Prioritized[], expected: Array<[string, number]>): void {
  expect(actual.map((r) => r.id)).toEqual(expected.map(([id]) => id));
  actual.forEach((r, i) => expect(r.priority).toBeCloseTo(expected[i]![1], TOL));
}

describe("DISAGREEMENT (acceptance)", () => {
  it("puts feedback 1.0 against a confident 4.6 above feedback 4.0 against 4.5, and says so", () => {
    const ranked = prioritize({ strategy: "DISAGREEMENT", candidates: [rating("near", 4.5, 4.0), rating("far", 4.6, 1.0)] });
    expect(ranked.map((r) => r.id)).toEqual(["far", "near"]);
    expect(ranked[0]!.priority).toBeGreaterThan(ranked[1]!.priority);
    expect(ranked[0]!.reasons).toEqual(["user rated 1.0, model predicted 4.6 (off by 3.6 = 72.0 standard deviations of the scores)"]);
    expect(ranked[1]!.reasons).toEqual(["user rated 4.0, model predicted 4.5 (off by 0.5 = 10.0 standard deviations of the scores)"]);
  });
});

describe("DISAGREEMENT, hand-derived", () => {
  const cases: Array<{ name: string; args: Parameters<typeof disagreement>[0]; expected: Array<[string, number]>; reasons?: Record<string, string[]> }> = [
    {
      // spread = population std of the scores (4.6, 4.5, 3.0) = sqrt(1.606667 / 3); priority z / (1 + z).
      name: "regression, default spread",
      args: { candidates: [rating("a", 4.6, 1.0), rating("b", 4.5, 4.0), cand("c", { score: 3 })] },
      expected: ((sd: number) => [["a", 3.6 / sd / (1 + 3.6 / sd)], ["b", 0.5 / sd / (1 + 0.5 / sd)]] as Array<[string, number]>)(
        Math.sqrt(((4.6 - 12.1 / 3) ** 2 + (4.5 - 12.1 / 3) ** 2 + (3 - 12.1 / 3) ** 2) / 3),
      ),
    },
    {
      name: "ranking, explicit spread 1, label and feedback (largest gap counts)",
      args: {
        spread: 1,
        candidates: [cand("r", { task: "RANKING", score: 2, label: { value: 3, class: null }, feedback: [{ value: 5, class: null }] }), cand("s", { task: "RANKING", score: 2, label: { value: 2, class: null } })],
      },
      expected: [["r", 3 / 4]],
      reasons: { r: ["label is 3.0, model predicted 2.0 (off by 1.0 = 1.0 standard deviations of the scores)", "user rated 5.0, model predicted 2.0 (off by 3.0 = 3.0 standard deviations of the scores)"] },
    },
    {
      // priority 2|y − p| − 1: 2·0.9 − 1 = 0.8; 2·0.7 − 1 = 0.4; |1 − 0.6| ≤ 0.5 agrees.
      name: "binary",
      args: { candidates: [binary("x", 0.9, 0), binary("y", 0.3, 1), binary("z", 0.6, 1), binary("w", 0.9, null)] },
      expected: [["x", 0.8], ["y", 0.4]],
      reasons: { x: ['labelled "0", model predicted "1" with high confidence (probability 0.9)'], y: ['labelled "1", model predicted "0" (probability 0.7)'] },
    },
    {
      name: "binary with class names and calibration (0.6 ↦ 0.95)",
      args: {
        binaryClasses: ["benign", "malignant"],
        calibrate: (s) => (s >= 0.5 ? 0.95 : 0.05),
        candidates: [binary("x", 0.6, null, { feedback: [{ value: null, class: "benign" }] })],
      },
      expected: [["x", 0.9]],
      reasons: { x: ['user said "benign", model predicted "malignant" with high confidence (probability 0.95)'] },
    },
    {
      // priority p_top − p_observed: 0.7 − 0.2; max(0.7 − 0.1, 0.7 − 0.2).
      name: "multiclass",
      args: { candidates: [multi("m1", { a: 0.7, b: 0.2, c: 0.1 }, "b", ["a"]), multi("m2", { a: 0.7, b: 0.2, c: 0.1 }, "c", ["b"]), multi("m3", { a: 0.9, b: 0.1 }, "a")] },
      expected: [["m2", 0.6], ["m1", 0.5]],
      reasons: { m2: ['labelled "c", model predicted "a" (probability 0.7; "c" 0.1)', 'user said "b", model predicted "a" (probability 0.7; "b" 0.2)'] },
    },
  ];
  it.each(cases)("$name", ({ args, expected, reasons }) => {
    const ranked = disagreement(args);
    expectRanking(ranked, expected);
    for (const [id, rs] of Object.entries(reasons ?? {})) expect(ranked.find((r) => r.id === id)!.reasons).toEqual(rs);
  });
});

describe("UNCERTAINTY, hand-derived", () => {
  const cases: Array<{ name: string; args: Parameters<typeof uncertainty>[0]; expected: Array<[string, number]> }> = [
    { name: "binary, boundary 0.5", args: { candidates: [binary("b0", 0.75, null), binary("b1", 0.5, null), binary("b2", 1, null)] }, expected: [["b1", 1], ["b0", 0.5]] },
    // 1 − |p − 0.3| / 0.7: p = 0.65 → 0.5; p = 0.3 → 1; p = 0 → 1 − 0.3/0.7.
    { name: "binary, threshold 0.3", args: { threshold: 0.3, candidates: [binary("b0", 0.65, null), binary("b1", 0.3, null), binary("b2", 0, null)] }, expected: [["b1", 1], ["b2", 1 - 0.3 / 0.7], ["b0", 0.5]] },
    {
      name: "multiclass normalised entropy; one class and regression do not apply",
      args: { candidates: [multi("u", { a: 0.25, b: 0.25, c: 0.25, d: 0.25 }, null), multi("h", { a: 0.5, b: 0.5, c: 0 }, null), multi("one", { a: 1 }, null), rating("r", 3, 3)] },
      expected: [["u", 1], ["h", Math.log(2) / Math.log(3)]],
    },
  ];
  it.each(cases)("$name", ({ args, expected }) => expectRanking(uncertainty(args), expected));
});

describe("LABEL_ERROR, hand-derived", () => {
  it("binary: thresholds t_1 = (0.9 + 0.8 + 0.1) / 3, t_0 = (0.8 + 1 + 0.3) / 3 = 0.7", () => {
    const candidates = [binary("s1", 0.9, 1), binary("s2", 0.8, 1), binary("s3", 0.1, 1), binary("s4", 0.2, 0), binary("s5", 0, 0), binary("s6", 0.7, 0)];
    // s3: p_1 = 0.1 < 0.6, p_0 = 0.9 ≥ 0.7, m = 0.8 → 0.5 + 0.5·1.8/2; s6: p_0 = 0.3 < 0.7, p_1 = 0.7 ≥ 0.6, m = 0.4.
    const ranked = labelError({ candidates });
    expectRanking(ranked, [["s3", 0.95], ["s6", 0.85]]);
    expect(ranked[0]!.reasons[0]).toBe('labelled "1", but the model gives "0" probability 0.9 (≥ its class threshold 0.7) and "1" only 0.1 (< 0.6): likely label error, review before training');
  });
  it("multiclass with a reference: flagged first, then weaker suspects; a class without threshold is never confident", () => {
    const reference = [multi("r1", { a: 0.8, b: 0.1, c: 0.1 }, "a"), multi("r2", { a: 0.6, b: 0.3, c: 0.1 }, "a"), multi("r3", { a: 0.1, b: 0.8, c: 0.1 }, "b")];
    // t_a = 0.7, t_b = 0.8, no t_c.
    const candidates = [
      multi("x1", { a: 0.1, b: 0.85, c: 0.05 }, "a"), // flagged, m = 0.75
      multi("x2", { a: 0.3, b: 0.5, c: 0.2 }, "a"), // b below t_b: suspect, m = 0.2
      multi("x3", { a: 0.75, b: 0.2, c: 0.05 }, "b"), // flagged, m = 0.55
      multi("x4", { a: 0.2, b: 0.1, c: 0.7 }, "c"), // no threshold for c, c is the favourite
      multi("x5", { a: 0.9, b: 0.05, c: 0.05 }, "a"),
      multi("x6", { a: 0.9, b: 0.05, c: 0.05 }, null),
    ];
    const ranked = labelError({ candidates, reference });
    expectRanking(ranked, [["x1", 0.5 + 0.5 * (1.75 / 2)], ["x3", 0.5 + 0.5 * (1.55 / 2)], ["x2", 0.1]]);
    expect(ranked[2]!.reasons[0]).toContain("not confidently: possible label error, review before training");
  });
  it("calibration changes thresholds and margins", () => {
    const candidates = [binary("s1", 0.55, 1), binary("s2", 0.45, 1), binary("s3", 0.6, 0)];
    // raw: t_1 = 0.5, t_0 = 0.4. s2 flagged (0.45 < 0.5, p_0 0.55 ≥ 0.4), m = 0.1; s3 not (p_0 = 0.4 = t_0),
    // a suspect with m = 0.6 − 0.4.
    expectRanking(labelError({ candidates }), [["s2", 0.5 + 0.5 * (1.1 / 2)], ["s3", 0.1]]);
    // calibrated: 0.55, 0.6 ↦ 0.9, 0.45 ↦ 0.1. t_1 = 0.5, t_0 = 0.1: s2 flagged with m = 0.8; s3 a suspect with m = 0.8.
    const ranked = labelError({ candidates, calibrate: (s) => (s >= 0.5 ? 0.9 : 0.1) });
    expectRanking(ranked, [["s2", 0.5 + 0.5 * (1.8 / 2)], ["s3", 0.4]]);
  });
});

describe("DRIFT and BLAME, hand-derived", () => {
  const d = (id: string, inDriftedRegion: boolean, reconstructionError?: number): Candidate =>
    cand(id, { drift: reconstructionError === undefined ? { inDriftedRegion } : { inDriftedRegion, reconstructionError } });
  const candidates = [d("d1", false, 1), d("d2", true, 2), d("d3", false, 3), d("d4", false, 4), d("d5", true), cand("d6", {})];
  const cases: Array<{ name: string; args: Parameters<typeof drift>[0]; expected: Array<[string, number]> }> = [
    // percentiles 0.25, 0.5, 0.75, 1; high = q ≥ 0.9 → only d4.
    { name: "default: top 10% errors", args: { candidates }, expected: [["d2", 0.75], ["d4", 0.5], ["d5", 0.5]] },
    { name: "error threshold 2.5", args: { candidates, reconstructionErrorThreshold: 2.5 }, expected: [["d2", 0.75], ["d4", 0.5], ["d5", 0.5], ["d3", 0.375]] },
  ];
  it.each(cases)("DRIFT $name", ({ args, expected }) => expectRanking(drift(args), expected));
  it("DRIFT reasons", () => {
    expect(drift({ candidates }).find((r) => r.id === "d4")!.reasons).toEqual(["reconstruction error 4.0 is high (percentile 100 of the batch)"]);
    expect(drift({ candidates }).find((r) => r.id === "d2")!.reasons).toEqual(["in a region of the feature space that drifted"]);
  });
  it("BLAME: blamed samples only, priority 1", () => {
    const ranked = blame({ candidates: [cand("b", { blamed: true }), cand("a", { blamed: false }), cand("c", {}), cand("a2", { blamed: true })] });
    expectRanking(ranked, [["a2", 1], ["b", 1]]);
    expect(ranked[0]!.reasons).toEqual(["its model is a root cause of an open incident"]);
  });
});

describe("COMBINED: reciprocal rank fusion", () => {
  const candidates = [
    cand("A", { score: 4.6, feedback: [{ value: 1, class: null }], features: { x: 0 } }),
    cand("B", { score: 4.5, feedback: [{ value: 4, class: null }], features: { x: 10 } }),
    cand("C", { score: 4.0, blamed: true, features: { x: 20 } }),
  ];
  const cases: Array<{ name: string; args: Parameters<typeof combined>[0]; expected: Array<[string, number]> }> = [
    // A: 1/61, C: 1/61, B: 1/62 over the maximum 2/61.
    { name: "equal weights", args: { candidates, strategies: ["DISAGREEMENT", "BLAME"] }, expected: [["A", 0.5], ["C", 0.5], ["B", 61 / 124]] },
    { name: "BLAME weighted 2", args: { candidates, strategies: ["DISAGREEMENT", "BLAME"], weights: { BLAME: 2 } }, expected: [["C", 2 / 3], ["A", 1 / 3], ["B", 61 / (62 * 3)]] },
    { name: "k = 0", args: { candidates, strategies: ["DISAGREEMENT", "BLAME"], rrfK: 0 }, expected: [["A", 0.5], ["C", 0.5], ["B", 0.25]] },
    { name: "first 2, all strategies", args: { candidates, first: 2 }, expected: [["A", 1 / (RRF_K + 1) / (5 / (RRF_K + 1))], ["C", 0.2]] },
  ];
  it.each(cases)("$name", ({ args, expected }) => expectRanking(combined(args), expected));
  it("prefixes the strategies' reasons with their name and rank", () => {
    const ranked = prioritize({ strategy: "COMBINED", candidates, strategies: ["DISAGREEMENT", "BLAME"] });
    expect(ranked.find((r) => r.id === "C")!.reasons).toEqual(["BLAME #1: its model is a root cause of an open incident"]);
    expect(ranked.find((r) => r.id === "B")!.reasons[0]).toMatch(/^DISAGREEMENT #2: user rated 4.0, model predicted 4.5/);
  });
});

describe("near-duplicate suppression", () => {
  const candidates = [
    cand("p", { features: { x: 0, y: 0, kind: "u" } }),
    cand("q", { features: { x: 0.01, y: 0, kind: "v" } }),
    cand("r", { features: { x: 10, y: 10 } }),
    cand("s", { features: { x: 0, y: 0 } }),
    cand("t", { features: { other: "only a string" } }),
  ];
  const ranked: Prioritized[] = ["p", "q", "r", "s", "t"].map((id, i) => ({ id, priority: 1 - i / 10, reasons: [] }));
  const cases: Array<{ name: string; epsilon?: number; first?: number; kept: string[] }> = [
    { name: "default ε = 0.1 skips q (≈0.001 sd away) and s (identical)", kept: ["p", "r", "t"] },
    { name: "ε = 0 skips exact duplicates only", epsilon: 0, kept: ["p", "q", "r", "t"] },
    { name: "large ε keeps one per cluster; no shared feature is never a duplicate", epsilon: 100, kept: ["p", "t"] },
    { name: "first stops early", first: 2, kept: ["p", "r"] },
  ];
  it.each(cases)("$name", ({ epsilon, first, kept }) => {
    expect(suppressNearDuplicates({ ranked, candidates, epsilon, first }).map((r) => r.id)).toEqual(kept);
  });
  it("the kept sample says what it stands for", () => {
    expect(suppressNearDuplicates({ ranked, candidates }).find((r) => r.id === "p")!.reasons).toEqual([
      "stands for 2 near-duplicate samples skipped for diversity (q, s)",
    ]);
  });
  it("COMBINED returns a diverse batch", () => {
    const dupes = [0, 1, 2, 3].map((i) => rating(`dup${i}`, 4.6, 1.0)).map((c) => ({ ...c, features: { x: 1, y: 2 } }));
    const other = { ...rating("other", 4.0, 3.0), features: { x: 5, y: -1 } };
    const batch = prioritize({ strategy: "COMBINED", candidates: [...dupes, other], first: 2 });
    expect(batch.map((r) => r.id)).toEqual(["dup0", "other"]);
  });
});

describe("input errors", () => {
  const ok = [rating("a", 1, 2)];
  const cases: Array<{ name: string; run: () => unknown; message: RegExp }> = [
    { name: "candidates not an array", run: () => disagreement({ candidates: null as never }), message: /candidates must be an array/ },
    { name: "duplicate id", run: () => drift({ candidates: [cand("a", {}), cand("a", {})] }), message: /duplicate candidate id "a"/ },
    { name: "empty id", run: () => blame({ candidates: [cand("", {})] }), message: /id must be a non-empty string/ },
    { name: "unknown task", run: () => uncertainty({ candidates: [cand("a", { task: "CLUSTERING" as never })] }), message: /unknown task CLUSTERING/ },
    { name: "NaN score", run: () => disagreement({ candidates: [cand("a", { score: NaN })] }), message: /score must be a finite number or null/ },
    { name: "probability out of [0, 1]", run: () => uncertainty({ candidates: [multi("a", { x: 1.5 }, null)] }), message: /probability of "x" must be a number in \[0, 1\]/ },
    { name: "binary score not a probability", run: () => uncertainty({ candidates: [binary("a", 1.2, null)] }), message: /binary score must be a probability/ },
    { name: "calibrate returns NaN", run: () => labelError({ candidates: [binary("a", 0.5, 1)], calibrate: () => NaN }), message: /after calibrate must be a probability/ },
    { name: "binary label 2", run: () => disagreement({ candidates: [binary("a", 0.5, 2)] }), message: /must be 0 or 1, got 2/ },
    { name: "unknown binary class", run: () => disagreement({ candidates: [binary("a", 0.5, null, { label: { value: null, class: "cat" } })] }), message: /class "cat" is neither "0" nor "1"/ },
    { name: "binaryClasses equal", run: () => disagreement({ candidates: ok, binaryClasses: ["x", "x"] }), message: /binaryClasses must be two different class names/ },
    { name: "negative reconstruction error", run: () => drift({ candidates: [cand("a", { drift: { inDriftedRegion: false, reconstructionError: -1 } })] }), message: /reconstructionError must be a finite number ≥ 0/ },
    { name: "spread 0", run: () => disagreement({ candidates: ok, spread: 0 }), message: /spread must be a finite number > 0/ },
    { name: "threshold 1", run: () => uncertainty({ candidates: ok, threshold: 1 }), message: /threshold must be in \(0, 1\)/ },
    { name: "highErrorQuantile 0", run: () => drift({ candidates: ok, highErrorQuantile: 0 }), message: /highErrorQuantile must be in \(0, 1\]/ },
    { name: "first −1", run: () => prioritize({ strategy: "BLAME", candidates: ok, first: -1 }), message: /first must be an integer ≥ 0/ },
    { name: "first 1.5", run: () => prioritize({ strategy: "COMBINED", candidates: ok, first: 1.5 }), message: /first must be an integer ≥ 0/ },
    { name: "unknown strategy", run: () => prioritize({ strategy: "RANDOM" as never, candidates: ok }), message: /unknown strategy RANDOM/ },
    { name: "COMBINED of COMBINED", run: () => combined({ candidates: ok, strategies: ["COMBINED" as never] }), message: /COMBINED cannot fuse strategy COMBINED/ },
    { name: "repeated strategy", run: () => combined({ candidates: ok, strategies: ["BLAME", "BLAME"] }), message: /strategies must not repeat/ },
    { name: "negative weight", run: () => combined({ candidates: ok, weights: { DRIFT: -1 } }), message: /weight of DRIFT must be a finite number ≥ 0/ },
    { name: "all weights 0", run: () => combined({ candidates: ok, strategies: ["BLAME"], weights: { BLAME: 0 } }), message: /at least one strategy needs a positive weight/ },
    { name: "negative rrfK", run: () => combined({ candidates: ok, rrfK: -1 }), message: /rrfK must be a finite number ≥ 0/ },
    { name: "negative epsilon", run: () => combined({ candidates: ok, epsilon: -0.1 }), message: /epsilon must be a finite number ≥ 0/ },
    { name: "ranked id unknown", run: () => suppressNearDuplicates({ ranked: [{ id: "zz", priority: 1, reasons: [] }], candidates: ok }), message: /ranked id "zz" is not among the candidates/ },
  ];
  it.each(cases)("$name", ({ run, message }) => {
    expect(run).toThrow(/^analytics\/prioritize: /);
    expect(run).toThrow(message);
  });
});
