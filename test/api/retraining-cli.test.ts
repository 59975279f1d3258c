// The `tandem` command-line client end to end against a running API: `retrain pull` claims leased
// batches in chunks (progress on stderr, batch ids on stdout) and writes JSONL; `retrain ack --from`
// consumes them, so a later claim never returns them; `retrain export` downloads the CSV; usage
// errors exit 2, API errors exit 1 with the API's message.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "api/bin/tandem.mjs");
const T0 = Date.UTC(2026, 0, 5);
const N = 1500;
let app: TestApp;
let modelId: string;
let retrainKey: string;
let dir: string;

/** Runs the CLI asynchronously (the API lives in this process: a sync spawn would block it). */
function tandem(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false });
  const s = await seedSystem(app, "cli", [{ key: "scorer", features: [{ name: "amount", kind: "NUMERIC" }] }]);
  modelId = s.modelIds.scorer!;
  const random = seededRandom(8);
  const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ id: `s-${i}`, timestamp: new Date(T0 + i * 1000).toISOString(), features: { amount: random() * 100 }, score: random() }));
  expect((await app.post(`/v1/models/${modelId}/predictions`, lines.join("\n"))).json.accepted).toBe(N);
  retrainKey = (await app.gql(`mutation { createApiKey(scopes: [RETRAIN]) { key } }`)).data.createApiKey.key;
  dir = mkdtempSync(join(tmpdir(), "tandem-cli-"));
});
afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("tandem retrain pull → ack", () => {
  let pulled: Array<{ batchId: string; predictionId: string; priority: number; reasons: string[]; features: { amount: number } }>;

  it("pulls 1,200 samples in chunks of 500, writes them as JSONL, prints progress and the batch ids", async () => {
    const out = join(dir, "batch.jsonl");
    const r = await tandem(["retrain", "pull", "--model", modelId, "--size", "1200", "--out", out, "--strategy", "UNCERTAINTY", "--lease", "600", "--api", app.url], { TANDEM_API_KEY: retrainKey });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    pulled = readFileSync(out, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(pulled).toHaveLength(1200);
    expect(new Set(pulled.map((s) => s.predictionId)).size).toBe(1200);
    const batchIds = [...new Set(pulled.map((s) => s.batchId))];
    expect(batchIds).toHaveLength(3);
    expect(r.stdout.trim().split("\n")).toEqual(batchIds);
    expect(r.stderr).toMatch(/pulled 500\/1,200 samples in 1 batch/);
    expect(r.stderr).toMatch(/pulled 1,000\/1,200 samples in 2 batches/);
    expect(r.stderr).toMatch(/wrote 1200 samples in 3 batches to .*batch\.jsonl/);
    expect(pulled[0]).toMatchObject({ modelId, modelKey: "scorer", strategy: "UNCERTAINTY" });
    expect(pulled[0]!.reasons[0]).toMatch(/from the decision boundary/);
    // Highest priority first within each batch.
    for (const id of batchIds) {
      const p = pulled.filter((s) => s.batchId === id).map((s) => s.priority);
      expect([...p].sort((a, b) => b - a)).toEqual(p);
    }
  });

  it("acks every batch recorded in the file; a second claim does not return the acked samples", async () => {
    const r = await tandem(["retrain", "ack", "--from", join(dir, "batch.jsonl"), "--api", app.url, "--key", retrainKey]);
    expect(r.code).toBe(0);
    const acked = r.stdout.trim().split("\n").map((l) => l.split("\t"));
    expect(acked).toHaveLength(3);
    expect(acked.reduce((a, [, n]) => a + Number(n), 0)).toBe(1200);
    expect(r.stderr).toMatch(/acknowledged 1200 samples in 3 batch/);

    const claim = await app.gql(
      `mutation($m: ID!) { claimRetrainingBatch(modelId: $m, size: 5000, strategy: UNCERTAINTY) { id samples { predictionId } } }`,
      { m: modelId },
      retrainKey,
    );
    expect(claim.errors).toBeUndefined();
    const again = new Set(claim.data.claimRetrainingBatch.samples.map((s: { predictionId: string }) => s.predictionId));
    expect(again.size).toBeGreaterThan(0);
    expect(pulled.filter((s) => again.has(s.predictionId))).toEqual([]);
    // Leave the pool free for the next test.
    await app.gql(`mutation($b: ID!) { ackRetrainingBatch(batchId: $b) }`, { b: claim.data.claimRetrainingBatch.id }, retrainKey);
  });

  it("an empty pool: pull writes nothing, says so, exits 0", async () => {
    const out = join(dir, "empty.jsonl");
    const r = await tandem(["retrain", "pull", "--model", modelId, "--size", "10", "--out", out, "--api", app.url, "--key", retrainKey, "--strategy", "UNCERTAINTY"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no samples available/);
    expect(readFileSync(out, "utf8")).toBe("");
  });
});

describe("tandem retrain export", () => {
  it("downloads the CSV of the ranking (read-only)", async () => {
    const { modelIds } = await seedSystem(app, "cli-export", [{ key: "exp", features: [{ name: "amount", kind: "NUMERIC" }] }]);
    const random = seededRandom(9);
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `e-${i}`, timestamp: new Date(T0 + i * 1000).toISOString(), features: { amount: random() }, score: random() }));
    await app.post(`/v1/models/${modelIds.exp}/predictions`, lines.join("\n"));
    const out = join(dir, "ranked.csv");
    const r = await tandem(["retrain", "export", "--model", modelIds.exp!, "--out", out, "--strategy", "UNCERTAINTY", "--limit", "100", "--api", app.url, "--key", retrainKey]);
    expect(r.code).toBe(0);
    const rows = readFileSync(out, "utf8").trimEnd().split("\r\n");
    expect(rows[0]).toMatch(/^rank,predictionId,modelId,/);
    expect(rows).toHaveLength(101);
    const gql = await app.gql(`query($m: ID!) { retrainingCandidates(modelId: $m, strategy: UNCERTAINTY, first: 100) { predictionId } }`, { m: modelIds.exp }, retrainKey);
    expect(rows.slice(1).map((l) => l.split(",")[1])).toEqual(gql.data.retrainingCandidates.map((c: { predictionId: string }) => c.predictionId));
  });
});

describe("tandem errors", () => {
  it.each([
    { name: "no command", args: [], code: 2, stream: "stdout", message: /Usage: tandem <command>/ },
    { name: "unknown command", args: ["frobnicate"], code: 2, stream: "stderr", message: /unknown command "frobnicate"/ },
    { name: "missing --size", args: ["retrain", "pull", "--model", "m", "--out", "x.jsonl", "--key", "k"], code: 2, stream: "stderr", message: /--size is required/ },
    { name: "bad --size", args: ["retrain", "pull", "--model", "m", "--size", "ten", "--out", "x.jsonl", "--key", "k"], code: 2, stream: "stderr", message: /--size: expected an integer from 1 to/ },
    { name: "unknown option", args: ["retrain", "pull", "--model", "m", "--sise", "10"], code: 2, stream: "stderr", message: /Unknown option '--sise'/ },
    { name: "bad strategy", args: ["retrain", "export", "--model", "m", "--out", "x.csv", "--strategy", "best", "--key", "k"], code: 2, stream: "stderr", message: /--strategy: expected one of COMBINED/ },
    { name: "no key", args: ["retrain", "ack", "--batch", "b"], code: 2, stream: "stderr", message: /pass --key KEY or set TANDEM_API_KEY/ },
    { name: "ack without batches", args: ["retrain", "ack", "--key", "k"], code: 2, stream: "stderr", message: /give --batch ID or --from FILE/ },
  ])("usage: $name → exit $code", async ({ args, code, stream, message }) => {
    const r = await tandem(args);
    expect(r.code).toBe(code);
    expect(stream === "stdout" ? r.stdout : r.stderr).toMatch(message);
  });

  it("--help of each command exits 0", async () => {
    for (const args of [["--help"], ["retrain", "pull", "--help"], ["retrain", "ack", "-h"], ["retrain", "export", "--help"]]) {
      const r = await tandem(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: tandem/);
    }
  });

  it("API errors exit 1 with the API's message", async () => {
    const read = (await app.gql(`mutation { createApiKey(scopes: [READ]) { key } }`)).data.createApiKey.key;
    const forbidden = await tandem(["retrain", "pull", "--model", modelId, "--size", "5", "--out", join(dir, "no.jsonl"), "--api", app.url, "--key", read]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/FORBIDDEN: claimRetrainingBatch needs an API key with the RETRAIN or ADMIN scope/);
    const badKey = await tandem(["retrain", "export", "--model", modelId, "--out", join(dir, "no.csv"), "--api", app.url, "--key", "nope"]);
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/UNAUTHENTICATED/);
    const missing = await tandem(["retrain", "ack", "--batch", "00000000-0000-4000-8000-000000000000", "--api", app.url, "--key", retrainKey]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/NOT_FOUND: batch '00000000-0000-4000-8000-000000000000' not found/);
    const badLimit = await tandem(["retrain", "export", "--model", "not-a-model", "--out", join(dir, "no.csv"), "--api", app.url, "--key", retrainKey]);
    expect(badLimit.code).toBe(1);
    expect(badLimit.stderr).toMatch(/NOT_FOUND: model 'not-a-model' not found/);
    const down = await tandem(["retrain", "ack", "--batch", "b", "--api", "http://127.0.0.1:1", "--key", "k"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the Tandem API at http:\/\/127\.0\.0\.1:1/);
  });

  it("ack --from a file that is not a pull file is a usage error", async () => {
    const path = join(dir, "not-pull.jsonl");
    writeFileSync(path, `{"predictionId":"x"}\n`);
    const r = await tandem(["retrain", "ack", "--from", path, "--key", "k"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1 has no batchId/);
  });
});
