// Issue #17, model versions: a rollout (camera 3.1 → 3.2) that lowers accuracy and shifts the
// camera's output into fusion and planning is named in the camera's health, compared before/after
// from the stored predictions (accuracy recomputed here from the generated rows), and ranked as
// the root of the cascade it causes. Telemetry carries its version (a 20% canary still on 3.1,
// tagged) or none (the version live at its timestamp).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

/** Many windows evaluated one by one: generous on a loaded machine (no time is asserted). */
const LONG = 600_000;

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const ROWS = 240;
const ROLLOUT_HOUR = 2;
let app: TestApp;
let systemId: string;
const ids: Record<string, string> = {};
/** What each version got right, counted here from the generated rows (the independent expectation). */
const tally: Record<string, { n: number; right: number }> = { "3.1": { n: 0, right: 0 }, "3.2": { n: 0, right: 0 } };

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 40 * HOUR) });
  systemId = (await gqlData(app, `mutation { createSystem(name: "rollout", windowSeconds: 3600) { id } }`)).createSystem.id;
  const reg = async (key: string, task: string, features: string[]) =>
    (ids[key] = (await gqlData(app, `mutation($s: ID!, $k: String!, $t: ModelTask!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: $t, features: $f) { id } }`, { s: systemId, k: key, t: task, f: features.map((name) => ({ name, kind: "NUMERIC" })) })).registerModel.id);
  await reg("camera", "BINARY_CLASSIFICATION", ["signal", "noise"]);
  await reg("fusion", "REGRESSION", ["camera_out", "noise"]);
  await reg("planning", "REGRESSION", ["fusion_out", "noise"]);
  await gqlData(app, `mutation($s: ID!) { a: addDependency(systemId: $s, fromKey: "camera", toKey: "fusion", feature: "camera_out") { id } b: addDependency(systemId: $s, fromKey: "fusion", toKey: "planning", feature: "fusion_out") { id } }`, { s: systemId });
  await gqlData(app, `mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "3.1", liveAt: $at) { id } }`, { m: ids.camera, at: iso(T0) });
  await gqlData(app, `mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "3.2", notes: "new detector head", liveAt: $at) { id } }`, { m: ids.camera, at: iso(T0 + ROLLOUT_HOUR * HOUR) });
  const random = seededRandom(1729);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (let h = 0; h < 4; h += 1) {
    const lines: Record<string, string[]> = { camera: [], fusion: [], planning: [], labels: [] };
    for (let i = 0; i < ROWS; i += 1) {
      const timestamp = iso(T0 + h * HOUR + i * 15_000);
      const signal = gauss();
      const label = signal + 0.3 * gauss() > 0 ? 1 : 0;
      const canary = h >= ROLLOUT_HOUR && i % 5 === 0; // still served by 3.1, and says so
      const version = h < ROLLOUT_HOUR || canary ? "3.1" : "3.2";
      const score = version === "3.1" ? sigmoid(3 * signal) : sigmoid(3 * signal + 2.5); // 3.2 leans positive
      tally[version]!.n += 1;
      if ((score >= 0.5 ? 1 : 0) === label) tally[version]!.right += 1;
      const fusion = 2 * score + 0.3 * gauss();
      lines.camera!.push(JSON.stringify({ id: `c-${h}-${i}`, timestamp, features: { signal, noise: gauss() }, score, ...(canary ? { version: "3.1" } : {}) }));
      lines.labels!.push(JSON.stringify({ predictionId: `c-${h}-${i}`, timestamp, value: label }));
      lines.fusion!.push(JSON.stringify({ id: `f-${h}-${i}`, timestamp, features: { camera_out: score, noise: gauss() }, score: fusion }));
      lines.planning!.push(JSON.stringify({ id: `p-${h}-${i}`, timestamp, features: { fusion_out: fusion, noise: gauss() }, score: fusion + 0.3 * gauss() }));
    }
    for (const key of ["camera", "fusion", "planning"]) expect((await app.post(`/v1/models/${ids[key]}/predictions`, lines[key]!.join("\n"))).json.accepted).toBe(ROWS);
    expect((await app.post(`/v1/models/${ids.camera}/labels`, lines.labels!.join("\n"))).json.accepted).toBe(ROWS);
    await gqlData(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: iso(T0 + (h + 1) * HOUR) });
  }
}, LONG);
afterAll(() => app?.close());

describe("a rollout that lowers accuracy", () => {
  it("is compared before/after from the stored predictions of each version", async () => {
    const c = (await gqlData(app, `query($m: ID!) { compareModelVersions(modelId: $m) { before { version predictions labeled } after { version predictions labeled } regressed sentence
      metrics { metric before after worse } shifts { feature drifted statistic } } }`, { m: ids.camera })).compareModelVersions;
    expect(c.before).toEqual({ version: "3.1", predictions: tally["3.1"]!.n, labeled: tally["3.1"]!.n });
    expect(c.after).toEqual({ version: "3.2", predictions: tally["3.2"]!.n, labeled: tally["3.2"]!.n });
    const accuracy = c.metrics.find((m: { metric: string }) => m.metric === "accuracy");
    expect(accuracy.before).toBeCloseTo(tally["3.1"]!.right / tally["3.1"]!.n, 12);
    expect(accuracy.after).toBeCloseTo(tally["3.2"]!.right / tally["3.2"]!.n, 12);
    expect(accuracy.worse).toBe(true);
    expect(c.regressed).toBe(true);
    expect(c.sentence).toMatch(/^since 3\.2 went live, accuracy fell from 0\.\d+ to 0\.\d+/);
    expect(c.shifts.find((s: { feature: string }) => s.feature === "prediction").drifted).toBe(true);
    expect(c.shifts.find((s: { feature: string }) => s.feature === "signal").drifted).toBe(false); // the data did not change: the model did
  }, LONG);

  it("is named in the camera's health and the camera is ranked the root of the cascade", async () => {
    const at = iso(T0 + (ROLLOUT_HOUR + 1) * HOUR);
    const d = await gqlData(app, `query($m: ID!, $s: ID!, $at: DateTime) {
      model(id: $m) { versions { version } health(at: $at) { status rollout { version previousVersion windowsBeforeOnset weight sentence } } }
      rootCauses(systemId: $s, at: $at) { model { key } rank }
      incidents(systemId: $s) { rootCause { key } affected { key } } }`, { m: ids.camera, s: systemId, at });
    expect(d.model.versions.map((v: { version: string }) => v.version)).toEqual(["3.1", "3.2"]);
    expect(d.model.health.status).not.toBe("HEALTHY");
    expect(d.model.health.rollout).toMatchObject({ version: "3.2", previousVersion: "3.1", windowsBeforeOnset: 0, weight: 1 });
    expect(d.model.health.rollout.sentence).toBe("camera went from 3.1 to 3.2 in the window its trouble started");
    expect(d.rootCauses[0].model.key).toBe("camera");
    expect(d.incidents).toHaveLength(1);
    expect(d.incidents[0].rootCause.key).toBe("camera");
    // Before the rollout nothing is named.
    const before = await gqlData(app, `query($m: ID!, $at: DateTime) { model(id: $m) { health(at: $at) { rollout { version } } } }`, { m: ids.camera, at: iso(T0 + HOUR) });
    expect(before.model.health.rollout).toBeNull();
  }, LONG);

  it("takes the onset from the stored health run, not the queried window: one window later it is still the onset's window", async () => {
    const later = await gqlData(app, `query($m: ID!, $at: DateTime) { model(id: $m) { health(at: $at) { status rollout { version windowsBeforeOnset weight sentence } } } }`, { m: ids.camera, at: iso(T0 + (ROLLOUT_HOUR + 2) * HOUR) });
    expect(later.model.health.status).not.toBe("HEALTHY"); // still in the run that started at the rollout
    expect(later.model.health.rollout).toMatchObject({ version: "3.2", windowsBeforeOnset: 0, weight: 1 });
  }, LONG);

  it("checks versions and their telemetry: clear errors naming the field, nothing stored", async () => {
    const dup = await app.gql(`mutation($m: ID!) { registerModelVersion(modelId: $m, version: "3.2") { id } }`, { m: ids.camera });
    expect(dup.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(dup.errors?.[0]?.message).toMatch(/^version: "3\.2" is already the current version of camera/);
    const back = await app.gql(`mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "3.3", liveAt: $at) { id } }`, { m: ids.camera, at: iso(T0) });
    expect(back.errors?.[0]?.message).toMatch(/^liveAt: must not be before the current version 3\.2 went live/);
    const bad = await app.gql(`mutation($m: ID!) { registerModelVersion(modelId: $m, version: "not a version!") { id } }`, { m: ids.camera });
    expect(bad.errors?.[0]?.message).toMatch(/^version: expected 1 to 64 letters/);
    const ingest = await app.gql(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted rejected } }`, {
      m: ids.camera, e: [{ id: "gql-1", timestamp: iso(T0 + 5 * HOUR), features: { signal: 0.1, noise: 0 }, score: 0.5, version: "3.2" }],
    });
    expect(ingest.errors).toBeUndefined();
    expect(ingest.data.ingestPredictions.accepted).toBe(1);
    const stored = await app.db.dataSource.query(`SELECT model_version FROM predictions WHERE model_id = $1 AND prediction_id = 'gql-1'`, [ids.camera]);
    expect(stored).toEqual([{ model_version: "3.2" }]);
    const tooLong = await app.post(`/v1/models/${ids.camera}/predictions`, JSON.stringify({ id: "long-1", timestamp: iso(T0 + 5 * HOUR), features: { signal: 0 }, score: 0.5, version: "v".repeat(65) }));
    expect(JSON.stringify(tooLong.json)).toContain("version:");
    const none = await app.db.dataSource.query(`SELECT count(*)::int AS n FROM predictions WHERE prediction_id = 'long-1'`);
    expect(none[0].n).toBe(0);
    // Rolling back by hand: 3.1 goes live again and is current; predictions without a version after it are 3.1's.
    const rolled = await gqlData(app, `mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "3.1", notes: "rollback", liveAt: $at) { version } }`, { m: ids.camera, at: iso(T0 + 6 * HOUR) });
    expect(rolled.registerModelVersion.version).toBe("3.1");
    const after = await gqlData(app, `query($m: ID!) { model(id: $m) { version versions { version } } compareModelVersions(modelId: $m) { before { version } after { version } } }`, { m: ids.camera });
    expect(after.model.version).toBe("3.1");
    expect(after.model.versions.map((v: { version: string }) => v.version)).toEqual(["3.1", "3.2", "3.1"]);
    expect(after.compareModelVersions.before.version).toBe("3.2");
    expect(after.compareModelVersions.after.version).toBe("3.1");
  }, LONG);
});
