// Mixed load against an API process of its own (PostgreSQL, pool 10): 8 clients bulk-ingest while
// 8 clients query (`systems`, `systemHealth` of the last closed window — a stored verdict — and a
// model page). Phases alternate without and with an abusive client that loops a 40-level
// upstream/downstream query, a 1,000-alias systemHealth bomb and a bulk body trickling one line a
// second. Prints rows/s and p50/p95/p99 per query per phase, the p95 ratio abusive / calm (target
// ≤ 2) and systemHealth p95 / systems p95 (target ≤ 10). Asserts only behaviour (abuse refused,
// queries answered), never a time.
import http from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freshDatabase, newKey } from "../../support/test-app.js";
import { freePort, gqlAt, startApiProcess, type ApiProcess } from "../../support/api-process.js";
import { sleep } from "../../support/outage.js";

const MODELS = 20;
const FEATURES = Array.from({ length: 10 }, (_, f) => ({ name: `f${f}`, kind: "NUMERIC" }));
const ROWS_PER_REQUEST = 1_000;
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 12_000);
const HOUR = 3_600_000;

let api: ApiProcess;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
const key = newKey();
let systemId: string;
let modelIds: string[] = [];
let lastClosedEnd: string;

const gql = (query: string, variables: Record<string, unknown> = {}) => gqlAt(api.base, key, query, variables);

function rows(modelSeed: number, n: number, at: number, prefix: string): string {
  let out = "";
  for (let i = 0; i < n; i += 1) {
    const features: Record<string, number> = {};
    for (let f = 0; f < FEATURES.length; f += 1) features[`f${f}`] = Math.sin(i * 7.1 + f * 3.3 + modelSeed) * 10 + f;
    out += JSON.stringify({ id: `${prefix}-${i}`, timestamp: new Date(at + (i % 3_000) * 1_000).toISOString(), features, score: (Math.sin(i) + 1) / 2 }) + "\n";
  }
  return out;
}

async function bulk(modelId: string, body: string): Promise<number> {
  const res = await fetch(`${api.base}/v1/models/${modelId}/predictions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" }, body });
  const json = (await res.json()) as { accepted?: number };
  if (res.status !== 200) throw new Error(`bulk answered ${res.status}: ${JSON.stringify(json)}`);
  return json.accepted ?? 0;
}

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  fresh = await freshDatabase();
  api = await startApiProcess(await freePort(), { DATABASE_URL: fresh!.url, TANDEM_ADMIN_KEY: key, TANDEM_EVALUATE_EVERY_SECONDS: "0" });
  systemId = (await gql(`mutation { createSystem(name: "load", windowSeconds: 3600) { id } }`)).data.createSystem.id;
  for (let m = 0; m < MODELS; m += 1) {
    const r = await gql(`mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: BINARY_CLASSIFICATION, features: $f) { id } }`, { s: systemId, k: `m${m}`, f: FEATURES });
    modelIds.push(r.data.registerModel.id);
    if (m > 0) await gql(`mutation($s: ID!, $a: String!, $b: String!) { addDependency(systemId: $s, fromKey: $a, toKey: $b) { weight } }`, { s: systemId, a: `m${Math.floor((m - 1) / 2)}`, b: `m${m}` });
  }
  // A reference window three hours back and the last closed window, 1,000 predictions each.
  const current = Math.floor(Date.now() / HOUR) * HOUR;
  lastClosedEnd = new Date(current).toISOString();
  for (const [m, id] of modelIds.entries()) {
    await bulk(id, rows(m, 1_000, current - 3 * HOUR, "ref"));
    await bulk(id, rows(m, 1_000, current - HOUR, "last"));
  }
  const evaluated = await gql(`mutation($s: ID!, $at: DateTime!) { evaluate(systemId: $s, at: $at) { stored } }`, { s: systemId, at: lastClosedEnd });
  expect(evaluated.errors).toBeUndefined();
}, 600_000);

afterAll(async () => {
  api?.child.kill("SIGTERM");
  await sleep(1_000);
  await fresh?.drop();
});

const QUERIES: Record<string, () => [string, Record<string, unknown>]> = {
  systems: () => [`{ systems { id name windowSeconds } }`, {}],
  systemHealth: () => [`query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { status score stored models { model { key } status anomalyScore propagatedScore } rootCauses { rank score explanation } } }`, { s: systemId, at: lastClosedEnd }],
  modelPage: () => [`query($m: ID!, $at: DateTime) { model(id: $m) { key upstream { key } downstream { key } health(at: $at) { status anomalyScore signals { kind name value threshold breached } } } }`, { m: modelIds[Math.floor(Math.random() * modelIds.length)], at: lastClosedEnd }],
};

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function deepQuery(levels: number): string {
  let inner = "key";
  for (let i = 0; i < levels; i += 1) inner = `${i % 2 === 0 ? "upstream" : "downstream"} { ${inner} }`;
  return `query($s: ID!) { system(id: $s) { models { ${inner} } } }`;
}

function aliasBomb(n: number): string {
  return `query($s: ID!, $at: DateTime) { ${Array.from({ length: n }, (_, i) => `a${i}: systemHealth(systemId: $s, at: $at) { score }`).join(" ")} }`;
}

/** A bulk body that sends one line a second until `until`. */
function trickle(until: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(`${api.base}/v1/models/${modelIds[0]}/predictions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson", "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    let i = 0;
    const timer = setInterval(() => {
      if (Date.now() >= until) {
        clearInterval(timer);
        req.end();
        return;
      }
      req.write(JSON.stringify({ id: `slow-${until}-${i}`, timestamp: new Date().toISOString(), features: {}, score: 0.5 }) + "\n");
      i += 1;
    }, 1_000);
  });
}

interface PhaseResult {
  rowsPerSecond: number;
  latencies: Record<string, number[]>;
  errors: string[];
  abuse: Record<string, number>;
}

async function phase(abusive: boolean, tag: string): Promise<PhaseResult> {
  const until = Date.now() + PHASE_MS;
  const latencies: Record<string, number[]> = Object.fromEntries(Object.keys(QUERIES).map((q) => [q, []]));
  const errors: string[] = [];
  const abuse: Record<string, number> = {};
  let ingested = 0;
  const t0 = performance.now();
  const ingesters = Array.from({ length: 8 }, async (_, c) => {
    for (let k = 0; Date.now() < until; k += 1) {
      const m = (c * 7 + k) % MODELS;
      ingested += await bulk(modelIds[m]!, rows(m, ROWS_PER_REQUEST, Date.now(), `${tag}-${c}-${k}`)).catch((e: Error) => (errors.push(e.message), 0));
    }
  });
  const names = Object.keys(QUERIES);
  const queriers = Array.from({ length: 8 }, async (_, c) => {
    for (let k = c; Date.now() < until; k += 1) {
      const name = names[k % names.length]!;
      const [q, v] = QUERIES[name]!();
      const s = performance.now();
      const r = await gql(q, v);
      latencies[name]!.push(performance.now() - s);
      if (r.errors) errors.push(`${name}: ${r.errors[0].extensions?.code} ${r.errors[0].message}`);
    }
  });
  const count = (what: string) => (abuse[what] = (abuse[what] ?? 0) + 1);
  const abusers = abusive
    ? [
        (async () => {
          while (Date.now() < until) count(`deep ${(await gql(deepQuery(40), { s: systemId })).errors?.[0]?.extensions?.code ?? "ANSWERED"}`);
        })(),
        (async () => {
          while (Date.now() < until) count(`aliases ${(await gql(aliasBomb(1_000), { s: systemId, at: lastClosedEnd })).errors?.[0]?.extensions?.code ?? "ANSWERED"}`);
        })(),
        (async () => {
          while (Date.now() < until) count(`slow body ${await trickle(until)}`);
        })(),
      ]
    : [];
  await Promise.all([...ingesters, ...queriers, ...abusers]);
  const seconds = (performance.now() - t0) / 1000;
  for (const l of Object.values(latencies)) l.sort((a, b) => a - b);
  return { rowsPerSecond: ingested / seconds, latencies, errors, abuse };
}

it("8 ingesting + 8 querying clients, with and without an abusive client", async () => {
  const results: Array<{ abusive: boolean; r: PhaseResult }> = [];
  for (const [i, abusive] of [false, true, false, true].entries()) results.push({ abusive, r: await phase(abusive, `p${i}`) });

  const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
  console.info(`\nLoad: ${MODELS} models × ${FEATURES.length} features, ${PHASE_MS / 1000} s phases, API in its own process (pool 10), same machine as PostgreSQL and the clients`);
  console.info("| phase | rows/s ingested | systems p50/p95/p99 ms | systemHealth (stored) p50/p95/p99 ms | model page p50/p95/p99 ms | queries | abuse answered |");
  console.info("|---|---|---|---|---|---|---|");
  for (const { abusive, r } of results) {
    const q = (n: string) => `${fmt(quantile(r.latencies[n]!, 0.5))} / ${fmt(quantile(r.latencies[n]!, 0.95))} / ${fmt(quantile(r.latencies[n]!, 0.99))}`;
    const total = Object.values(r.latencies).reduce((a, l) => a + l.length, 0);
    console.info(`| ${abusive ? "with abuser" : "calm"} | ${fmt(r.rowsPerSecond)} | ${q("systems")} | ${q("systemHealth")} | ${q("modelPage")} | ${total} | ${Object.entries(r.abuse).map(([k, v]) => `${k} ×${v}`).join(", ") || "–"} |`);
  }
  const p95 = (abusive: boolean, name: string) => results.filter((x) => x.abusive === abusive).map((x) => quantile(x.r.latencies[name]!, 0.95));
  for (const name of Object.keys(QUERIES)) {
    const calm = p95(false, name);
    const abused = p95(true, name);
    console.info(`p95 ${name}: calm ${calm.map(fmt).join(", ")} ms; with abuser ${abused.map(fmt).join(", ")} ms; ratio ${(Math.max(...abused) / Math.min(...calm)).toFixed(2)} worst, ${(Math.min(...abused) / Math.max(...calm)).toFixed(2)} best (target ≤ 2)`);
  }
  for (const x of results) console.info(`${x.abusive ? "with abuser" : "calm"}: systemHealth p95 / systems p95 = ${(quantile(x.r.latencies.systemHealth!, 0.95) / quantile(x.r.latencies.systems!, 0.95)).toFixed(2)} (target ≤ 10)`);

  for (const { abusive, r } of results) {
    expect(r.errors.slice(0, 5), "errors of the ordinary clients").toEqual([]);
    expect(r.rowsPerSecond).toBeGreaterThan(0);
    if (abusive) {
      // Abuse is refused, never answered in full.
      expect(Object.keys(r.abuse).filter((k) => k.endsWith("ANSWERED"))).toEqual([]);
    }
  }
});
