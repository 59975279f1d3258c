// The wiring in time (api/src/analytics/registry): which edges and models a window uses, from which
// window a change applies, and how features change — hand-derived cases.
import { describe, expect, it } from "vitest";
import { changeBoundary, edgesAt, endEdge, isActiveAt, modelsAt, retirementBoundary } from "../../../api/src/analytics/registry/wiring-in-time.js";
import { changeFeatures, reregisterFeatures } from "../../../api/src/analytics/registry/feature-changes.js";
import { describeChanges, ruleSummary } from "../../../api/src/analytics/registry/change-summaries.js";

const h = (n: number) => new Date(Date.UTC(2026, 0, 5, n));

describe("edgesAt / modelsAt", () => {
  const edges = [
    { id: "old", validFrom: null, validTo: h(4) },
    { id: "new", validFrom: h(4), validTo: null },
    { id: "always", validFrom: null, validTo: null },
  ];
  it("a window starting before the change sees the old version, at or after it the new one; no window: the current", () => {
    expect(edgesAt(edges, h(3)).map((e) => e.id)).toEqual(["old", "always"]);
    expect(edgesAt(edges, h(4)).map((e) => e.id)).toEqual(["new", "always"]);
    expect(edgesAt(edges).map((e) => e.id)).toEqual(["new", "always"]);
  });
  it("a retired model is part of windows before its retirement only", () => {
    const retired = { retiredAt: h(9), retiredFrom: h(4) };
    expect([isActiveAt(retired, h(3)), isActiveAt(retired, h(4)), isActiveAt(retired)]).toEqual([true, false, false]);
    expect(isActiveAt({ retiredAt: h(9), retiredFrom: null }, h(0))).toBe(false);
    expect(modelsAt([{ retiredAt: null, retiredFrom: null }, retired], h(5))).toHaveLength(1);
  });
});

describe("boundaries", () => {
  it("a change applies from the window after the last judged one, or from the beginning", () => {
    expect(changeBoundary(h(3), 3600)).toEqual(h(4));
    expect(changeBoundary(null, 3600)).toBeNull();
  });
  it("a retirement keeps the windows the model has data in", () => {
    expect(retirementBoundary(null, new Date(Date.UTC(2026, 0, 5, 6, 30)), 3600)).toEqual(h(7));
    expect(retirementBoundary(h(4), new Date(Date.UTC(2026, 0, 5, 6, 30)), 3600)).toEqual(h(7));
    expect(retirementBoundary(h(8), new Date(Date.UTC(2026, 0, 5, 6, 30)), 3600)).toEqual(h(8));
    expect(retirementBoundary(null, null, 3600)).toBeNull();
  });
  it("an edge version no judged window used is deleted, any other closed", () => {
    expect(endEdge({ validFrom: null, validTo: null }, null)).toBe("delete");
    expect(endEdge({ validFrom: h(4), validTo: null }, h(4))).toBe("delete");
    expect(endEdge({ validFrom: h(2), validTo: null }, h(4))).toBe("close");
  });
});

describe("feature changes", () => {
  const current = [{ name: "a", kind: "NUMERIC" as const }, { name: "b", kind: "CATEGORICAL" as const }];
  it("adds, deprecates and brings back; never retypes", () => {
    expect(changeFeatures(current, [{ name: "c", kind: "NUMERIC" }], ["b"])).toEqual({ features: [{ name: "a", kind: "NUMERIC" }, { name: "b", kind: "CATEGORICAL", deprecated: true }, { name: "c", kind: "NUMERIC" }] });
    expect(changeFeatures([{ name: "b", kind: "CATEGORICAL", deprecated: true }], [{ name: "b", kind: "CATEGORICAL" }], [])).toEqual({ features: [{ name: "b", kind: "CATEGORICAL" }] });
    expect(changeFeatures(current, [{ name: "a", kind: "CATEGORICAL" }], [])).toMatchObject({ problem: { field: "addFeatures[0].kind" } });
    expect(changeFeatures(current, [], ["z"])).toMatchObject({ problem: { field: "deprecateFeatures[0]" } });
  });
  it("re-registering keeps left-out features, deprecated", () => {
    expect(reregisterFeatures(current, [{ name: "b", kind: "CATEGORICAL" }])).toEqual({ features: [{ name: "b", kind: "CATEGORICAL" }, { name: "a", kind: "NUMERIC", deprecated: true }] });
    expect(reregisterFeatures(current, [{ name: "b", kind: "NUMERIC" }])).toMatchObject({ problem: { field: "features[0].kind" } });
  });
});

describe("summaries", () => {
  it("say what changed", () => {
    expect(describeChanges({ weight: 0.8, feature: null }, { weight: 0.3, feature: null })).toEqual(["weight: 0.8 → 0.3"]);
    expect(ruleSummary("ALERT_RULE_UPDATED", { modelKey: "m", before: { metric: "mae", operator: ">", threshold: 2 }, rule: { metric: "mae", operator: ">=", threshold: 3 } })).toBe("changed the alert rule 'm': mae > 2 to 'm': mae >= 3");
  });
});
