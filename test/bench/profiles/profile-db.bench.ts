// Profiles on PostgreSQL (DATABASE_URL, default the local server), in one run:
//  1. Bytes per prediction with 20 numeric features: a RAW model against a PROFILE_ONLY one fed the
//     same 100,000 rows (two windows) — growth of predictions (table, TOAST, indexes) plus
//     window_profiles, per prediction; and the feature-carrying part alone (features jsonb vs profiles).
//  2. `tandem profile` on a 1,000,000-row CSV (+ a 100,000-row reference window; 5 numeric and 1
//     categorical features): rows/s and peak RSS printed by the CLI, beside reading the same file
//     line by line (no profiling) in this process; the same rows ingested raw into a twin model.
//  3. The drift report of the 1,000,000-row window: PROFILE path (uploaded model and raw twin),
//     beside the EXACT path on the twin (its uniform 20,000-row sample) and exact on every row
//     (read all rows, the same pure statistics) — timed in the same run, 3 runs each, warm (the
//     first profile report, which sets the reference bins, timed separately). Asserts correctness only.
import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedSystem, startTestApp, gqlData, type TestApp } from "../../support/test-app.js";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";
import { DriftService } from "../../../api/src/services/drift/drift-service.js";
import { driftReport } from "../../../api/src/analytics/drift/drift-report.js";
import { createSummaryBuilder } from "../../../api/src/analytics/drift/window-summary.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
const BIG = Number(process.env.BENCH_PROFILE_ROWS ?? 1_000_000);
const REF = 100_000;
let app: TestApp;
let dir: string;

const F20 = Array.from({ length: 20 }, (_, f) => ({ name: `n${f}`, kind: "NUMERIC" }));
const F6 = [...Array.from({ length: 5 }, (_, f) => ({ name: `x${f}`, kind: "NUMERIC" })), { name: "region", kind: "CATEGORICAL" }];

async function bulk(modelId: string, lines: string[]) {
  for (let i = 0; i < lines.length; i += 50_000) {
    const res = await app.post(`/v1/models/${modelId}/predictions`, lines.slice(i, i + 50_000).join("\n"));
    expect(res.status).toBe(200);
  }
}

async function tableBytes(): Promise<number> {
  await app.db.dataSource.query(`VACUUM ANALYZE`);
  // The whole database (every table, partition, TOAST table and index): the test database holds only this bench's data.
  const r = await app.db.dataSource.query(`SELECT pg_database_size(current_database())::float8 AS b`);
  return r[0].b;
}

function row6(r: () => number, hour: number, i: number, n: number, shift: number) {
  const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return { id: `h${hour}-${i}`, ts: iso(T0 + hour * HOUR + Math.floor((i * HOUR) / n)), x: [0, 1, 2, 3, 4].map((f) => Math.exp(g() + (f === 0 ? shift : 0)) * 100), region: ["N", "S", "E", "W"][Math.floor(r() * 4)]!, score: r() };
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, "api/bin/tandem.mjs"), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", TANDEM_API_KEY: app.adminKey } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  app = await startTestApp({ multivariateDrift: false });
  dir = mkdtempSync(join(tmpdir(), "tandem-profile-bench-"));
}, 900_000);
afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("bytes per prediction: PROFILE_ONLY vs RAW, 20 numeric features", async () => {
  const { modelIds } = await seedSystem(app, "storage", [{ key: "raw", features: F20 }, { key: "po", features: F20 }]);
  await gqlData(app, `mutation($m: ID!) { setModelPrivacy(modelId: $m, mode: PROFILE_ONLY) { mode } }`, { m: modelIds.po });
  const r = seededRandom(7);
  const lines = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ id: `p${i}`, timestamp: iso(T0 + Math.floor((i * 2 * HOUR) / 100_000)), features: Object.fromEntries(F20.map((f) => [f.name, Math.round(r() * 1e6) / 1e3])), score: r() }));
  const b0 = await tableBytes();
  await bulk(modelIds.raw!, lines);
  const b1 = await tableBytes();
  await bulk(modelIds.po!, lines);
  const b2 = await tableBytes();
  const feat = async (m: string) => (await app.db.dataSource.query(`SELECT sum(pg_column_size(features))::float8 AS b FROM predictions WHERE model_id = $1`, [m]))[0].b;
  const prof = async (m: string) => (await app.db.dataSource.query(`SELECT COALESCE(sum(pg_column_size(profile)), 0)::float8 AS b FROM window_profiles WHERE model_id = $1`, [m]))[0].b;
  const raw = (b1 - b0) / 1e5;
  const po = (b2 - b1) / 1e5;
  const rawFeatures = ((await feat(modelIds.raw!)) + (await prof(modelIds.raw!))) / 1e5;
  const poFeatures = ((await feat(modelIds.po!)) + (await prof(modelIds.po!))) / 1e5;
  console.log([
    "", "bench bytes per prediction, 20 numeric features, 100,000 predictions in 2 windows (PostgreSQL, after VACUUM ANALYZE):",
    `  whole database growth (tables, partitions, TOAST, indexes, profiles): RAW ${raw.toFixed(0)} B, PROFILE_ONLY ${po.toFixed(0)} B — ${(raw / po).toFixed(2)}× fewer (target ≥ 10×: ${raw / po >= 10 ? "met" : "NOT met"})`,
    `  feature-carrying bytes (features jsonb + the model's profiles): RAW ${rawFeatures.toFixed(1)} B, PROFILE_ONLY ${poFeatures.toFixed(1)} B — ${(rawFeatures / poFeatures).toFixed(1)}× fewer`, "",
  ].join("\n"));
  expect(po).toBeLessThan(raw);
}, 900_000);

it("tandem profile on a 1,000,000-row CSV and the drift report of that window", async () => {
  const { modelIds } = await seedSystem(app, "cli", [{ key: "uploaded", features: F6 }, { key: "twin", features: F6 }]);
  await gqlData(app, `mutation($m: ID!) { setModelPrivacy(modelId: $m, mode: PROFILE_ONLY) { mode } }`, { m: modelIds.uploaded });
  const csv = join(dir, "big.csv");
  const out = createWriteStream(csv);
  out.write("id,timestamp,x0,x1,x2,x3,x4,region,score\n");
  const raw: string[] = [];
  const r = seededRandom(11);
  for (const [hour, n, shift] of [[1, REF, 0], [2, BIG, 0.08]] as const) {
    for (let i = 0; i < n; i++) {
      const x = row6(r, hour, i, n, shift);
      if (!out.write(`${x.id},${x.ts},${x.x.join(",")},${x.region},${x.score}\n`)) await once(out, "drain");
      raw.push(JSON.stringify({ id: x.id, timestamp: x.ts, features: { x0: x.x[0], x1: x.x[1], x2: x.x[2], x3: x.x[3], x4: x.x[4], region: x.region }, score: x.score }));
    }
  }
  out.end();
  await once(out, "finish");
  let t0 = performance.now();
  let lines = 0;
  for await (const _ of createInterface({ input: createReadStream(csv), crlfDelay: Infinity })) lines++;
  const readMs = performance.now() - t0;
  const run = await cli(["profile", "--model", modelIds.uploaded!, csv, "--api", app.url]);
  expect(run.code, run.stderr).toBe(0);
  const s = JSON.parse(run.stdout);
  expect(s.rows).toBe(REF + BIG);
  t0 = performance.now();
  await bulk(modelIds.twin!, raw);
  const ingestMs = performance.now() - t0;
  raw.length = 0;
  const current = { from: new Date(T0 + 2 * HOUR), to: new Date(T0 + 3 * HOUR) };
  const reference = { from: new Date(T0 + HOUR), to: new Date(T0 + 2 * HOUR) };
  const services = app.services as any;
  const exactService = new DriftService({ ...services.drift.deps, profiles: undefined });
  const model = (m: string) => services.registry.deps.models.byId(m);
  const time = async <T>(fn: () => Promise<T>) => { const t = performance.now(); const v = await fn(); return { ms: performance.now() - t, v }; };
  const up = await model(modelIds.uploaded!);
  const twin = await model(modelIds.twin!);
  const coldTwin = await time(() => services.drift.reportFor(twin, { current, reference }));
  const coldUp = await time(() => services.drift.reportFor(up, { current, reference }));
  const runs: Record<string, number[]> = { "PROFILE (uploaded)": [], "PROFILE (raw twin)": [], "EXACT, 20,000-row sample (raw twin)": [], "exact on every row (raw twin)": [] };
  let reports: any = {};
  for (let k = 0; k < 3; k++) {
    const order = k % 2 === 0 ? ["p", "e"] : ["e", "p"];
    for (const o of order) {
      if (o === "p") {
        const a = await time(() => services.drift.reportFor(up, { current, reference }));
        const b = await time(() => services.drift.reportFor(twin, { current, reference }));
        runs["PROFILE (uploaded)"]!.push(a.ms);
        runs["PROFILE (raw twin)"]!.push(b.ms);
        reports = { ...reports, up: a.v, twin: b.v };
      } else {
        const c = await time(() => exactService.reportFor(twin, { current, reference }));
        runs["EXACT, 20,000-row sample (raw twin)"]!.push(c.ms);
        const d = await time(async () => {
          const summarise = async (w: { from: Date; to: Date }) => {
            const b = createSummaryBuilder({ features: F6 as never, sampleCap: 10_000_000, seed: 1 });
            for (const row of await services.drift.deps.windows.sampleRows(twin.id, w.from, w.to, 0)) b.add(row);
            return b.result();
          };
          return driftReport({ features: F6 as never, reference: await summarise(reference), current: await summarise(current) });
        });
        runs["exact on every row (raw twin)"]!.push(d.ms);
        reports = { ...reports, sampled: c.v, all: d.v };
      }
    }
  }
  expect(reports.up.path).toBe("PROFILE");
  expect(reports.twin.path).toBe("PROFILE");
  expect(reports.sampled.path).toBe("EXACT");
  const byName = (rep: any) => Object.fromEntries(rep.features.map((f: any) => [f.feature, f]));
  const exactAll = byName(reports.all);
  const lines2 = [""];
  for (const [label, rep] of [["uploaded (PROFILE)", reports.up], ["raw twin (PROFILE)", reports.twin], ["raw twin (EXACT, sampled)", reports.sampled]] as const) {
    const f = byName(rep);
    lines2.push(`  ${label.padEnd(26)} x0: KS D ${f.x0.statistic.toFixed(5)} (exact on all rows ${exactAll.x0.statistic.toFixed(5)}, bound ${f.x0.errorBound ?? "—"}), W1/σ ${f.x0.wasserstein.toFixed(5)} (exact ${exactAll.x0.wasserstein.toFixed(5)}), PSI ${f.x0.psi.toFixed(5)} (exact ${exactAll.x0.psi.toFixed(5)}); drifted features ${rep.driftedFeatures} (exact ${reports.all.driftedFeatures})`);
    if (rep.path === "PROFILE") {
      for (const name of ["x0", "x1", "x2", "x3", "x4"]) expect(Math.abs(f[name].statistic - exactAll[name].statistic)).toBeLessThanOrEqual(f[name].errorBound);
      expect(rep.features.map((x: any) => `${x.feature}:${x.drifted}`).sort()).toEqual(reports.all.features.map((x: any) => `${x.feature}:${x.drifted}`).sort());
    }
  }
  const uploadedBytes = (await app.db.dataSource.query(`SELECT sum(pg_column_size(profile))::float8 AS b FROM window_profiles WHERE model_id = $1`, [modelIds.uploaded]))[0].b;
  const twinRowBytes = (await app.db.dataSource.query(`SELECT (sum(pg_column_size(p.*)))::float8 AS b FROM predictions p WHERE model_id = $1`, [modelIds.twin]))[0].b;
  const range = (v: number[]) => `${(Math.min(...v) / 1000).toFixed(3)}–${(Math.max(...v) / 1000).toFixed(3)} s`;
  console.log([
    "", `bench tandem profile: ${(REF + BIG).toLocaleString("en")} CSV rows, 5 numeric + 1 categorical features`,
    `  CLI: ${s.rowsPerSecond.toLocaleString("en")} rows/s (${s.seconds} s profiling), peak RSS ${(s.peakRssBytes / 1048576).toFixed(0)} MiB, uploaded ${(s.profileBytes / 1024).toFixed(0)} KiB of profiles for ${s.windows} windows`,
    `  baseline in the same run: reading the file line by line ${(readMs / 1000).toFixed(2)} s (${Math.round(lines / (readMs / 1000)).toLocaleString("en")} lines/s); ingesting the same rows raw through the bulk endpoint ${(ingestMs / 1000).toFixed(1)} s`,
    `  stored for the uploaded model: ${(uploadedBytes / 1024).toFixed(0)} KiB of window profiles, ${(uploadedBytes / (REF + BIG)).toFixed(2)} B per prediction, nothing per prediction; the raw twin's rows alone (heap, no indexes) ${(twinRowBytes / (REF + BIG)).toFixed(0)} B per prediction (${(twinRowBytes / uploadedBytes).toFixed(0)}×)`,
    `bench drift report of the ${BIG.toLocaleString("en")}-row window (reference ${REF.toLocaleString("en")} rows), 3 warm runs each, alternating:`,
    ...Object.entries(runs).map(([k, v]) => `  ${k.padEnd(38)} ${range(v)}`),
    `  first PROFILE report (sets the reference bins: the twin rebuilds its reference profiles from raw rows): twin ${(coldTwin.ms / 1000).toFixed(2)} s, uploaded ${(coldUp.ms / 1000).toFixed(2)} s`,
    `  target ≤ 0.2 s from profiles: ${Math.max(...runs["PROFILE (uploaded)"]!, ...runs["PROFILE (raw twin)"]!) <= 200 ? "met" : "NOT met"}`,
    ...lines2, "",
  ].join("\n"));
}, 1_800_000);
