// The whole promise under faults: 8 retrying clients mix valid and malformed NDJSON bulk requests
// and valid and badly typed GraphQL batches against an API process, which is killed with SIGKILL
// and started again, then PostgreSQL is restarted in immediate mode (a crash for every backend).
// Afterwards: every acknowledged item is stored exactly once, nothing of a refused request is
// stored, and the health history has no hole (every closed window since the first data has a
// stored verdict). Runs alone, after the main suite, only with TANDEM_TEST_PG_RESTART (CI sets it).
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { FEATURES, freshDatabase, newKey, prediction } from "../support/test-app.js";
import { ctlCluster, localCluster, REAL_RESTART, type LocalCluster } from "../support/local-cluster.js";
import { sleep, waitUntil } from "../support/outage.js";
import { freePort, gqlAt, startApiProcess, type ApiProcess } from "../support/api-process.js";

const WINDOW_SECONDS = 4;
const CLIENTS = 8;
const ITEMS = 20;

type Kind = "bulk" | "bulk-malformed" | "graphql" | "graphql-mistyped";
interface Request {
  kind: Kind;
  ids: string[];
}

/** Sends one request; true when the server acknowledged every item, false for any refusal or failure. */
async function send(base: string, key: string, modelId: string, r: Request): Promise<{ acked: boolean; status: number }> {
  const at = Date.now();
  const items = r.ids.map((id, i) => prediction(i, { id, timestamp: new Date(at).toISOString() }));
  try {
    if (r.kind.startsWith("bulk")) {
      const lines = items.map((i) => JSON.stringify(i));
      // Past the first 5,000-row batch, so a batch is in flight when the bad line is read.
      if (r.kind === "bulk-malformed") lines[5_000 + Math.floor(Math.random() * (lines.length - 5_000))] = `{"id":"broken",`;
      const res = await fetch(`${base}/v1/models/${modelId}/predictions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" },
        body: lines.join("\n"),
        signal: AbortSignal.timeout(30_000),
      });
      const json = (await res.json()) as { accepted?: number; duplicates?: number };
      return { acked: res.status === 200 && (json.accepted ?? 0) + (json.duplicates ?? 0) === r.ids.length, status: res.status };
    }
    const events = r.kind === "graphql-mistyped" ? items.map((i, k) => (k === 3 ? { ...i, score: "high" } : i)) : items;
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ query: `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates } }`, variables: { m: modelId, e: events } }),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await res.json()) as { data?: { ingestPredictions?: { accepted: number; duplicates: number } }; errors?: unknown[] };
    const got = json.data?.ingestPredictions;
    return { acked: !json.errors && got !== undefined && got.accepted + got.duplicates === r.ids.length, status: res.status };
  } catch {
    return { acked: false, status: 0 };
  }
}

describe("faults under mixed traffic", () => {
  let api: ApiProcess | undefined;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let cluster: LocalCluster | undefined;

  afterAll(async () => {
    api?.child.kill("SIGKILL");
    if (cluster) await ctlCluster(cluster, "start").catch(() => undefined);
    await fresh?.drop().catch(() => undefined);
  }, 120_000);

  it.skipIf(!REAL_RESTART)("kill -9 of the API and an immediate PostgreSQL restart: acked = stored, refused = nothing, no hole in the history", { timeout: 400_000 }, async () => {
    cluster = await localCluster();
    fresh = await freshDatabase();
    const key = newKey();
    const port = await freePort();
    const env = { DATABASE_URL: fresh!.url, TANDEM_ADMIN_KEY: key, TANDEM_EVALUATE_EVERY_SECONDS: "1" };
    api = await startApiProcess(port, env);
    const base = api.base;
    const gql = (query: string, variables: Record<string, unknown>) => gqlAt(base, key, query, variables);
    const sys = await gql(`mutation($w: Int!) { createSystem(name: "faults", windowSeconds: $w) { id } }`, { w: WINDOW_SECONDS });
    const systemId = sys.data.createSystem.id as string;
    const model = await gql(`mutation($s: ID!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: "fraud", task: BINARY_CLASSIFICATION, features: $f) { id } }`, { s: systemId, f: FEATURES });
    const modelId = model.data.registerModel.id as string;

    const acked: string[] = [];
    const refused: string[] = [];
    const wrongly: string[] = [];
    let running = true;
    let seq = 0;
    const kinds: Kind[] = ["bulk", "graphql", "bulk-malformed", "graphql-mistyped"];
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (running) {
        const k = seq++;
        const kind = kinds[k % kinds.length]!;
        const valid = kind === "bulk" || kind === "graphql";
        const ids = Array.from({ length: kind === "bulk-malformed" ? 5_200 : ITEMS }, (_, j) => `${valid ? "ok" : "refused"}-${k}-${j}`);
        // A valid request is retried with the same ids until acknowledged; a malformed one is sent once.
        for (let attempt = 0; ; attempt += 1) {
          const answer = await send(base, key, modelId, { kind, ids });
          if (!valid) {
            if (answer.acked || answer.status === 200 && kind === "bulk-malformed") wrongly.push(ids[0]!);
            refused.push(...ids);
            break;
          }
          if (answer.acked) {
            acked.push(...ids);
            break;
          }
          await sleep(Math.min(1_000, 100 * 2 ** Math.min(attempt, 4)));
        }
      }
    });

    await sleep(6_000);
    api.child.kill("SIGKILL");
    await sleep(500);
    api = await startApiProcess(port, env);
    await sleep(4_000);
    await ctlCluster(cluster, "restart", { immediate: true, timeoutMs: 60_000 });
    await sleep(8_000);
    running = false;
    await Promise.all(clients);

    expect(wrongly, "malformed requests that were acknowledged").toEqual([]);
    const db = new pg.Client({ connectionString: fresh!.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string; n: string }>(`SELECT prediction_id AS id, count(*) AS n FROM predictions WHERE model_id = $1 GROUP BY 1`, [modelId]);
      const stored = new Map(rows.map((r) => [r.id, Number(r.n)]));
      expect(acked.filter((id) => stored.get(id) !== 1), "acknowledged but not stored exactly once").toEqual([]);
      expect(refused.filter((id) => stored.has(id)), "stored from a refused request").toEqual([]);
      expect(stored.size).toBe(acked.length);
      console.info(`[fault-tolerance] ${acked.length} items acknowledged and stored once, ${refused.length} refused and absent`);

      // No hole: every closed window from the first data to now gets its verdict (the evaluator
      // catches up; a claim left by the killed process expires).
      const ms = WINDOW_SECONDS * 1000;
      const first = (await db.query<{ t: Date }>(`SELECT min(ts) AS t FROM predictions WHERE model_id = $1`, [modelId])).rows[0]!.t.getTime();
      const lastClosed = Math.floor(Date.now() / ms) * ms - ms;
      const expected: number[] = [];
      for (let w = Math.floor(first / ms) * ms; w <= lastClosed; w += ms) expected.push(w);
      let missing: number[] = expected;
      await waitUntil("every closed window to have a stored verdict", async () => {
        const got = await db.query<{ w: Date }>(`SELECT window_start AS w FROM system_health WHERE system_id = $1`, [systemId]);
        const have = new Set(got.rows.map((r) => r.w.getTime()));
        missing = expected.filter((w) => !have.has(w));
        return missing.length === 0;
      }, 150_000).catch(() => undefined);
      expect(missing.map((w) => new Date(w).toISOString()), "closed windows without a stored verdict").toEqual([]);
    } finally {
      await db.end();
    }
  });
});
