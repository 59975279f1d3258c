// End to end through GraphQL only: a 7-model autonomous-driving stack where each model's output
// feeds the next one's inputs. Drift injected into camera perception's inputs shifts camera's
// outputs, hence fusion's inputs, and so on downstream; the evaluator must name camera perception
// as the root cause, hold the downstream alerts in ONE open incident, and give a blast radius whose
// risk decreases with distance. A second scenario faults lidar perception instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const ROWS = 400;

const MODELS = ["camera", "lidar", "fusion", "tracking", "prediction", "planning", "control"] as const;
type Key = (typeof MODELS)[number];
const PARENTS: Record<Key, Key[]> = {
  camera: [], lidar: [], fusion: ["camera", "lidar"], tracking: ["fusion"], prediction: ["tracking"], planning: ["prediction"], control: ["planning"],
};

let app: TestApp;

const gql = (query: string, variables: Record<string, unknown> = {}) => gqlData(app, query, variables);

/** Registers the stack and streams 4 hours: hours 0–1 normal, the fault from hour 2 in `faulty`'s raw inputs. */
async function scenario(name: string, faulty: "camera" | "lidar"): Promise<{ systemId: string; ids: Record<Key, string> }> {
  const systemId = (await gql(`mutation($n: String!) { createSystem(name: $n) { id } }`, { n: name })).createSystem.id as string;
  const ids = {} as Record<Key, string>;
  for (const key of MODELS) {
    const features = PARENTS[key].length === 0 ? [{ name: "signal", kind: "NUMERIC" }, { name: "noise", kind: "NUMERIC" }] : [...PARENTS[key].map((p) => ({ name: `${p}_out`, kind: "NUMERIC" })), { name: "noise", kind: "NUMERIC" }];
    ids[key] = (await gql(`mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: $f) { id } }`, { s: systemId, k: key, f: features })).registerModel.id;
  }
  for (const key of MODELS) {
    for (const parent of PARENTS[key]) {
      await gql(`mutation($s: ID!, $f: String!, $t: String!, $x: String) { addDependency(systemId: $s, fromKey: $f, toKey: $t, feature: $x) { id } }`, { s: systemId, f: parent, t: key, x: `${parent}_out` });
    }
  }
  const random = seededRandom(faulty === "camera" ? 1 : 2);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  for (let h = 0; h < 4; h += 1) {
    const batches: Record<Key, string[]> = Object.fromEntries(MODELS.map((k) => [k, []])) as never;
    for (let i = 0; i < ROWS; i += 1) {
      const out = {} as Record<Key, number>;
      const timestamp = iso(T0 + h * HOUR + i * 5000);
      for (const key of MODELS) {
        const noise = gauss();
        let features: Record<string, number>;
        if (PARENTS[key].length === 0) {
          const signal = gauss() + (key === faulty && h >= 2 ? 4 : 0); // the fault: a shifted raw input
          features = { signal, noise };
          out[key] = signal + 0.3 * noise;
        } else {
          features = { noise };
          let sum = 0;
          for (const p of PARENTS[key]) {
            features[`${p}_out`] = out[p];
            sum += out[p];
          }
          out[key] = sum / PARENTS[key].length + 0.3 * noise;
        }
        batches[key].push(JSON.stringify({ id: `${key}-${h}-${i}`, timestamp, features, score: out[key] }));
      }
    }
    for (const key of MODELS) {
      const res = await app.post(`/v1/models/${ids[key]}/predictions`, batches[key].join("\n"));
      expect(res.json.accepted).toBe(ROWS);
    }
  }
  return { systemId, ids };
}

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 10 * HOUR) });
});
afterAll(() => app?.close());

describe.each([["camera" as const], ["lidar" as const]])("a fault in %s perception", (faulty) => {
  let systemId: string;
  let ids: Record<Key, string>;

  beforeAll(async () => {
    ({ systemId, ids } = await scenario(`autopilot-${faulty}`, faulty));
    for (let h = 1; h <= 3; h += 1) await gql(`mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: iso(T0 + (h + 1) * HOUR) });
  });

  it(`names ${faulty} as the root cause, with one open incident holding the downstream alerts`, async () => {
    const d = await gql(`query($s: ID!, $at: DateTime) { rootCauses(systemId: $s, at: $at) { model { key } explanation }
      incidents(systemId: $s, status: OPEN) { rootCause { key } affected { key } alerts { model { key } } } }`, { s: systemId, at: iso(T0 + 4 * HOUR) });
    expect(d.rootCauses[0].model.key).toBe(faulty);
    expect(d.incidents).toHaveLength(1);
    expect(d.incidents[0].rootCause.key).toBe(faulty);
    const alerted = new Set(d.incidents[0].alerts.map((a: { model: { key: string } }) => a.model.key));
    for (const key of ["fusion", "tracking", "prediction", "planning", "control"]) expect(alerted.has(key)).toBe(true);
    const other = faulty === "camera" ? "lidar" : "camera";
    expect(alerted.has(other)).toBe(false);
  });

  it("lists the five downstream models in the blast radius, risk decreasing with distance", async () => {
    const d = await gql(`query($m: ID!) { blastRadius(modelId: $m) { model { key } risk hops } }`, { m: ids[faulty] });
    expect(d.blastRadius.map((x: { model: { key: string } }) => x.model.key)).toEqual(["fusion", "tracking", "prediction", "planning", "control"]);
    expect(d.blastRadius.map((x: { hops: number }) => x.hops)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < d.blastRadius.length; i += 1) expect(d.blastRadius[i].risk).toBeLessThan(d.blastRadius[i - 1].risk);
  });
});
