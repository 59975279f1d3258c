// Client-side profiling end to end: `tandem profile --model ID data.csv` (the real CLI, spawned)
// profiles a CSV locally with the server's code and uploads only the profiles to a PROFILE_ONLY
// model; the same rows are ingested raw into a twin model. The uploaded model's drift report takes
// the PROFILE path and agrees with the raw twin's (same decisions; KS D of each within its bound of
// the exact D computed here on every row); a retried upload changes nothing; a malformed upload is
// refused naming the field, and nothing of it is stored.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ksTwoSample } from "../../api/src/analytics/drift/ks-test.js";
import { normalizedWasserstein } from "../../api/src/analytics/drift/wasserstein.js";
import { seededRandom } from "../../api/src/analytics/seeded-random.js";
import { emptyColumnProfile } from "../../api/src/analytics/profiles/column-profile.js";
import { encodeColumnProfile } from "../../api/src/analytics/profiles/profile-codec.js";
import { BOTH_DATABASES, gqlData, seedSystem, startTestAppOn, type TestApp } from "../support/test-app.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "api/bin/tandem.mjs");
const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const N = 21_000;
const REPORT = `query($m: ID!, $c: WindowInput!, $r: WindowInput) { driftReport(modelId: $m, current: $c, reference: $r) {
  path errorBound drifted referenceCount currentCount features { feature statistic errorBound effectSize drifted wasserstein psi } predictionDrift { drifted } } }`;

function tandem(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

function rows(hour: number, shift: number, seed: number) {
  const r = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Array.from({ length: N }, (_, i) => ({
    id: `h${hour}-${i}`, timestamp: iso(T0 + hour * HOUR + Math.floor((i * HOUR) / N)),
    features: { amount: Math.exp(gauss() + shift) * 50, channel: r() < 0.5 + shift ? "web" : "shop" }, score: Math.min(1, Math.max(0, 0.5 + 0.2 * gauss() + shift)),
  }));
}

describe.each(BOTH_DATABASES)("tandem profile on $where", ({ where, skip }) => {
  let app: TestApp;
  let rawId: string;
  let uploadedId: string;
  let dir: string;
  let csv: string;
  const data = [rows(1, 0, 1), rows(2, 0.2, 2)];
  const profilesOf = (m: string) => app.db.dataSource.query(`SELECT window_start, column_name, profile::text FROM window_profiles WHERE model_id = $1 ORDER BY 1, 2`, [m]);

  beforeAll(async () => {
    if (skip) return;
    app = await startTestAppOn(where, { now: () => new Date(T0 + 5 * HOUR), multivariateDrift: false });
    const features = [{ name: "amount", kind: "NUMERIC" }, { name: "channel", kind: "CATEGORICAL" }];
    ({ modelIds: { raw: rawId, uploaded: uploadedId } } = (await seedSystem(app, "shop", [{ key: "raw", features }, { key: "uploaded", features }])) as never);
    await gqlData(app, `mutation($m: ID!) { setModelPrivacy(modelId: $m, mode: PROFILE_ONLY) { mode } }`, { m: uploadedId });
    for (const w of data) expect((await app.post(`/v1/models/${rawId}/predictions`, w.map((x) => JSON.stringify(x)).join("\n"))).json).toMatchObject({ accepted: N });
    dir = mkdtempSync(join(tmpdir(), "tandem-profile-"));
    csv = join(dir, "data.csv");
    writeFileSync(csv, ["id,timestamp,amount,channel,score", ...data.flat().map((x) => `${x.id},${x.timestamp},${x.features.amount},${x.features.channel},${x.score}`)].join("\n") + "\n");
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("uploads only profiles; the drift report agrees with the raw twin's within the bounds", async () => {
    const run = await tandem(["profile", "--model", uploadedId, csv, "--api", app.url], { TANDEM_API_KEY: app.adminKey });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ rows: 2 * N, windows: 2 });
    expect(summary.uploads[0]).toMatchObject({ windows: 2, rows: 2 * N, duplicate: false });
    expect(await app.db.dataSource.query(`SELECT count(*)::int AS n FROM predictions WHERE model_id = $1`, [uploadedId])).toEqual([{ n: 0 }]);
    const args = { c: { from: iso(T0 + 2 * HOUR), to: iso(T0 + 3 * HOUR) }, r: { from: iso(T0 + HOUR), to: iso(T0 + 2 * HOUR) } };
    const up = (await gqlData(app, REPORT, { m: uploadedId, ...args })).driftReport;
    const raw = (await gqlData(app, REPORT, { m: rawId, ...args })).driftReport;
    expect([up.path, raw.path]).toEqual(["PROFILE", "PROFILE"]);
    expect([up.referenceCount, up.currentCount]).toEqual([N, N]);
    const exactD = ksTwoSample({ reference: data[0]!.map((x) => x.features.amount), current: data[1]!.map((x) => x.features.amount) }).statistic;
    for (const report of [up, raw]) {
      const amount = report.features.find((f: { feature: string }) => f.feature === "amount");
      expect(Math.abs(amount.statistic - exactD)).toBeLessThanOrEqual(amount.errorBound);
    }
    const decisions = (r: typeof up) => [r.drifted, r.predictionDrift?.drifted, ...r.features.map((f: { feature: string; drifted: boolean }) => `${f.feature}:${f.drifted}`).sort()];
    expect(decisions(up)).toEqual(decisions(raw));
    // W1: both current windows were profiled before the reference bins were set (sketch path:
    // the exact mean difference plus the sketches' crossing area), compared with W1 on every row.
    const w = (r: typeof up) => r.features.find((f: { feature: string }) => f.feature === "amount").wasserstein;
    const exactW = normalizedWasserstein({ reference: data[0]!.map((x) => x.features.amount), current: data[1]!.map((x) => x.features.amount) });
    console.log(`${where}: W1/σ uploaded ${w(up)}, raw twin ${w(raw)}, exact ${exactW}`);
    for (const report of [up, raw]) expect(Math.abs(w(report) - exactW) / exactW).toBeLessThan(0.01);
    expect(run.stderr).toMatch(/uploaded 2 window profile/);
  }, 300_000);

  it.skipIf(skip)("a retried upload changes nothing; a malformed one is refused naming the field", async () => {
    const before = await profilesOf(uploadedId);
    const again = await tandem(["profile", "--model", uploadedId, csv, "--api", app.url], { TANDEM_API_KEY: app.adminKey });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).uploads[0]).toMatchObject({ duplicate: true });
    expect(await profilesOf(uploadedId)).toEqual(before);
    const bad = await app.post(`/v1/models/${uploadedId}/profiles`, JSON.stringify({ uploadId: "bad-1", windows: [{ start: iso(T0 + 3 * HOUR), columns: { amount: { ...encodeColumnProfile(emptyColumnProfile("NUMERIC")), count: -3 } } }] }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^windows\[0\]\.columns\.amount\.count: expected a non-negative integer/);
    const misaligned = await app.post(`/v1/models/${uploadedId}/profiles`, JSON.stringify({ uploadId: "bad-2", windows: [{ start: iso(T0 + 3 * HOUR + 1000), columns: {} }] }));
    expect(misaligned.json.error.message).toMatch(/^windows\[0\]\.start: .* is not the start of a window/);
    expect(await profilesOf(uploadedId)).toEqual(before);
    const usage = await tandem(["profile", csv], { TANDEM_API_KEY: app.adminKey });
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringMatching(/--model is required/)]);
  }, 300_000);
});
