import { describe, expect, it } from "vitest";
import { buildSystemGraph, groupAlertsIntoIncidents, incidentLifecycle, type GroupAlertsArgs, type IncidentGroup } from "../../graph/index.js";

const cascade = { root: "perception", affected: ["fusion", "tracking"], startedAt: 0 };
const alerts = [
  { id: "1", modelId: "fusion" },
  { id: "2", modelId: "perception" },
  { id: "3", modelId: "billing" },
  { id: "4", modelId: "tracking" },
];

describe("groupAlertsIntoIncidents", () => {
  const cases: Array<{ name: string; args: GroupAlertsArgs; expected: IncidentGroup[] }> = [
    {
      name: "cascade alerts form one new incident; an outside alert its own",
      args: { cascades: [cascade], alerts, openIncidents: [] },
      expected: [
        { incidentId: null, rootCause: "perception", affected: ["fusion", "perception", "tracking"], alertIds: ["1", "2", "4"] },
        { incidentId: null, rootCause: "billing", affected: ["billing"], alertIds: ["3"] },
      ],
    },
    {
      name: "an ongoing cascade updates its open incident; the lone model's open incident too",
      args: {
        cascades: [cascade],
        alerts,
        openIncidents: [
          { id: "inc-1", rootCause: "perception", affected: ["fusion", "perception", "planning"] },
          { id: "inc-2", rootCause: "billing", affected: ["billing"] },
        ],
      },
      expected: [
        { incidentId: "inc-1", rootCause: "perception", affected: ["fusion", "perception", "planning", "tracking"], alertIds: ["1", "2", "4"] },
        { incidentId: "inc-2", rootCause: "billing", affected: ["billing"], alertIds: ["3"] },
      ],
    },
    {
      name: "an open incident of another root cause is not reused",
      args: { cascades: [], alerts: [{ id: "9", modelId: "fusion" }], openIncidents: [{ id: "inc-1", rootCause: "perception", affected: ["fusion", "perception"] }] },
      expected: [{ incidentId: null, rootCause: "fusion", affected: ["fusion"], alertIds: ["9"] }],
    },
    { name: "no alerts, no groups", args: { cascades: [cascade], alerts: [], openIncidents: [] }, expected: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const groups = groupAlertsIntoIncidents(c.args);
      expect(groups).toEqual(c.expected);
      const ids = groups.flatMap((g) => g.alertIds).sort();
      expect(ids).toEqual(c.args.alerts.map((a) => a.id).sort());
    });
  }

  describe("with the window's decision (standalone given)", () => {
    const open = [{ id: "inc-1", rootCause: "camera", affected: ["camera", "fusion", "perception", "tracking"] }];
    it("a group rooted at a model an open incident holds continues it, even when another group continues it too (they merge)", () => {
      const groups = groupAlertsIntoIncidents({
        cascades: [{ root: "fusion", affected: ["tracking"], startedAt: 0 }],
        alerts: [{ id: "a", modelId: "camera" }, { id: "b", modelId: "fusion" }, { id: "c", modelId: "tracking" }],
        openIncidents: open,
        standalone: ["camera"],
      });
      // The group is this window's (rooted at fusion); the incident it continues keeps camera as its root (incident-lifecycle.ts).
      expect(groups).toEqual([{ incidentId: "inc-1", rootCause: "fusion", affected: ["camera", "fusion", "perception", "tracking"], alertIds: ["b", "c", "a"] }]);
      expect(incidentLifecycle({ openIncidents: [{ ...open[0]!, status: "OPEN", summary: "s", healthyWindows: 0 }], cascades: [{ root: "fusion", affected: ["tracking"], startedAt: 0 }], alerts: [{ id: "a", modelId: "camera" }, { id: "b", modelId: "fusion" }, { id: "c", modelId: "tracking" }], standalone: ["camera"], unhealthy: new Set(), observed: new Set(), resolveAfterWindows: 3, keyOf: (id) => id })).toMatchObject([{ kind: "grow", incidentId: "inc-1", rootCause: "camera" }]);
    });
    it("a group whose root is new but most of whose models an open incident holds continues it", () => {
      const groups = groupAlertsIntoIncidents({
        cascades: [{ root: "lidar", affected: ["perception", "tracking"], startedAt: 0 }],
        alerts: [{ id: "a", modelId: "lidar" }, { id: "b", modelId: "perception" }, { id: "c", modelId: "tracking" }],
        openIncidents: open,
        standalone: [],
      });
      expect(groups).toEqual([{ incidentId: "inc-1", rootCause: "lidar", affected: ["camera", "fusion", "lidar", "perception", "tracking"], alertIds: ["a", "b", "c"] }]);
    });
    it("a group sharing less than half its models with an open incident opens a new one", () => {
      const groups = groupAlertsIntoIncidents({
        cascades: [{ root: "pricing", affected: ["billing", "tracking"], startedAt: 0 }],
        alerts: [{ id: "a", modelId: "pricing" }, { id: "b", modelId: "billing" }, { id: "c", modelId: "tracking" }],
        openIncidents: open,
        standalone: [],
      });
      expect(groups).toEqual([{ incidentId: null, rootCause: "pricing", affected: ["billing", "pricing", "tracking"], alertIds: ["a", "b", "c"] }]);
    });
  });

  describe("a standalone alert downstream of an open incident (graph given)", () => {
    // camera → fusion → tracking → planning → control; radar → control; weather (no edges).
    const graph = buildSystemGraph({
      models: ["camera", "fusion", "tracking", "planning", "control", "radar", "weather", "lidar", "map"].map((id) => ({ id, key: id })),
      edges: [["camera", "fusion"], ["fusion", "tracking"], ["tracking", "planning"], ["planning", "control"], ["radar", "control"], ["lidar", "map"]].map(([from, to]) => ({ from: from!, to: to!, weight: 1 })),
    });
    const open = [{ id: "inc-1", rootCause: "camera", affected: ["camera", "fusion"] }];
    const one = (modelId: string, extra: Partial<GroupAlertsArgs> = {}) =>
      groupAlertsIntoIncidents({ cascades: [], alerts: [{ id: "a", modelId }], openIncidents: open, standalone: [modelId], graph, ...extra });
    it("joins the incident holding a model up to 3 hops upstream (quiet models between)", () => {
      expect(one("planning")).toEqual([{ incidentId: "inc-1", rootCause: "camera", affected: ["camera", "fusion", "planning"], alertIds: ["a"] }]);
    });
    it("stays a standalone alert beyond attachHops, with no path, or without the graph", () => {
      expect(one("control", { attachHops: 2 })).toEqual([{ incidentId: null, rootCause: "control", affected: ["control"], alertIds: ["a"], standalone: true }]);
      expect(one("weather")).toEqual([{ incidentId: null, rootCause: "weather", affected: ["weather"], alertIds: ["a"], standalone: true }]);
      expect(groupAlertsIntoIncidents({ cascades: [], alerts: [{ id: "a", modelId: "planning" }], openIncidents: open, standalone: ["planning"] })[0]!.standalone).toBe(true);
    });
    it("two open incidents equally near: it joins neither", () => {
      const two = [...open, { id: "inc-2", rootCause: "radar", affected: ["radar"] }];
      expect(one("control", { openIncidents: [{ id: "inc-1", rootCause: "camera", affected: ["camera", "planning"] }, ...two.slice(1)] })[0]!.standalone).toBe(true);
      // the nearer one wins
      expect(one("control", { openIncidents: two })[0]!.incidentId).toBe("inc-2");
    });
    it("joins this window's cascade below which it alarms (its incident opening now), before any open incident", () => {
      const groups = groupAlertsIntoIncidents({
        cascades: [{ root: "camera", affected: ["fusion"], startedAt: 0 }],
        alerts: [{ id: "p", modelId: "planning" }, { id: "c", modelId: "camera" }],
        openIncidents: [],
        standalone: ["planning"],
        graph,
      });
      expect(groups).toEqual([{ incidentId: null, rootCause: "camera", affected: ["camera", "fusion", "planning"], alertIds: ["p", "c"] }]);
    });
    it("does not depend on the order of the alerts: the cascade, not a standalone alert, takes the open incident (re-rooted)", () => {
      const g = buildSystemGraph({ models: ["p", "c", "d", "s"].map((id) => ({ id, key: id })), edges: [["p", "c"], ["c", "d"], ["d", "s"]].map(([from, to]) => ({ from: from!, to: to!, weight: 1 })) });
      const base = { cascades: [{ root: "p", affected: ["c", "d"], startedAt: 0 }], openIncidents: [{ id: "x", rootCause: "c", affected: ["c", "d", "s"] }], standalone: ["s"], graph: g };
      const a = groupAlertsIntoIncidents({ ...base, alerts: [{ id: "1", modelId: "s" }, { id: "2", modelId: "p" }] });
      const b = groupAlertsIntoIncidents({ ...base, alerts: [{ id: "2", modelId: "p" }, { id: "1", modelId: "s" }] });
      const norm = (groups: IncidentGroup[]) => groups.map((x) => ({ ...x, alertIds: [...x.alertIds].sort() }));
      expect(norm(a)).toEqual(norm(b));
      expect(norm(a)).toEqual([{ incidentId: "x", rootCause: "p", affected: ["c", "d", "p", "s"], alertIds: ["1", "2"], rootChanged: true }]);
    });
    it("refuses a bad attachHops", () => {
      expect(() => one("planning", { attachHops: -1 })).toThrow("graph/incidents: attachHops must be a non-negative integer, got -1");
    });
  });

  it("throws on duplicate alerts and overlapping cascades", () => {
    expect(() => groupAlertsIntoIncidents({ cascades: [], alerts: [alerts[0]!, alerts[0]!], openIncidents: [] })).toThrow("graph/incidents: duplicate alert '1'");
    expect(() => groupAlertsIntoIncidents({ cascades: [cascade, { root: "x", affected: ["fusion"], startedAt: 0 }], alerts, openIncidents: [] })).toThrow(
      "graph/incidents: model 'fusion' is in two cascades",
    );
  });
});
