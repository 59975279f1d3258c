// Weak slices, planted truth and the null (issue 15, acceptance): a model whose error is raised
// only in one category × numeric-bin slice (5% of the rows) has that slice first; on windows where
// the error does not depend on the features, no slice is reported in ≥ 95% of 200 windows.
// Seeded simulations (mulberry32). The simulation shares the method's assumption that rows are
// independent; its features are independent of each other.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";
import { encodeSliceFeatures, type SliceFeatureInput } from "../../../api/src/analytics/slices/slice-features.js";
import { findWeakSlices } from "../../../api/src/analytics/slices/weak-slices.js";

const REGIONS = ["north", "south", "east", "west"];
const DEVICES = ["ios", "android", "web"];
const PLANS = ["free", "pro", "team", "enterprise", "trial"];

interface Window {
  features: SliceFeatureInput[];
  /** Rows in the planted slice: region "east" and age in the top reference quintile. */
  planted: boolean[];
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function simulate(random: () => number, n: number): Window {
  const col = (f: () => unknown) => Array.from({ length: n }, f);
  const region = col(() => REGIONS[Math.floor(random() * 4)]!);
  const age = col(() => 40 + 12 * normal(random));
  const features: SliceFeatureInput[] = [
    { name: "region", kind: "CATEGORICAL", values: region },
    { name: "device", kind: "CATEGORICAL", values: col(() => DEVICES[Math.floor(random() * 3)]!) },
    { name: "plan", kind: "CATEGORICAL", values: col(() => PLANS[Math.floor(random() * 5)]!) },
    { name: "age", kind: "NUMERIC", values: age },
    { name: "income", kind: "NUMERIC", values: col(() => Math.exp(10 + 0.5 * normal(random))) },
    { name: "tenure", kind: "NUMERIC", values: col(() => random() * 60) },
  ];
  // The top quintile of N(40, 12²) starts at 40 + 12 · 0.8416.
  const planted = region.map((r, i) => r === "east" && (age[i] as number) >= 40 + 12 * 0.8416212335729143);
  return { features, planted };
}

function withReference(window: Window, reference: Window): SliceFeatureInput[] {
  return window.features.map((f, i) => ({ ...f, reference: reference.features[i]!.values }));
}

describe("planted truth: error raised only in region = east × top age bin (5% of rows)", () => {
  const random = seededRandom(1501);
  const reference = simulate(random, 5000);

  it.each([
    ["classification, error 10% → 30%, 4,000 rows", "FISHER", 4000],
    ["classification, error 10% → 30%, 20,000 rows", "FISHER", 20000],
    ["regression, |error| ~ |N(0, 1)| → |N(0, 1.6²)|, 4,000 rows", "WELCH", 4000],
  ] as const)("%s: that slice is first", (_name, test, n) => {
    const window = simulate(random, n);
    const loss = window.planted.map((inSlice) =>
      test === "FISHER" ? (random() < (inSlice ? 0.3 : 0.1) ? 1 : 0) : Math.abs(normal(random) * (inSlice ? 1.6 : 1)),
    );
    const result = findWeakSlices({ features: encodeSliceFeatures({ features: withReference(window, reference) }), loss, test });
    const first = result.slices[0]!;
    expect(first.conditions.map((c) => c.feature)).toEqual(["region", "age"]);
    expect(first.conditions[0]!.category).toBe("east");
    expect(first.conditions[1]!.range!.upper).toBeNull();
    expect(first.conditions[1]!.range!.lower).toBeCloseTo(40 + 12 * 0.8416, 0);
    const lower = first.conditions[1]!.range!.lower!;
    const region = window.features[0]!.values;
    const age = window.features[3]!.values as number[];
    expect(first.support).toBe(age.filter((a, i) => region[i] === "east" && a >= lower).length);
    expect(Math.abs(first.support - window.planted.filter(Boolean).length)).toBeLessThan(0.1 * first.support);
    expect(first.inSlice).toBeGreaterThan(first.outside);
    expect(first.adjustedPValue).toBeLessThanOrEqual(0.05);
  });
});

describe("the null: the error does not depend on the features", () => {
  it.each([
    ["classification (Fisher), 2,000 rows, error 10%", "FISHER", 2000],
    ["regression (Welch on |error|), 2,000 rows", "WELCH", 2000],
  ] as const)("%s: no slice in ≥ 95% of 200 windows", (_name, test, n) => {
    const random = seededRandom(test === "FISHER" ? 777 : 778);
    const reference = simulate(random, 2000);
    let clean = 0;
    let tested = 0;
    for (let w = 0; w < 200; w++) {
      const window = simulate(random, n);
      const loss = window.planted.map(() => (test === "FISHER" ? (random() < 0.1 ? 1 : 0) : Math.abs(normal(random))));
      const result = findWeakSlices({ features: encodeSliceFeatures({ features: withReference(window, reference) }), loss, test });
      tested += result.tested;
      if (result.slices.length === 0) clean += 1;
    }
    console.log(`${test}: ${clean}/200 windows without a slice, ${Math.round(tested / 200)} slices tested per window`);
    expect(tested / 200).toBeGreaterThan(300);
    expect(clean).toBeGreaterThanOrEqual(190);
  });
});

describe("input checks", () => {
  const features = encodeSliceFeatures({ features: [{ name: "x", kind: "CATEGORICAL", values: ["a", "b", "a"] }] });
  it.each([
    ["a loss that is not 0/1 for FISHER", { loss: [0, 0.5, 1], test: "FISHER" }, /loss\[1\] must be 0 or 1/],
    ["a negative loss for WELCH", { loss: [0, -1, 1], test: "WELCH" }, /loss\[1\] must be a finite number ≥ 0/],
    ["a loss of another length", { loss: [0, 1], test: "FISHER" }, /feature 'x' has 3 rows, loss has 2/],
    ["minSupport below 2", { loss: [0, 1, 1], test: "FISHER", minSupport: 1 }, /minSupport must be an integer ≥ 2/],
    ["an unknown test", { loss: [0, 1, 1], test: "KS" }, /test must be one of FISHER, WELCH/],
  ])("rejects %s", (_name, args, message) => {
    expect(() => findWeakSlices({ features, ...(args as { loss: number[]; test: "FISHER" }) })).toThrow(message);
  });
});
