// The retraining export streams with flat memory: 100,000 rating predictions (10 numeric + 2
// categorical features) with a user rating each are ingested through the NDJSON bulk endpoints, then
// GET /v1/models/{id}/retraining/export is streamed at limit 10,000 and 100,000 (JSONL, and CSV at
// 100,000). The API runs in this process, so process.memoryUsage() sampled every 5 ms during a
// stream shows the server's memory, printed as peak minus the baseline taken (after a full GC) just
// before the request:
//   - "heap" and "RSS": raw peaks of heapUsed and RSS — they include garbage not collected yet, so
//     they grow with the amount of data that went through until the GC runs;
//   - "live heap": heapUsed right after a forced full GC every 50 ms during a second, separate
//     stream — what the export actually holds. This is the figure that must stay flat.
// The export ranks window by window (20,000 candidates each), so the live peak should not grow with
// the limit. Prints throughput (rows/s, MiB/s, from the first, un-GC'd stream); asserts the row
// counts and, generously, that the 100k live peak stays within 1.5× the 10k one plus 16 MiB.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../../support/test-app.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PER_REQUEST = 25_000;
const STRATEGIES = (process.env.BENCH_STRATEGIES ?? "DISAGREEMENT,COMBINED").split(",");
const NUMERIC = 10;
const CATEGORIES = ["FR", "DE", "ES", "IT", "NL", "BE", "PL", "SE"];
const MiB = 1048576;

let app: TestApp;
let modelId: string;

beforeAll(async () => {
  process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  app = await startTestApp({ multivariateDrift: false });
  const features = [
    ...Array.from({ length: NUMERIC }, (_, f) => ({ name: `n${f}`, kind: "NUMERIC" })),
    { name: "country", kind: "CATEGORICAL" },
    { name: "genre", kind: "CATEGORICAL" },
  ];
  modelId = (await seedSystem(app, "bench-export", [{ key: "rating", task: "REGRESSION", features }])).modelIds.rating!;
  const r = seededRandom(42);
  const start = Date.UTC(2026, 0, 1);
  const t0 = performance.now();
  for (let from = 0; from < ROWS; from += PER_REQUEST) {
    const preds: string[] = [];
    const feedback: string[] = [];
    for (let i = from; i < Math.min(ROWS, from + PER_REQUEST); i++) {
      const f: Record<string, number | string> = {};
      for (let k = 0; k < NUMERIC; k++) f[`n${k}`] = Math.round(r() * 1e6) / 1e3;
      f.country = CATEGORIES[Math.floor(r() * CATEGORIES.length)]!;
      f.genre = ["comedy", "drama", "horror"][i % 3]!;
      const score = 1 + Math.round(r() * 400) / 100 + 0.005; // never a whole number: every rating disagrees a little
      preds.push(JSON.stringify({ id: `p-${i}`, timestamp: new Date(start + i * 500).toISOString(), features: f, score }));
      feedback.push(JSON.stringify({ predictionId: `p-${i}`, timestamp: new Date(start + i * 500 + 60_000).toISOString(), value: 1 + Math.floor(r() * 5) }));
    }
    const a = await app.post(`/v1/models/${modelId}/predictions`, preds.join("\n") + "\n");
    expect(a.json.accepted).toBe(preds.length);
    const b = await app.post(`/v1/models/${modelId}/feedback`, feedback.join("\n") + "\n");
    expect(b.json.accepted).toBe(feedback.length);
  }
  console.log(`\nbench retraining export: ingested ${ROWS.toLocaleString("en")} predictions + ${ROWS.toLocaleString("en")} ratings in ${((performance.now() - t0) / 1000).toFixed(1)} s (bulk NDJSON)`);
});

afterAll(() => app?.close());

interface Run {
  live?: number;
  rows: number;
  bytes: number;
  seconds: number;
  firstByteMs: number;
  heapPeak: number;
  rssPeak: number;
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stream(strategy: string, format: "jsonl" | "csv", limit: number, live = false): Promise<Run> {
  await settle();
  const base = process.memoryUsage();
  let heapPeak = base.heapUsed;
  let rssPeak = base.rss;
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    if (live && ticks % 10 === 0) gc();
    else if (live) return;
    const m = process.memoryUsage();
    if (m.heapUsed > heapPeak) heapPeak = m.heapUsed;
    if (m.rss > rssPeak) rssPeak = m.rss;
  }, 5);
  const t0 = performance.now();
  const res = await fetch(`${app.url}/v1/models/${modelId}/retraining/export?strategy=${strategy}&format=${format}&limit=${limit}`, { headers: { authorization: `Bearer ${app.adminKey}` } });
  expect(res.status).toBe(200);
  const firstByteMs = performance.now() - t0;
  let bytes = 0;
  let newlines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  return { rows: format === "csv" ? newlines - 1 : newlines, bytes, seconds, firstByteMs, heapPeak: heapPeak - base.heapUsed, rssPeak: rssPeak - base.rss };
}

function line(label: string, r: Run): string {
  return `  ${label.padEnd(28)} ${r.rows.toLocaleString("en").padStart(8)} rows ${(r.bytes / MiB).toFixed(1).padStart(6)} MiB ${r.seconds.toFixed(2).padStart(6)} s ${Math.round(r.rows / r.seconds).toLocaleString("en").padStart(8)} rows/s ${(r.bytes / MiB / r.seconds).toFixed(1).padStart(5)} MiB/s  first byte ${Math.round(r.firstByteMs).toString().padStart(4)} ms | peak − baseline: heap ${(r.heapPeak / MiB).toFixed(1).padStart(5)} MiB, RSS ${(r.rssPeak / MiB).toFixed(1).padStart(5)} MiB, live heap ${(r.live! / MiB).toFixed(1).padStart(5)} MiB`;
}

/** A stream for throughput and raw peaks, then the same stream again for the live-heap peak. */
async function measure(strategy: string, format: "jsonl" | "csv", limit: number): Promise<Run> {
  const run = await stream(strategy, format, limit);
  run.live = (await stream(strategy, format, limit, true)).heapPeak;
  return run;
}

it.each(STRATEGIES)(`streams the %s export of ${ROWS.toLocaleString("en")} samples with flat memory`, async (strategy) => {
  const warm = await measure(strategy, "jsonl", 1000); // warm-up (JIT, pool, plans)
  const small = await measure(strategy, "jsonl", 10_000);
  const large = await measure(strategy, "jsonl", ROWS);
  const csv = await measure(strategy, "csv", ROWS);
  const small2 = await measure(strategy, "jsonl", 10_000);
  console.log(
    [
      "",
      `bench retraining export — ${strategy} (ranked window by window, 20,000 candidates each; full GC before each run)`,
      line("warm-up, limit 1,000", warm),
      line("JSONL, limit 10,000", small),
      line(`JSONL, limit ${ROWS.toLocaleString("en")}`, large),
      line(`CSV,   limit ${ROWS.toLocaleString("en")}`, csv),
      line("JSONL, limit 10,000 (again)", small2),
      `  live heap peak, limit ${ROWS.toLocaleString("en")} vs 10,000: ${(large.live! / MiB).toFixed(1)} vs ${(small.live! / MiB).toFixed(1)} MiB (${(large.live! / Math.max(1, small.live!)).toFixed(2)}×)`,
      "",
    ].join("\n"),
  );
  expect(small.rows).toBe(10_000);
  // DISAGREEMENT returns every sample (every rating disagrees); COMBINED skips near-duplicates.
  if (strategy === "DISAGREEMENT") expect(large.rows).toBe(ROWS);
  expect(large.rows).toBeGreaterThan(small.rows);
  expect(large.live!).toBeLessThan(1.5 * Math.max(small.live!, small2.live!) + 16 * MiB);
});
