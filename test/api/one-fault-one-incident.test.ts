// Issue #12, "one fault, one incident", end to end through GraphQL: four systems whose faults travel
// along their dependencies — a 7-model driving chain where the fault reaches every consumer in the
// window it starts (lag 0), a fan-out from a shared source, two independent faults two windows apart
// in separate parts of one system, a consumer flapping before the fault, and a consumer whose own
// trouble opened an incident before the fault (re-rooted when the fault explains it) — each evaluated both
// ways the evaluator runs: `evaluate(at:)` window by window after all data was ingested, and live
// (the catch-up evaluator with a clock advanced window by window while the data arrives). Each
// asserts the incidents (count, roots, members), the `rootCauses` order (the k roots at the first k
// ranks) and that each root's sentence names the models that followed it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
/** Predictions per model and hour window (one every 15 s). */
const ROWS = 240;
/** Shift of a faulty source's raw input (in standard deviations). */
const SHIFT = 4;

interface Scenario {
  name: string;
  /** Each model's producers, in an order where producers come first. */
  parents: Record<string, string[]>;
  /** Hours of data (windows 0 … hours − 1). */
  hours: number;
  /** The faulty source of each hour's data (its raw input shifted): model → first faulty hour. */
  faults: Record<string, number>;
  /** Hours in which a model's own input (not passed on) is shifted: an alarm of its own. */
  flaps?: Record<string, number[]>;
  /** Its own output too in those hours (a second breached signal: the alarm can persist into an incident). */
  flapOutput?: boolean;
  /** The window at whose end the (single) incident opened, when before the fault (it was the flapping model's, then re-rooted). */
  openedAfterWindow?: number;
  /** Incidents closed as merged into another (RESOLVED, mergedInto set); not counted in `incidents`. */
  merged?: number;
  /** The window whose root causes are checked: the one where the last fault started. */
  check: number;
  /** The incidents expected over the whole run: root and the models that followed it. */
  incidents: Array<{ root: string; followers: string[] }>;
}

const SCENARIOS: Scenario[] = [
  {
    name: "driving chain, lag 0",
    parents: { camera: [], lidar: [], fusion: ["camera", "lidar"], tracking: ["fusion"], prediction: ["tracking"], planning: ["prediction"], control: ["planning"] },
    hours: 4,
    faults: { camera: 2 },
    check: 2,
    incidents: [{ root: "camera", followers: ["fusion", "tracking", "prediction", "planning", "control"] }],
  },
  {
    name: "fan-out from a shared source",
    parents: { store: [], pricing: ["store"], ranking: ["store"], fraud: ["store"], recommendations: ["store"], search: ["store"], ads: ["ranking"] },
    hours: 4,
    faults: { store: 2 },
    check: 2,
    incidents: [{ root: "store", followers: ["pricing", "ranking", "fraud", "recommendations", "search", "ads"] }],
  },
  {
    name: "two independent faults two windows apart",
    parents: {
      sensors: [], map: [], perception: ["sensors"], fusion: ["perception"], planning: ["fusion", "map"], control: ["planning"],
      parking: [], maneuver: ["parking"], actuation: ["maneuver"],
    },
    hours: 6,
    faults: { sensors: 2, parking: 4 },
    check: 4,
    incidents: [
      { root: "sensors", followers: ["perception", "fusion", "planning", "control"] },
      { root: "parking", followers: ["maneuver", "actuation"] },
    ],
  },
  {
    name: "a consumer flapping before the fault",
    parents: { ingest: [], features: ["ingest"], scoring: ["features"], ranking: ["scoring"], serving: ["ranking"] },
    hours: 6,
    faults: { ingest: 4 },
    flaps: { scoring: [1, 3] },
    check: 4,
    incidents: [{ root: "ingest", followers: ["features", "scoring", "ranking", "serving"] }],
  },
  {
    // scoring's own trouble (its input and its output, 3 windows in a row) is an incident before the
    // fault; when the fault arrives the incident follows the explanation: re-rooted at ingest.
    name: "a consumer's own incident before the fault",
    parents: { ingest: [], features: ["ingest"], scoring: ["features"], ranking: ["scoring"], serving: ["ranking"] },
    hours: 6,
    faults: { ingest: 4 },
    flaps: { scoring: [1, 2, 3] },
    flapOutput: true,
    openedAfterWindow: 3,
    check: 4,
    incidents: [{ root: "ingest", followers: ["features", "scoring", "ranking", "serving"] }],
  },
  {
    // Two consumers each with an incident of their own before the fault: the fault's group explains
    // both roots — one incident is re-rooted at the source, the other merged into it.
    name: "two consumers' own incidents before the fault",
    parents: { source: [], left: ["source"], right: ["source"], leftTail: ["left"], rightTail: ["right"] },
    hours: 6,
    faults: { source: 4 },
    flaps: { left: [1, 2, 3], right: [1, 2, 3] },
    flapOutput: true,
    openedAfterWindow: 3,
    merged: 1,
    check: 4,
    incidents: [{ root: "source", followers: ["left", "right", "leftTail", "rightTail"] }],
  },
];

/** The NDJSON lines of each model for each hour: outputs flow into the consumers' inputs. */
function generate(s: Scenario): Array<Record<string, string[]>> {
  const keys = Object.keys(s.parents);
  const random = seededRandom(keys.length * 31 + s.hours);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const hours: Array<Record<string, string[]>> = [];
  for (let h = 0; h < s.hours; h += 1) {
    const lines: Record<string, string[]> = Object.fromEntries(keys.map((k) => [k, []]));
    for (let i = 0; i < ROWS; i += 1) {
      const out: Record<string, number> = {};
      const timestamp = iso(T0 + h * HOUR + i * 15_000);
      for (const key of keys) {
        const noise = gauss();
        const own = noise + (s.flaps?.[key]?.includes(h) ? SHIFT : 0); // what the model sees; not passed on
        const features: Record<string, number> = { noise: own };
        const parents = s.parents[key]!;
        if (parents.length === 0) {
          features.signal = gauss() + (s.faults[key] !== undefined && h >= s.faults[key]! ? SHIFT : 0);
          out[key] = features.signal + 0.3 * noise;
        } else {
          let sum = 0;
          for (const p of parents) {
            features[`${p}_out`] = out[p]!;
            sum += out[p]!;
          }
          out[key] = sum / parents.length + 0.3 * noise;
        }
        const score = s.flapOutput && s.flaps?.[key]?.includes(h) ? out[key]! + SHIFT : out[key]; // its own output only
        lines[key]!.push(JSON.stringify({ id: `${key}-${h}-${i}`, timestamp, features, score }));
      }
    }
    hours.push(lines);
  }
  return hours;
}

const DATA = SCENARIOS.map(generate);

const gql = gqlData;

async function register(app: TestApp, s: Scenario): Promise<{ systemId: string; ids: Record<string, string> }> {
  const systemId = (await gql(app, `mutation($n: String!) { createSystem(name: $n, windowSeconds: 3600) { id } }`, { n: s.name })).createSystem.id as string;
  const ids: Record<string, string> = {};
  for (const [key, parents] of Object.entries(s.parents)) {
    const features = [...(parents.length === 0 ? ["signal"] : parents.map((p) => `${p}_out`)), "noise"].map((name) => ({ name, kind: "NUMERIC" }));
    ids[key] = (await gql(app, `mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: $f) { id } }`, { s: systemId, k: key, f: features })).registerModel.id;
  }
  for (const [key, parents] of Object.entries(s.parents)) {
    for (const p of parents) await gql(app, `mutation($s: ID!, $f: String!, $t: String!, $x: String) { addDependency(systemId: $s, fromKey: $f, toKey: $t, feature: $x) { id } }`, { s: systemId, f: p, t: key, x: `${p}_out` });
  }
  return { systemId, ids };
}

async function ingestHour(app: TestApp, ids: Record<string, string>, lines: Record<string, string[]>): Promise<void> {
  for (const [key, rows] of Object.entries(lines)) {
    const res = await app.post(`/v1/models/${ids[key]}/predictions`, rows.join("\n"));
    expect(res.json.accepted).toBe(ROWS);
  }
}

const RESULT = `query($s: ID!, $at: DateTime) {
  rootCauses(systemId: $s, at: $at) { model { key } rank explanation groupRoot { key } }
  systemHealth(systemId: $s, at: $at) { cascades { root { key } affected { key } } }
  incidents(systemId: $s) { id status rootCause { key } affected { key } summary openedAt mergedInto { id } alerts { id } } }`;

/**
 * The models a root's sentence names as its incident's: the ones that followed it ("… followed in
 * the same window: a, b, c; …") and the ones linked to it with weaker evidence ("linked to it in
 * the same incident (…): d; …", e.g. a consumer that was already anomalous before the fault).
 */
function followersNamed(explanation: string): string[] {
  const named: string[] = [];
  for (const re of [/downstream models? followed [^:]*: ([^;]*)/, /linked to it in the same incident \([^)]*\): ([^;]*)/, /already anomalous before it, then caught up in its cascade: ([^;]*)/, /([^;]*) turned anomalous a window before it showed/]) {
    const m = re.exec(explanation);
    if (m) named.push(...m[1]!.split(", ").map((x) => x.trim()));
  }
  return named;
}

const STATUS = `query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { models { model { key } status } } }`;

/** The stored status of each model in window `h`. */
async function statuses(app: TestApp, systemId: string, h: number): Promise<Record<string, string>> {
  const d = await gql(app, STATUS, { s: systemId, at: iso(T0 + (h + 1) * HOUR) });
  return Object.fromEntries(d.systemHealth.models.map((m: { model: { key: string }; status: string }) => [m.model.key, m.status]));
}

async function assertOutcome(app: TestApp, s: Scenario, systemId: string): Promise<void> {
  // The scenario does what it says: every faulty model is anomalous in the checked window (lag 0),
  // the flapping model in its flap windows and healthy in between.
  const atCheck = await statuses(app, systemId, s.check);
  for (const i of s.incidents) for (const key of [i.root, ...i.followers]) expect(atCheck[key], `${key} in window ${s.check}`).not.toBe("HEALTHY");
  for (const [key, hours] of Object.entries(s.flaps ?? {})) {
    for (let h = 1; h < Math.min(...Object.values(s.faults)); h += 1) expect((await statuses(app, systemId, h))[key] !== "HEALTHY", `${key} in window ${h}`).toBe(hours.includes(h));
  }
  const d = await gql(app, RESULT, { s: systemId, at: iso(T0 + (s.check + 1) * HOUR) });
  const incidents = d.incidents as Array<{ id: string; status: string; rootCause: { key: string } | null; affected: Array<{ key: string }>; summary: string; openedAt: string; mergedInto: { id: string } | null; alerts: Array<{ id: string }> }>;
  const merged = incidents.filter((i) => i.mergedInto !== null);
  expect(merged.length).toBe(s.merged ?? 0);
  const live = incidents.filter((i) => i.mergedInto === null);
  for (const m of merged) expect(live.map((i) => i.id)).toContain(m.mergedInto!.id);
  const got = live.map((i) => ({ root: i.rootCause?.key ?? null, members: i.affected.map((m) => m.key).sort() })).sort((a, b) => String(a.root).localeCompare(String(b.root)));
  const want = s.incidents.map((i) => ({ root: i.root, members: [i.root, ...i.followers].sort() })).sort((a, b) => a.root.localeCompare(b.root));
  expect(got).toEqual(want);
  if (s.openedAfterWindow !== undefined) {
    // Opened as the flapping model's own incident, before the fault; the fault's root took it over.
    expect(live[0]!.openedAt).toBe(iso(T0 + (s.openedAfterWindow + 1) * HOUR));
    expect(live[0]!.summary).toMatch(new RegExp(`^${s.incidents[0]!.root} started it`));
    for (const m of merged) {
      expect(m.status).toBe("RESOLVED");
      expect(m.summary).toMatch(new RegExp(`^merged into the incident rooted at ${s.incidents[0]!.root}`));
      expect(m.alerts).toEqual([]); // its alerts went to the incident it was merged into
    }
  }
  const ranked = d.rootCauses as Array<{ model: { key: string }; rank: number; explanation: string; groupRoot: { key: string } | null }>;
  const k = s.incidents.length;
  expect(ranked.slice(0, k).map((r) => r.model.key).sort()).toEqual(s.incidents.map((i) => i.root).sort());
  // The cascades and every ranked model's group say the same as the incidents (one decision).
  const cascades = d.systemHealth.cascades.map((c: { root: { key: string }; affected: Array<{ key: string }> }) => ({ root: c.root.key, members: [c.root.key, ...c.affected.map((m) => m.key)].sort() }));
  expect(cascades.sort((a: { root: string }, b: { root: string }) => a.root.localeCompare(b.root))).toEqual(want);
  for (const incident of s.incidents) {
    for (const key of [incident.root, ...incident.followers]) {
      const entry = ranked.find((r) => r.model.key === key);
      if (entry) expect(entry.groupRoot?.key, `${key}'s group`).toBe(incident.root);
    }
    const root = ranked.find((r) => r.model.key === incident.root)!;
    expect(root.explanation).toContain("followed in the same window");
    expect(followersNamed(root.explanation).sort()).toEqual([...incident.followers].sort());
  }
}

describe("evaluate(at:) window by window after all data was ingested", () => {
  let app: TestApp;
  const systems: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ multivariateDrift: false, evaluateEverySeconds: 0, now: () => new Date(T0 + 12 * HOUR) });
    for (const [n, s] of SCENARIOS.entries()) {
      const { systemId, ids } = await register(app, s);
      for (const lines of DATA[n]!) await ingestHour(app, ids, lines);
      for (let h = 0; h < s.hours; h += 1) await gql(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: iso(T0 + (h + 1) * HOUR) });
      systems.push(systemId);
    }
  });
  afterAll(() => app?.close());

  it.each(SCENARIOS.map((s, n) => [s.name, n] as const))("%s: one incident per fault, roots first, sentences name the followers", async (_name, n) => {
    await assertOutcome(app, SCENARIOS[n]!, systems[n]!);
  });
});

describe("live: the catch-up evaluator as windows close, data arriving as it is produced", () => {
  let app: TestApp;
  let clock = T0;
  const systems: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ multivariateDrift: false, evaluateEverySeconds: 0, now: () => new Date(clock) });
    const registered = [];
    for (const s of SCENARIOS) registered.push(await register(app, s));
    systems.push(...registered.map((r) => r.systemId));
    const last = Math.max(...SCENARIOS.map((s) => s.hours));
    for (let h = 0; h < last; h += 1) {
      clock = T0 + (h + 1) * HOUR - 1_000; // the hour's data arrives before its window closes
      for (const [n, s] of SCENARIOS.entries()) if (h < s.hours) await ingestHour(app, registered[n]!.ids, DATA[n]![h]!);
      clock = T0 + (h + 1) * HOUR + 30_000;
      // One window per system (a system whose data ended gets its empty windows evaluated too).
      expect(await app.services.health.evaluateClosedWindows()).toBe(SCENARIOS.length);
    }
  });
  afterAll(() => app?.close());

  it.each(SCENARIOS.map((s, n) => [s.name, n] as const))("%s: one incident per fault, roots first, sentences name the followers", async (_name, n) => {
    await assertOutcome(app, SCENARIOS[n]!, systems[n]!);
  });
});
