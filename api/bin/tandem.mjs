#!/usr/bin/env node
// `tandem`: the command-line client of the Tandem API for retraining jobs. Plain Node (>= 20), node
// built-ins only, no build step.
//
//   tandem retrain pull   --model ID --size N --out batch.jsonl   claim leased batches (GraphQL claimRetrainingBatch)
//   tandem retrain ack    --batch ID ... | --from batch.jsonl       acknowledge them (ackRetrainingBatch)
//   tandem retrain export --model ID --format csv --out f.csv      read-only ranked export (GET …/retraining/export)
//   tandem profile --model ID data.csv|data.ndjson                  profile locally, upload only the profiles (profile.mjs)
//
// Exit codes: 0 success, 1 the API refused or failed (its message is printed), 2 usage errors.
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";

const DEFAULT_API = "http://localhost:4000";
const DEFAULT_STRATEGY = "COMBINED";
/** The strategies the API accepts, the default first: the PriorityStrategy enum of the schema beside this file. */
const STRATEGIES = [DEFAULT_STRATEGY, ...schemaEnum("PriorityStrategy").filter((s) => s !== DEFAULT_STRATEGY)];
const MAX_CLAIM = 10_000;

const HELP = {
  main: `Usage: tandem <command> [options]

Commands:
  serve            Run one Tandem process: --role api|worker|all (tandem serve --help)
  retrain pull     Claim prioritized samples (leased batches) and write them as JSONL
  retrain ack      Acknowledge claimed batches (their samples are consumed for good)
  retrain export   Download the ranked samples (read-only, nothing is leased) as JSONL or CSV
  profile          Profile a CSV/NDJSON file locally and upload only its window profiles (tandem profile --help)

Common options:
  --api URL        Tandem API base URL (default $TANDEM_API_URL or ${DEFAULT_API})
  --key KEY        API key with the RETRAIN or ADMIN scope (default $TANDEM_API_KEY)
  -h, --help       Show help (also: tandem retrain <command> --help)

Examples:
  npx tandem retrain pull --model <model-id> --size 500 --out batch.jsonl
  npx tandem retrain ack --from batch.jsonl
  npx tandem retrain export --model <model-id> --format csv --out ranked.csv
  npx tandem profile --model <model-id> data.csv
`,
  pull: `Usage: tandem retrain pull --model ID --size N --out FILE [options]

Claims up to N samples of the model, highest priority first, in leased batches (GraphQL
claimRetrainingBatch), and writes one JSON object per sample to FILE (each line records its batchId).
Prints the batch ids on stdout, progress on stderr. Acknowledge with: tandem retrain ack --from FILE

Options:
  --model ID       Model id (required)
  --size N         Number of samples to pull, at least 1 (required)
  --out FILE       Output file, JSONL ("-" for stdout) (required)
  --strategy S     ${STRATEGIES.join(", ")} (default ${DEFAULT_STRATEGY})
  --lease SECONDS  Lease of each batch, 1 to 86400 (default 600); unacked samples return to the pool after it
  --chunk N        Samples per claim, 1 to ${MAX_CLAIM} (default 500): one batch per chunk
  --api URL, --key KEY   See tandem --help
`,
  ack: `Usage: tandem retrain ack (--batch ID ... | --from FILE ...) [options]

Acknowledges batches: their samples are consumed and never delivered again.

Options:
  --batch ID       A batch id (repeatable)
  --from FILE      A file written by "tandem retrain pull": acknowledges every batch it records (repeatable)
  --api URL, --key KEY   See tandem --help
`,
  export: `Usage: tandem retrain export --model ID --out FILE [options]

Streams the model's ranked samples (read-only: nothing is leased or consumed) from
GET /v1/models/ID/retraining/export into FILE.

Options:
  --model ID       Model id (required)
  --out FILE       Output file ("-" for stdout) (required)
  --format F       jsonl or csv (default: from the file extension, else jsonl)
  --strategy S     ${STRATEGIES.join(", ")} (default ${DEFAULT_STRATEGY})
  --limit N        Maximum number of samples, 1 to 1000000 (default 10000)
  --api URL, --key KEY   See tandem --help
`,
};

class UsageError extends Error {}
class ApiError extends Error {}

const stderr = (text) => process.stderr.write(text);

function commonOptions() {
  return {
    api: { type: "string" },
    key: { type: "string" },
    help: { type: "boolean", short: "h" },
  };
}

function parse(args, options, help) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...commonOptions(), ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error.message.replace(/\. To specify a positional argument.*$/s, "")}\n\n${help}`);
  }
  if (parsed.values.help) {
    process.stdout.write(help);
    process.exit(0);
  }
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"\n\n${help}`);
  return parsed.values;
}

function required(values, name, help) {
  const v = values[name];
  if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) throw new UsageError(`--${name} is required\n\n${help}`);
  return v;
}

function integer(values, name, { min, max, fallback }) {
  const text = values[name];
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name}: expected an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

/** The values of `enum name { … }` in api/schema.graphql (the API's emitted SDL, committed). */
function schemaEnum(name) {
  const sdl = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
  const body = new RegExp(`\\benum ${name} \\{([^}]*)\\}`).exec(sdl)?.[1];
  const values = (body ?? "").split("\n").map((line) => line.trim()).filter((line) => /^[A-Z][A-Z0-9_]*$/.test(line));
  if (values.length === 0) throw new Error(`tandem: api/schema.graphql has no enum ${name}`);
  return values;
}

function strategyOf(values) {
  const s = (values.strategy ?? DEFAULT_STRATEGY).toUpperCase();
  if (!STRATEGIES.includes(s)) throw new UsageError(`--strategy: expected one of ${STRATEGIES.join(", ")}, got "${values.strategy}"`);
  return s;
}

function connection(values) {
  const key = values.key ?? process.env.TANDEM_API_KEY;
  if (!key) throw new UsageError("an API key is needed: pass --key KEY or set TANDEM_API_KEY (a key with the RETRAIN or ADMIN scope)");
  const api = (values.api ?? process.env.TANDEM_API_URL ?? DEFAULT_API).replace(/\/+$/, "");
  try {
    const u = new URL(api);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http");
  } catch {
    throw new UsageError(`--api: expected an http(s) URL, got "${api}"`);
  }
  return { api, key };
}

async function call(api, path, init) {
  try {
    return await fetch(`${api}${path}`, init);
  } catch (error) {
    throw new ApiError(`cannot reach the Tandem API at ${api}: ${error.cause?.message ?? error.message}`);
  }
}

async function graphql({ api, key }, query, variables) {
  const res = await call(api, "/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(`the API answered HTTP ${res.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(`${e.extensions?.code ? `${e.extensions.code}: ` : ""}${e.message}`);
  }
  if (!res.ok || !body.data) throw new ApiError(`the API answered HTTP ${res.status}`);
  return body.data;
}

/** A line-oriented output (file or stdout) that respects backpressure. */
function output(path) {
  const stream = path === "-" ? process.stdout : createWriteStream(path, { flags: "w" });
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, "drain");
    },
    async close() {
      if (stream === process.stdout) return;
      stream.end();
      await once(stream, "finish");
    },
  };
}

function progress(line, final = false) {
  if (process.stderr.isTTY) stderr(`\r\x1b[2K${line}${final ? "\n" : ""}`);
  else stderr(`${line}\n`);
}

const CLAIM = `mutation Claim($m: ID!, $n: Int!, $l: Int, $s: PriorityStrategy) {
  claimRetrainingBatch(modelId: $m, size: $n, leaseSeconds: $l, strategy: $s) {
    id leaseExpiresAt
    samples { predictionId model { id key } priority reasons timestamp features prediction label feedback }
  }
}`;
const ACK = `mutation Ack($b: ID!) { ackRetrainingBatch(batchId: $b) }`;

async function pull(args) {
  const help = HELP.pull;
  const values = parse(args, { model: { type: "string" }, size: { type: "string" }, out: { type: "string" }, strategy: { type: "string" }, lease: { type: "string" }, chunk: { type: "string" } }, help);
  const model = required(values, "model", help);
  required(values, "size", help);
  const size = integer(values, "size", { min: 1, max: 100_000_000 });
  const out = required(values, "out", help);
  const strategy = strategyOf(values);
  const lease = integer(values, "lease", { min: 1, max: 86_400, fallback: 600 });
  const chunk = integer(values, "chunk", { min: 1, max: MAX_CLAIM, fallback: 500 });
  const conn = connection(values);

  const file = output(out);
  const batches = [];
  let pulled = 0;
  const started = Date.now();
  let failure = null;
  try {
    while (pulled < size) {
      const n = Math.min(chunk, size - pulled);
      const { claimRetrainingBatch: batch } = await graphql(conn, CLAIM, { m: model, n, l: lease, s: strategy });
      if (batch.samples.length === 0) break;
      batches.push(batch);
      for (const s of batch.samples) {
        await file.write(JSON.stringify({ batchId: batch.id, leaseExpiresAt: batch.leaseExpiresAt, predictionId: s.predictionId, modelId: s.model.id, modelKey: s.model.key, strategy, priority: s.priority, reasons: s.reasons, timestamp: s.timestamp, features: s.features, prediction: s.prediction, label: s.label, feedback: s.feedback }) + "\n");
      }
      pulled += batch.samples.length;
      const rate = pulled / Math.max(0.001, (Date.now() - started) / 1000);
      if (size > chunk) progress(`pulled ${pulled.toLocaleString("en")}/${size.toLocaleString("en")} samples in ${batches.length} batch${batches.length > 1 ? "es" : ""} (${Math.round(rate).toLocaleString("en")} samples/s)`);
      if (batch.samples.length < n) break; // the pool is empty
    }
  } catch (error) {
    failure = error;
  } finally {
    await file.close();
  }
  if (size > chunk && batches.length > 0) progress(`pulled ${pulled.toLocaleString("en")} samples`, true);
  for (const b of batches) process.stdout.write(`${b.id}\n`);
  const where = out === "-" ? "stdout" : out;
  if (failure) {
    if (batches.length === 0 && out !== "-") rmSync(out, { force: true });
    if (batches.length > 0) stderr(`tandem: ${pulled} samples of ${batches.length} batch(es) were claimed and written to ${where} before the error; acknowledge them with: tandem retrain ack --from ${where}\n`);
    throw failure;
  }
  if (pulled === 0) {
    stderr(`no samples available for model ${model} (every sample is consumed or leased)\n`);
    return;
  }
  const expires = batches[batches.length - 1].leaseExpiresAt;
  stderr(`wrote ${pulled} sample${pulled > 1 ? "s" : ""} in ${batches.length} batch${batches.length > 1 ? "es" : ""} to ${where}${pulled < size ? ` (the pool held only ${pulled})` : ""}; leases expire by ${expires}\n`);
  if (out !== "-") stderr(`acknowledge after training with: tandem retrain ack --from ${out}\n`);
}

/** The distinct batch ids recorded in a file written by `pull` (streamed, line by line). */
async function batchIdsIn(path) {
  if (!existsSync(path)) throw new UsageError(`--from: no such file "${path}"`);
  const ids = [];
  const seen = new Set();
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === "") continue;
    let id;
    try {
      id = JSON.parse(line).batchId;
    } catch {
      throw new UsageError(`--from: ${path} line ${n} is not JSON; expected a file written by "tandem retrain pull"`);
    }
    if (typeof id !== "string") throw new UsageError(`--from: ${path} line ${n} has no batchId; expected a file written by "tandem retrain pull"`);
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

async function ack(args) {
  const help = HELP.ack;
  const values = parse(args, { batch: { type: "string", multiple: true }, from: { type: "string", multiple: true } }, help);
  const ids = [...(values.batch ?? [])];
  for (const path of values.from ?? []) ids.push(...(await batchIdsIn(path)));
  if (ids.length === 0) {
    if ((values.from ?? []).length > 0) throw new UsageError(`--from: ${values.from.join(", ")} records no batch`);
    throw new UsageError(`give --batch ID or --from FILE\n\n${help}`);
  }
  const conn = connection(values);
  let total = 0;
  const failed = [];
  for (const id of [...new Set(ids)]) {
    try {
      const { ackRetrainingBatch: n } = await graphql(conn, ACK, { b: id });
      total += n;
      process.stdout.write(`${id}\t${n}\n`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failed.push(id);
      stderr(`tandem: batch ${id}: ${error.message}\n`);
    }
  }
  stderr(`acknowledged ${total} sample${total === 1 ? "" : "s"} in ${new Set(ids).size - failed.length} batch(es)\n`);
  if (failed.length > 0) throw new ApiError(`${failed.length} batch(es) could not be acknowledged`);
}

async function exportCommand(args) {
  const help = HELP.export;
  const values = parse(args, { model: { type: "string" }, out: { type: "string" }, format: { type: "string" }, strategy: { type: "string" }, limit: { type: "string" } }, help);
  const model = required(values, "model", help);
  const out = required(values, "out", help);
  const format = (values.format ?? (/\.csv$/i.test(out) ? "csv" : "jsonl")).toLowerCase();
  if (format !== "jsonl" && format !== "csv") throw new UsageError(`--format: expected jsonl or csv, got "${values.format}"`);
  const strategy = strategyOf(values);
  const limit = integer(values, "limit", { min: 1, max: 1_000_000, fallback: undefined });
  const conn = connection(values);
  const query = new URLSearchParams({ strategy, format, ...(limit === undefined ? {} : { limit: String(limit) }) });
  const res = await call(conn.api, `/v1/models/${encodeURIComponent(model)}/retraining/export?${query}`, { headers: { authorization: `Bearer ${conn.key}` } });
  if (!res.ok) {
    const text = await res.text();
    let message = `HTTP ${res.status}`;
    try {
      const e = JSON.parse(text).error;
      if (e?.message) message = `${e.code ? `${e.code}: ` : ""}${e.message}`;
    } catch {
      if (text) message += `: ${text.slice(0, 200)}`;
    }
    throw new ApiError(message);
  }
  const file = output(out);
  let rows = 0;
  let bytes = 0;
  let last = Date.now();
  const started = last;
  try {
    for await (const chunk of Readable.fromWeb(res.body)) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
      await file.write(chunk);
      if (Date.now() - last > 1000) {
        last = Date.now();
        progress(`received ${(format === "csv" ? "~" : "") + rows.toLocaleString("en")} rows, ${(bytes / 1048576).toFixed(1)} MiB`);
      }
    }
  } catch (error) {
    throw new ApiError(`the export was cut off after ${bytes} bytes: ${error.cause?.message ?? error.message}; the file is incomplete`);
  } finally {
    await file.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const samples = format === "csv" ? null : rows;
  stderr(`wrote ${samples === null ? `${(bytes / 1048576).toFixed(1)} MiB` : `${samples} sample${samples === 1 ? "" : "s"}`} (${res.headers.get("x-tandem-strategy") ?? strategy}) to ${out === "-" ? "stdout" : out} in ${seconds.toFixed(1)} s\n`);
}

async function main(argv) {
  const [command, sub, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    if (command === "help" && sub === "retrain") process.stdout.write(HELP.main);
    else if (command === "help" && sub && HELP[sub]) process.stdout.write(HELP[sub]);
    else process.stdout.write(HELP.main);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  if (command === "serve") {
    const { serve, ServeUsageError } = await import("./serve.mjs");
    return serve([sub, ...rest].filter((a) => a !== undefined)).catch((error) => {
      throw error instanceof ServeUsageError ? new UsageError(error.message) : error;
    });
  }
  if (command === "profile") {
    const { profileCommand, ProfileUsageError, ProfileApiError } = await import("./profile.mjs");
    return profileCommand([sub, ...rest].filter((a) => a !== undefined), connection).catch((error) => {
      throw error instanceof ProfileUsageError ? new UsageError(error.message) : error instanceof ProfileApiError ? new ApiError(error.message) : error;
    });
  }
  if (command !== "retrain") throw new UsageError(`unknown command "${command}"\n\n${HELP.main}`);
  switch (sub) {
    case "pull":
      return pull(rest);
    case "ack":
      return ack(rest);
    case "export":
      return exportCommand(rest);
    case undefined:
    case "-h":
    case "--help":
      process.stdout.write(HELP.main);
      if (sub === undefined) process.exitCode = 2;
      return;
    default:
      throw new UsageError(`unknown command "retrain ${sub}": use pull, ack or export\n\n${HELP.main}`);
  }
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) {
    stderr(`tandem: ${error.message.trimEnd()}\n`);
    process.exitCode = 2;
  } else if (error instanceof ApiError) {
    stderr(`tandem: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    stderr(`tandem: unexpected error: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  }
});
