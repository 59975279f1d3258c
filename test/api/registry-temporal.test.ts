// Issue #18, "history stays true": a system is rewired after a fault was judged. The past incident's
// root cause, the stored root causes, the blast radius and the wiring of that window do not change —
// also when the window is evaluated again — while new windows use the new graph. A retired model's
// past windows still show it. Changes take effect from the first window not judged yet.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const ROWS = 200;
/** camera → fusion → tracking → planning; camera's input shifts from hour FAULT on. */
const PARENTS: Record<string, string[]> = { camera: [], fusion: ["camera"], tracking: ["fusion"], planning: ["tracking"] };
const FAULT = 2;
const HOURS = 6;
/** Hours judged before the rewiring. */
const JUDGED = 4;

/** NDJSON lines per model and hour; a model's input is its producer's output. */
function generate(): Array<Record<string, string[]>> {
  const random = seededRandom(18);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: HOURS }, (_, h) => {
    const lines: Record<string, string[]> = Object.fromEntries(Object.keys(PARENTS).map((k) => [k, []]));
    for (let i = 0; i < ROWS; i += 1) {
      const out: Record<string, number> = {};
      for (const [key, parents] of Object.entries(PARENTS)) {
        const features: Record<string, number> = { noise: gauss() };
        if (parents.length === 0) features.signal = gauss() + (h >= FAULT ? 4 : 0);
        else features.input = out[parents[0]!]!;
        out[key] = (features.signal ?? features.input!) + 0.3 * features.noise!;
        lines[key]!.push(JSON.stringify({ id: `${key}-${h}-${i}`, timestamp: iso(T0 + h * HOUR + i * 15_000), features, score: out[key] }));
      }
    }
    return lines;
  });
}

const DATA = generate();
const gql = gqlData;
const at = (h: number) => iso(T0 + (h + 1) * HOUR); // systemHealth(at:) reports window h
const WIRING = `query($s: ID!, $at: DateTime) { system(id: $s) { dependencies(at: $at) { from { key } to { key } weight } models(at: $at) { key } } }`;
const edges = (d: any) => d.system.dependencies.map((e: any) => `${e.from.key}>${e.to.key}:${e.weight}`).sort();
const RADIUS = `query($m: ID!, $at: DateTime) { blastRadius(modelId: $m, at: $at) { model { key } hops risk } }`;
const ROOTS = `query($s: ID!, $at: DateTime) { rootCauses(systemId: $s, at: $at) { model { key } rank explanation } systemHealth(systemId: $s, at: $at) { stored cascades { root { key } affected { key } } models { model { key } status } } }`;
const INCIDENTS = `query($s: ID!) { incidents(systemId: $s) { id rootCause { key } affected { key } openedAt } }`;

describe("the wiring in time: a rewiring after a judged fault", () => {
  let app: TestApp;
  let systemId: string;
  const ids: Record<string, string> = {};
  const before: Record<string, any> = {};

  const evaluate = (h: number) => gql(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: at(h) });
  const ingest = async (h: number, retired: string[] = []) => {
    for (const [key, rows] of Object.entries(DATA[h]!)) {
      const res = await app.post(`/v1/models/${ids[key]}/predictions`, rows.join("\n"));
      if (retired.includes(key)) expect(res.status).toBe(400);
      else expect(res.json.accepted).toBe(ROWS);
    }
  };

  beforeAll(async () => {
    app = await startTestApp({ multivariateDrift: false, evaluateEverySeconds: 0, now: () => new Date(T0 + 12 * HOUR) });
    systemId = (await gql(app, `mutation { createSystem(name: "rewired", windowSeconds: 3600) { id } }`)).createSystem.id;
    for (const [key, parents] of Object.entries(PARENTS)) {
      const features = [{ name: parents.length === 0 ? "signal" : "input", kind: "NUMERIC" }, { name: "noise", kind: "NUMERIC" }];
      ids[key] = (await gql(app, `mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: $f) { id } }`, { s: systemId, k: key, f: features })).registerModel.id;
    }
    for (const [key, parents] of Object.entries(PARENTS)) {
      for (const p of parents) await gql(app, `mutation($s: ID!, $f: String!, $t: String!) { addDependency(systemId: $s, fromKey: $f, toKey: $t, weight: 0.9) { id } }`, { s: systemId, f: p, t: key });
    }
    for (let h = 0; h < JUDGED; h += 1) await ingest(h);
    for (let h = 0; h < JUDGED; h += 1) await evaluate(h);
    before.incidents = (await gql(app, INCIDENTS, { s: systemId })).incidents;
    before.roots = await gql(app, ROOTS, { s: systemId, at: at(JUDGED - 1) });
    before.radius = (await gql(app, RADIUS, { m: ids.camera, at: at(JUDGED - 1) })).blastRadius;
    before.wiring = edges(await gql(app, WIRING, { s: systemId, at: at(JUDGED - 1) }));
    // The rewiring: tracking now reads camera directly (fusion → tracking removed), camera → fusion weaker, planning retired.
    await gql(app, `mutation($s: ID!) { removeDependency(systemId: $s, fromKey: "fusion", toKey: "tracking") { id } }`, { s: systemId });
    await gql(app, `mutation($s: ID!) { addDependency(systemId: $s, fromKey: "camera", toKey: "tracking", weight: 0.5) { id } }`, { s: systemId });
    await gql(app, `mutation($s: ID!) { updateDependency(systemId: $s, fromKey: "camera", toKey: "fusion", weight: 0.4) { id } }`, { s: systemId });
    await gql(app, `mutation($id: ID!) { retireModel(id: $id) { id } }`, { id: ids.planning });
  }, 180_000);
  afterAll(() => app?.close());

  it("the fault was judged as one incident rooted at camera on the old wiring", () => {
    expect(before.incidents).toHaveLength(1);
    expect(before.incidents[0].rootCause.key).toBe("camera");
    expect(before.incidents[0].affected.map((m: any) => m.key).sort()).toEqual(["camera", "fusion", "planning", "tracking"]);
    expect(before.wiring).toEqual(["camera>fusion:0.9", "fusion>tracking:0.9", "tracking>planning:0.9"]);
    expect(before.radius.map((r: any) => r.model.key)).toEqual(["fusion", "tracking", "planning"]);
  });

  it("every change takes effect from the first window not judged yet, and says so", async () => {
    const changes = (await gql(app, `query($s: ID!) { registryChanges(systemId: $s, limit: 4) { kind effectiveFrom } }`, { s: systemId })).registryChanges;
    expect(changes.map((c: any) => c.kind)).toEqual(["MODEL_RETIRED", "DEPENDENCY_UPDATED", "DEPENDENCY_ADDED", "DEPENDENCY_REMOVED"]);
    for (const c of changes) expect(c.effectiveFrom).toBe(iso(T0 + JUDGED * HOUR));
  });

  it("the past keeps its wiring: incident, stored root causes, blast radius and the map of that window are unchanged", async () => {
    expect((await gql(app, INCIDENTS, { s: systemId })).incidents).toEqual(before.incidents);
    expect(await gql(app, ROOTS, { s: systemId, at: at(JUDGED - 1) })).toEqual(before.roots);
    expect((await gql(app, RADIUS, { m: ids.camera, at: at(JUDGED - 1) })).blastRadius).toEqual(before.radius);
    const past = await gql(app, WIRING, { s: systemId, at: at(JUDGED - 1) });
    expect(edges(past)).toEqual(before.wiring);
    expect(past.system.models.map((m: any) => m.key).sort()).toEqual(["camera", "fusion", "planning", "tracking"]);
  });

  it("evaluating a past window again uses the wiring it had", async () => {
    await evaluate(JUDGED - 1);
    const again = await gql(app, ROOTS, { s: systemId, at: at(JUDGED - 1) });
    expect(again.rootCauses.map((r: any) => r.model.key)).toEqual(before.roots.rootCauses.map((r: any) => r.model.key));
    expect(again.systemHealth.cascades).toEqual(before.roots.systemHealth.cascades);
    expect(again.systemHealth.models.map((m: any) => m.model.key).sort()).toEqual(["camera", "fusion", "planning", "tracking"]);
  });

  it("the current wiring and new windows use the new graph; the retired model is off the map and out of new windows", async () => {
    expect(edges(await gql(app, WIRING, { s: systemId }))).toEqual(["camera>fusion:0.4", "camera>tracking:0.5"]);
    expect((await gql(app, RADIUS, { m: ids.camera })).blastRadius.map((r: any) => r.model.key).sort()).toEqual(["fusion", "tracking"]);
    await ingest(JUDGED, ["planning"]);
    await evaluate(JUDGED);
    const now = await gql(app, WIRING, { s: systemId, at: at(JUDGED) });
    expect(edges(now)).toEqual(["camera>fusion:0.4", "camera>tracking:0.5"]);
    expect(now.system.models.map((m: any) => m.key).sort()).toEqual(["camera", "fusion", "tracking"]);
    const health = (await gql(app, ROOTS, { s: systemId, at: at(JUDGED) })).systemHealth;
    expect(health.models.map((m: any) => m.model.key).sort()).toEqual(["camera", "fusion", "tracking"]);
    // Tracking is now explained by camera directly (one hop), not through fusion.
    const cascade = health.cascades.find((c: any) => c.root.key === "camera");
    expect(cascade.affected.map((m: any) => m.key).sort()).toEqual(["fusion", "tracking"]);
    expect((await gql(app, RADIUS, { m: ids.camera, at: at(JUDGED) })).blastRadius.find((r: any) => r.model.key === "tracking").hops).toBe(1);
    // The retired model's past windows still show it.
    expect((await gql(app, `query($id: ID!) { model(id: $id) { retiredFrom } }`, { id: ids.planning })).model.retiredFrom).toBe(iso(T0 + JUDGED * HOUR));
    const past = (await gql(app, ROOTS, { s: systemId, at: at(FAULT) })).systemHealth;
    expect(past.models.map((m: any) => m.model.key)).toContain("planning");
  });

  it("a model retired before any window was judged keeps the windows it has data in (a backfill evaluated later)", async () => {
    const s2 = (await gql(app, `mutation { createSystem(name: "backfill", windowSeconds: 3600) { id } }`)).createSystem.id;
    const reg = async (k: string) => (await gql(app, `mutation($s: ID!, $k: String!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: [{ name: "x", kind: NUMERIC }]) { id } }`, { s: s2, k })).registerModel.id as string;
    const [a, b] = [await reg("a"), await reg("b")];
    await gql(app, `mutation($s: ID!) { addDependency(systemId: $s, fromKey: "a", toKey: "b") { id } }`, { s: s2 });
    const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `r${i}`, timestamp: iso(T0 + i * 60_000), features: { x: i }, score: i }));
    for (const m of [a, b]) expect((await app.post(`/v1/models/${m}/predictions`, rows.join("\n"))).json.accepted).toBe(20);
    const retired = (await gql(app, `mutation($id: ID!) { retireModel(id: $id) { retiredFrom } }`, { id: a })).retireModel;
    expect(retired.retiredFrom).toBe(iso(T0 + HOUR)); // the window after its last data
    const then = await gql(app, WIRING, { s: s2, at: at(0) });
    expect(then.system.models.map((m: any) => m.key).sort()).toEqual(["a", "b"]);
    expect(edges(then)).toEqual(["a>b:1"]);
    await gql(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: s2, at: at(0) });
    const health = (await gql(app, ROOTS, { s: s2, at: at(0) })).systemHealth;
    expect(health.models.map((m: any) => m.model.key).sort()).toEqual(["a", "b"]);
    expect(edges(await gql(app, WIRING, { s: s2 }))).toEqual([]);
  });
});
