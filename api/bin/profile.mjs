// `tandem profile --model ID data.csv|data.ndjson`: computes the model's window profiles on this
// machine and uploads only them (POST /v1/models/ID/profiles); the rows never leave it. The
// profiles are built by the server's own code (api/src/analytics/profiles, compiled to dist/ by
// the build, which this command runs when it is stale): one implementation, so a profile made
// here merges with the server's exactly. Streaming: one line in memory at a time, plus one profile
// per window seen; progress on stderr; the result (rows, windows, rows/s, peak RSS) on stdout.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dirname, "..", "..");
/** Upload at most this many bytes of profiles per request (the server's default body limit is 64 MiB). */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
const PROGRESS_EVERY = 100_000;

export class ProfileUsageError extends Error {}
export class ProfileApiError extends Error {}

export const PROFILE_HELP = `Usage: tandem profile --model ID FILE [options]

Computes the model's window profiles from FILE (CSV with a header row, or NDJSON: one prediction
per line, as the bulk endpoint takes them) on this machine and uploads only the profiles
(POST /v1/models/ID/profiles). The rows never leave the machine. Progress on stderr.

CSV columns: timestamp (required), the model's feature names, score, predictedClass, segment
(id and unknown columns are ignored). NDJSON: {"timestamp", "features": {...}, "score",
"predictedClass", "segment"}.

Options:
  --model ID       Model id (required)
  --upload-id ID   Idempotency key of the upload (default: a hash of the model and the file; a retry
                   of the same file changes nothing)
  --dry-run        Profile and print the figures, upload nothing
  --api URL, --key KEY   API base URL and a key with the INGEST or ADMIN scope
`;

async function loadProfiles() {
  const build = spawnSync(process.execPath, [join(ROOT, "api/bin/build-if-needed.mjs"), "api"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new ProfileApiError("building the profile code (npm run build) failed");
  const dist = (p) => import(pathToFileURL(join(ROOT, "dist/api/src/analytics/profiles", p)).href);
  const [window, time] = await Promise.all([dist("window-profile.js"), import(pathToFileURL(join(ROOT, "dist/api/src/analytics/health/time-window.js")).href)]);
  return { ...window, windowContaining: time.windowContaining };
}

/** Splits one CSV line (RFC 4180 quotes; no newlines inside quoted fields). */
function csvFields(line) {
  const out = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(field), (field = "");
    else field += c;
  }
  out.push(field);
  return out;
}

function rowReader(format, features) {
  const kinds = new Map(features.map((f) => [f.name, f.kind]));
  let header = null;
  return (line, lineNo) => {
    if (format === "ndjson") {
      let o;
      try {
        o = JSON.parse(line);
      } catch (error) {
        throw new ProfileUsageError(`line ${lineNo}: not valid JSON (${error.message})`);
      }
      return { timestamp: o.timestamp, features: o.features ?? {}, score: o.score ?? null, predictedClass: o.predictedClass ?? null, segment: o.segment ?? null };
    }
    const fields = csvFields(line);
    if (header === null) {
      header = fields.map((h) => h.trim());
      if (!header.includes("timestamp")) throw new ProfileUsageError(`line 1: the CSV header needs a "timestamp" column (got ${header.join(", ")})`);
      return null;
    }
    const row = { timestamp: null, features: {}, score: null, predictedClass: null, segment: null };
    header.forEach((name, i) => {
      const v = fields[i] ?? "";
      if (name === "timestamp") row.timestamp = v;
      else if (name === "score") row.score = v === "" ? null : Number(v);
      else if (name === "predictedClass" || name === "segment") row[name] = v === "" ? null : v;
      else if (kinds.has(name)) row.features[name] = v === "" ? null : kinds.get(name) === "NUMERIC" ? Number(v) : v;
    });
    return row;
  };
}

async function api({ api, key }, path, init = {}) {
  let res;
  try {
    res = await fetch(`${api}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(init.headers ?? {}) } });
  } catch (error) {
    throw new ProfileApiError(`cannot reach the Tandem API at ${api}: ${error.cause?.message ?? error.message}`);
  }
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProfileApiError(`the API answered HTTP ${res.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) throw new ProfileApiError(`${body.error?.code ?? `HTTP ${res.status}`}: ${body.error?.message ?? text.slice(0, 200)}`);
  return body;
}

export async function profileCommand(args, connection) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { model: { type: "string" }, "upload-id": { type: "string" }, "dry-run": { type: "boolean" }, api: { type: "string" }, key: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ProfileUsageError(`${error.message}\n\n${PROFILE_HELP}`);
  }
  if (parsed.values.help) return void process.stdout.write(PROFILE_HELP);
  const model = parsed.values.model;
  if (!model) throw new ProfileUsageError(`--model is required\n\n${PROFILE_HELP}`);
  if (parsed.positionals.length !== 1) throw new ProfileUsageError(`expected one data file (.csv or .ndjson)\n\n${PROFILE_HELP}`);
  const file = parsed.positionals[0];
  if (!existsSync(file) || !statSync(file).isFile()) throw new ProfileUsageError(`${file}: no such file`);
  const format = /\.csv$/i.test(file) ? "csv" : /\.(nd)?jsonl?$/i.test(file) ? "ndjson" : null;
  if (!format) throw new ProfileUsageError(`${file}: expected a .csv or .ndjson file`);
  const conn = connection(parsed.values);
  const modelPath = `/v1/models/${encodeURIComponent(model)}/profiles`;
  const setup = await api(conn, `${modelPath}/bins`);
  const lib = await loadProfiles();
  const builder = { features: setup.features, bins: setup.bins };
  const windows = new Map();
  const read = rowReader(format, setup.features);
  const hash = createHash("sha256").update(model);
  const started = performance.now();
  let rows = 0;
  let lineNo = 0;
  let peakRss = process.memoryUsage().rss;
  const input = createReadStream(file);
  input.on("data", (chunk) => hash.update(chunk));
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    const row = read(line, lineNo);
    if (row === null) continue;
    const at = new Date(row.timestamp);
    if (Number.isNaN(at.getTime())) throw new ProfileUsageError(`line ${lineNo}: timestamp: expected an ISO-8601 date-time, got ${JSON.stringify(row.timestamp)}`);
    const start = lib.windowContaining(at, setup.windowSeconds).from.getTime();
    let w = windows.get(start);
    if (!w) windows.set(start, (w = lib.emptyWindowProfile(builder)));
    lib.addRow(w, builder, row);
    if (++rows % PROGRESS_EVERY === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      process.stderr.write(`profiled ${rows.toLocaleString("en")} rows (${Math.round(rows / ((performance.now() - started) / 1000)).toLocaleString("en")} rows/s), ${windows.size} window(s)\n`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const uploadId = parsed.values["upload-id"] ?? `cli-${hash.digest("hex").slice(0, 40)}`;
  const encoded = [...windows].sort((a, b) => a[0] - b[0]).map(([start, w]) => ({ start: new Date(start).toISOString(), columns: lib.encodeWindowProfile(w) }));
  const results = [];
  if (!parsed.values["dry-run"]) {
    let part = [];
    let bytes = 0;
    const send = async () => {
      if (part.length === 0) return;
      const id = results.length === 0 && encoded.length === part.length ? uploadId : `${uploadId}.${results.length}`;
      results.push(await api(conn, modelPath, { method: "POST", body: JSON.stringify({ uploadId: id, windows: part }) }));
      process.stderr.write(`uploaded ${part.length} window profile(s) as ${id}\n`);
      part = [];
      bytes = 0;
    };
    for (const w of encoded) {
      const size = JSON.stringify(w).length;
      if (bytes + size > MAX_REQUEST_BYTES) await send();
      part.push(w);
      bytes += size;
    }
    await send();
  }
  const profileBytes = encoded.reduce((a, w) => a + JSON.stringify(w).length, 0);
  const summary = { rows, windows: windows.size, seconds: Number(seconds.toFixed(3)), rowsPerSecond: Math.round(rows / seconds), peakRssBytes: peakRss, profileBytes, uploadId, uploads: results };
  process.stdout.write(JSON.stringify(summary) + "\n");
  return summary;
}
