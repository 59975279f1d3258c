// The incident lifecycle of a window, decided purely: open, grow (merge), age, auto-resolve.
import { describe, expect, it } from "vitest";
import { buildSystemGraph, incidentLifecycle, nextHealthyWindows, summarizeIncident, type IncidentLifecycleArgs, type OpenIncident } from "../../graph/index.js";

const keyOf = (id: string) => id.toUpperCase();
const base: IncidentLifecycleArgs = { openIncidents: [], cascades: [], alerts: [], standalone: [], unhealthy: new Set(), observed: new Set(), resolveAfterWindows: 3, keyOf };
const incident = (o: Partial<OpenIncident> & { id: string }): OpenIncident => ({ status: "OPEN", rootCause: null, affected: [], summary: "s", healthyWindows: 0, ...o });

describe("incidentLifecycle", () => {
  it("a cascade's alerts open one incident rooted at the cascade's root", () => {
    const steps = incidentLifecycle({ ...base, cascades: [{ root: "a", affected: ["b", "c"], startedAt: 0 }], alerts: [{ id: "1", modelId: "a" }, { id: "2", modelId: "c" }] });
    expect(steps).toEqual([{ kind: "open", rootCause: "a", affected: ["a", "b", "c"], summary: "A started it; 2 downstream model(s) affected: B, C", alertIds: ["1", "2"] }]);
  });

  it("a standalone alert opens nothing; an open incident ages", () => {
    const steps = incidentLifecycle({ ...base, standalone: ["x"], alerts: [{ id: "1", modelId: "x" }], openIncidents: [incident({ id: "i1", rootCause: "a", affected: ["a"], healthyWindows: 1 })], observed: new Set(["a"]) });
    expect(steps).toEqual([{ kind: "age", incidentId: "i1", status: "OPEN", affected: ["a"], summary: "s", healthyWindows: 2, resolved: false }]);
  });

  it("grows the open incident with the same root: affected models unite, the healthy count restarts, the status stays", () => {
    const open = [incident({ id: "i1", status: "ACKNOWLEDGED", rootCause: "a", affected: ["a", "b"], healthyWindows: 2 })];
    const steps = incidentLifecycle({ ...base, openIncidents: open, cascades: [{ root: "a", affected: ["c"], startedAt: 0 }], alerts: [{ id: "9", modelId: "c" }] });
    expect(steps).toEqual([{ kind: "grow", incidentId: "i1", status: "ACKNOWLEDGED", rootCause: "a", affected: ["a", "b", "c"], summary: "A started it; 2 downstream model(s) affected: B, C", alertIds: ["9"] }]);
  });

  describe("incidents follow the explanation (graph given)", () => {
    // r → f → t; r → u (u unrelated to f's incident until the cascade reaches it)
    const graph = buildSystemGraph({ models: ["r", "f", "t", "u"].map((id) => ({ id, key: id })), edges: [["r", "f"], ["f", "t"], ["r", "u"]].map(([from, to]) => ({ from: from!, to: to!, weight: 1 })) });
    it("a flapping consumer's incident, opened before the fault, is re-rooted at the fault's root when its cascade explains it", () => {
      const open = [incident({ id: "i1", rootCause: "f", affected: ["f"] })];
      const steps = incidentLifecycle({ ...base, graph, openIncidents: open, cascades: [{ root: "r", affected: ["f", "t"], startedAt: 0 }], alerts: [{ id: "1", modelId: "r" }, { id: "2", modelId: "f" }, { id: "3", modelId: "t" }] });
      expect(steps).toEqual([{ kind: "grow", incidentId: "i1", status: "OPEN", rootCause: "r", affected: ["f", "r", "t"], summary: "R started it; 2 downstream model(s) affected: F, T", alertIds: ["1", "2", "3"] }]);
      // Without the graph: the incident keeps its root (the former behaviour).
      const without = incidentLifecycle({ ...base, openIncidents: open, cascades: [{ root: "r", affected: ["f", "t"], startedAt: 0 }], alerts: [{ id: "2", modelId: "f" }] });
      expect(without).toMatchObject([{ kind: "open", rootCause: "r" }, { kind: "age", incidentId: "i1" }]);
    });
    it("two open incidents the group explains: the first continues re-rooted, the second is merged into it", () => {
      const open = [incident({ id: "i1", rootCause: "f", affected: ["f"] }), incident({ id: "i2", rootCause: "u", affected: ["u"] })];
      const steps = incidentLifecycle({ ...base, graph, openIncidents: open, cascades: [{ root: "r", affected: ["f", "u"], startedAt: 0 }], alerts: [{ id: "1", modelId: "r" }] });
      expect(steps).toEqual([
        { kind: "merge", incidentId: "i2", into: "i1", summary: "merged into the incident rooted at R: R started it; 2 downstream model(s) affected: F, U" },
        { kind: "grow", incidentId: "i1", status: "OPEN", rootCause: "r", affected: ["f", "r", "u"], summary: "R started it; 2 downstream model(s) affected: F, U", alertIds: ["1"] },
      ]);
    });
    it("an upstream model attached to a consumer's group does not take the consumer's incident's root", () => {
      const open = [incident({ id: "i1", rootCause: "r", affected: ["r", "f"] })];
      // The window ranked f first with r attached (r upstream of f): the incident keeps r.
      const steps = incidentLifecycle({ ...base, graph, openIncidents: open, cascades: [{ root: "f", affected: ["r", "t"], startedAt: 0 }], alerts: [{ id: "1", modelId: "t" }] });
      expect(steps).toMatchObject([{ kind: "grow", incidentId: "i1", rootCause: "r" }]);
    });
  });

  it("resolves an incident after resolveAfterWindows healthy windows, and only then", () => {
    const at = (healthyWindows: number) =>
      incidentLifecycle({ ...base, openIncidents: [incident({ id: "i1", rootCause: "a", affected: ["a", "b"], healthyWindows })], observed: new Set(["b"]) })[0];
    expect(at(1)).toMatchObject({ kind: "age", healthyWindows: 2, resolved: false, status: "OPEN" });
    expect(at(2)).toMatchObject({ kind: "age", healthyWindows: 3, resolved: true, status: "RESOLVED" });
  });

  it("rejects a bad resolveAfterWindows, naming the module", () => {
    expect(() => incidentLifecycle({ ...base, resolveAfterWindows: 0 })).toThrow(/^graph\/incident-lifecycle: resolveAfterWindows/);
  });
});

describe("nextHealthyWindows", () => {
  const i = { rootCause: "a", affected: ["b"], healthyWindows: 2 };
  it.each([
    { name: "a model unhealthy: restarts", unhealthy: ["b"], observed: ["a", "b"], expected: 0 },
    { name: "seen and healthy: one more", unhealthy: [], observed: ["a"], expected: 3 },
    { name: "no data from its models: unchanged", unhealthy: [], observed: ["z"], expected: 2 },
    { name: "the root counts as one of its models", unhealthy: ["a"], observed: [], expected: 0 },
  ])("$name", ({ unhealthy, observed, expected }) => expect(nextHealthyWindows({ incident: i, unhealthy: new Set(unhealthy), observed: new Set(observed) })).toBe(expected));
});

describe("summarizeIncident", () => {
  it.each([
    { rootCause: "a", affected: ["a"], expected: "A is unhealthy" },
    { rootCause: null, affected: ["a", "b"], expected: "2 model(s) unhealthy: A, B" },
    { rootCause: "a", affected: ["a", "c"], expected: "A started it; 1 downstream model(s) affected: C" },
  ])("$expected", ({ rootCause, affected, expected }) => expect(summarizeIncident({ rootCause, affected, keyOf })).toBe(expected));
});
