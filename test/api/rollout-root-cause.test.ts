// A rollout is root-cause evidence (issue #17): two producers fail in the same window with the same
// kind of fault, both feeding the consumer that follows; the data cannot tell which one started it,
// the version history can. In each of two systems a different producer went live with a new version
// at the onset: that one is ranked first, in both (so the order does not come from a tie rule).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
let app: TestApp;
const systems: Record<"rolledA" | "rolledB" | "none", { id: string; ids: Record<string, string> }> = {} as never;

async function seed(name: string, rolled: "a" | "b" | null): Promise<{ id: string; ids: Record<string, string> }> {
  const id = (await gqlData(app, `mutation($n: String!) { createSystem(name: $n, windowSeconds: 3600) { id } }`, { n: name })).createSystem.id;
  const ids: Record<string, string> = {};
  for (const key of ["a", "b", "c"]) {
    ids[key] = (await gqlData(app, `mutation($s: ID!, $k: String!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: [{ name: "x", kind: NUMERIC }]) { id } }`, { s: id, k: key })).registerModel.id;
  }
  await gqlData(app, `mutation($s: ID!) { p: addDependency(systemId: $s, fromKey: "a", toKey: "c", weight: 0.9) { id } q: addDependency(systemId: $s, fromKey: "b", toKey: "c", weight: 0.9) { id } }`, { s: id });
  for (const key of ["a", "b"]) await gqlData(app, `mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "1.0", liveAt: $at) { id } }`, { m: ids[key], at: iso(T0) });
  if (rolled) await gqlData(app, `mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "1.1", liveAt: $at) { id } }`, { m: ids[rolled], at: iso(T0 + 2 * HOUR + 60_000) });
  for (const key of ["a", "b", "c"]) {
    // The same data for a and b: the same fault, the same onset, the same evidence.
    const random = seededRandom(key === "c" ? 5 : 3);
    for (let h = 0; h < 4; h += 1) {
      const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `${key}-${h}-${i}`, timestamp: iso(T0 + h * HOUR + i * 10_000), features: { x: random() + (h >= 2 ? 3 : 0) }, score: random() }));
      expect((await app.post(`/v1/models/${ids[key]}/predictions`, lines.join("\n"))).status).toBe(200);
    }
  }
  return { id, ids };
}

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 20 * HOUR) });
  systems.rolledA = await seed("rolled-a", "a");
  systems.rolledB = await seed("rolled-b", "b");
  systems.none = await seed("no-rollout", null);
  for (const s of Object.values(systems)) {
    for (let h = 1; h <= 3; h += 1) await gqlData(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: s.id, at: iso(T0 + (h + 1) * HOUR) });
  }
}, 600_000);
afterAll(() => app?.close());

const ROOTS = `query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { rootCauses { model { key } score } models { model { key } status } } }`;

describe("a model whose version changed at its onset", () => {
  it("is ranked first of two producers that failed together, whichever it is", async () => {
    for (const [name, expected] of [["rolledA", "a"], ["rolledB", "b"]] as const) {
      const h = (await gqlData(app, ROOTS, { s: systems[name].id, at: iso(T0 + 3 * HOUR) })).systemHealth;
      expect(h.models.filter((m: { status: string }) => m.status !== "HEALTHY").map((m: { model: { key: string } }) => m.model.key).sort()).toEqual(["a", "b", "c"]);
      expect(h.rootCauses[0].model.key, name).toBe(expected);
    }
  });

  it("without a rollout, both producers lead the ranking (the data alone cannot order them)", async () => {
    const h = (await gqlData(app, ROOTS, { s: systems.none.id, at: iso(T0 + 3 * HOUR) })).systemHealth;
    expect(h.rootCauses.slice(0, 2).map((r: { model: { key: string } }) => r.model.key).sort()).toEqual(["a", "b"]);
  });
});
