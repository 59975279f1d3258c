// weakSlices through GraphQL, on PostgreSQL and the embedded database: a planted weak slice comes
// first from labels; a window without labels gives estimated slices; regression searches mean
// absolute error; a range of windows; bad input named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../api/src/analytics/seeded-random.js";
import { BOTH_DATABASES, seedSystem, startTestAppOn, type TestApp } from "../support/test-app.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const REGIONS = ["north", "south", "east", "west"];
const FEATURES = [
  { name: "region", kind: "CATEGORICAL" },
  { name: "age", kind: "NUMERIC" },
  { name: "device", kind: "CATEGORICAL" },
];

const QUERY = `query($m: ID!, $at: DateTime, $w: Int, $min: Int, $max: Int) {
  weakSlices(modelId: $m, at: $at, windows: $w, minSupport: $min, maxSlices: $max) {
    windowStart windowEnd metric estimated test rows tested reason
    slices { conditions { feature category range { lower upper } } support metric inSlice outside pValue adjustedPValue estimated }
  } }`;

interface Row { id: string; timestamp: string; features: Record<string, unknown>; score: number; label: number; planted: boolean }

/** One hour of rows; planted: region east and age ≥ 70 (top fifth of uniform 20–80 → 5% of rows). */
function hour(random: () => number, h: number, n: number, task: "binary" | "regression", planted: boolean, uncertain = false): Row[] {
  return Array.from({ length: n }, (_, i) => {
    const region = REGIONS[Math.floor(random() * 4)]!;
    const age = 20 + 60 * random();
    const inSlice = region === "east" && age >= 68;
    const features = { region, age, device: random() < 0.5 ? "ios" : "web" };
    const base = { id: `h${h}-${i}`, timestamp: iso(T0 + h * HOUR + i * 500), features, planted: inSlice };
    if (task === "regression") {
      const label = 10 * random();
      const noise = (random() - 0.5) * 2 * (planted && inSlice ? 4 : 1);
      return { ...base, score: label + noise, label };
    }
    const label = random() < 0.5 ? 1 : 0;
    const right = random() >= (planted && inSlice ? 0.5 : 0.1);
    const confident = right === (label === 1) ? 0.7 + 0.25 * random() : 0.05 + 0.25 * random();
    return { ...base, score: uncertain && inSlice ? 0.45 + 0.1 * random() : confident, label };
  });
}

async function send(app: TestApp, modelId: string, rows: Row[], labels: boolean): Promise<void> {
  const p = await app.post(`/v1/models/${modelId}/predictions`, rows.map((r) => JSON.stringify({ id: r.id, timestamp: r.timestamp, features: r.features, score: r.score })).join("\n"));
  expect(p.status).toBe(200);
  if (!labels) return;
  const l = await app.post(`/v1/models/${modelId}/labels`, rows.map((r) => JSON.stringify({ predictionId: r.id, timestamp: r.timestamp, value: r.label })).join("\n"));
  expect(l.status).toBe(200);
}

function expectPlantedFirst(slice: { conditions: Array<{ feature: string; category: string | null; range: { lower: number | null; upper: number | null } | null }> }) {
  expect(slice.conditions.map((c) => c.feature)).toEqual(["region", "age"]);
  expect(slice.conditions[0]!.category).toBe("east");
  expect(slice.conditions[1]!.range!.upper).toBeNull();
  expect(slice.conditions[1]!.range!.lower!).toBeGreaterThan(64);
  expect(slice.conditions[1]!.range!.lower!).toBeLessThan(72);
}

describe.each(BOTH_DATABASES)("weakSlices on $where", ({ where, skip }) => {
  let app: TestApp;
  let binary: string;
  let regression: string;

  beforeAll(async () => {
    if (skip) return;
    app = await startTestAppOn(where, { now: () => new Date(T0 + 10 * HOUR), multivariateDrift: false });
    ({ modelIds: { binary, regression } } = (await seedSystem(app, "shop", [
      { key: "binary", task: "BINARY_CLASSIFICATION", features: FEATURES },
      { key: "regression", task: "REGRESSION", features: FEATURES },
    ])) as never);
    const random = seededRandom(15);
    await send(app, binary, hour(random, 0, 1500, "binary", false), true); // the reference
    await send(app, binary, hour(random, 1, 3000, "binary", true), true);
    await send(app, binary, hour(random, 2, 3000, "binary", false, true), false);
    await send(app, binary, hour(random, 3, 2000, "binary", false), true);
    await send(app, regression, hour(random, 0, 1500, "regression", false), true);
    await send(app, regression, hour(random, 1, 3000, "regression", true), true);
  }, 120_000);
  afterAll(() => app?.close());

  it.skipIf(skip)("labels: the planted region × age slice is first, with its error rate inside and out", async () => {
    const r = await app.gql(QUERY, { m: binary, at: iso(T0 + 2 * HOUR) });
    expect(r.errors).toBeUndefined();
    const report = r.data.weakSlices;
    expect(report).toMatchObject({ windowStart: iso(T0 + HOUR), windowEnd: iso(T0 + 2 * HOUR), metric: "error_rate", estimated: false, test: "FISHER", rows: 3000, reason: null });
    expect(report.tested).toBeGreaterThan(40); // 4 + 5 + 2 levels, their pairs, less the empty and the redundant
    const first = report.slices[0];
    expectPlantedFirst(first);
    expect(first).toMatchObject({ metric: "error_rate", estimated: false });
    expect(first.inSlice).toBeGreaterThan(0.35);
    expect(first.outside).toBeLessThan(0.13);
    expect(first.adjustedPValue).toBeLessThanOrEqual(0.05);
    expect(first.pValue).toBeLessThanOrEqual(first.adjustedPValue);
    expect(report.slices.length).toBeLessThanOrEqual(10);
  });

  it.skipIf(skip)("a same-distribution window reports no slice", async () => {
    const r = await app.gql(QUERY, { m: binary, at: iso(T0 + 4 * HOUR) });
    expect(r.data.weakSlices).toMatchObject({ estimated: false, rows: 2000, slices: [] });
  });

  it.skipIf(skip)("no labels: estimated errors (calibrated on the reference), marked estimated", async () => {
    const r = await app.gql(QUERY, { m: binary, at: iso(T0 + 3 * HOUR), max: 3 });
    expect(r.errors).toBeUndefined();
    const report = r.data.weakSlices;
    expect(report).toMatchObject({ metric: "error_rate", estimated: true, test: "WELCH", rows: 3000 });
    expect(report.slices.length).toBeGreaterThan(0);
    expect(report.slices.length).toBeLessThanOrEqual(3);
    expectPlantedFirst(report.slices[0]);
    expect(report.slices.every((s: { estimated: boolean }) => s.estimated)).toBe(true);
  });

  it.skipIf(skip)("a range of windows: the labelled rows of hours 1 and 2", async () => {
    const r = await app.gql(QUERY, { m: binary, at: iso(T0 + 3 * HOUR), w: 2, max: 1 });
    expect(r.data.weakSlices).toMatchObject({ windowStart: iso(T0 + HOUR), windowEnd: iso(T0 + 3 * HOUR), estimated: false, rows: 3000 });
    expectPlantedFirst(r.data.weakSlices.slices[0]);
  });

  it.skipIf(skip)("regression: mean absolute error, Welch test", async () => {
    const r = await app.gql(QUERY, { m: regression, at: iso(T0 + 2 * HOUR) });
    const report = r.data.weakSlices;
    expect(report).toMatchObject({ metric: "mae", test: "WELCH", estimated: false, rows: 3000 });
    expectPlantedFirst(report.slices[0]);
    expect(report.slices[0].inSlice).toBeGreaterThan(1.5);
  });

  it.skipIf(skip)("nothing to search: a reason, no slices", async () => {
    const r = await app.gql(QUERY, { m: regression, at: iso(T0 + 8 * HOUR) });
    expect(r.data.weakSlices).toMatchObject({ rows: 0, tested: 0, slices: [], reason: "no predictions in the range" });
  });

  it.skipIf(skip)("bad input names the argument; an unknown model is NOT_FOUND", async () => {
    for (const [vars, message] of [
      [{ w: 0 }, /^windows: expected an integer in \[1, 168\]/],
      [{ min: 1 }, /^minSupport: expected an integer in \[2, 1000000\]/],
      [{ max: 101 }, /^maxSlices: expected an integer in \[0, 100\]/],
    ] as const) {
      const r = await app.gql(QUERY, { m: binary, ...vars });
      expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(r.errors?.[0]?.message).toMatch(message);
    }
    const missing = await app.gql(QUERY, { m: "00000000-0000-0000-0000-000000000000" });
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
