// GET /v1/models/{modelId}/retraining/export?strategy=COMBINED&format=jsonl|csv&limit=N
//
// Streams a model's ranked retraining samples (read-only: nothing is leased) as NDJSON or CSV.
// Needs a RETRAIN or ADMIN key (`Authorization: Bearer <key>`); a model the key may not see answers
// 404 like a missing one. Every check (authentication, model, parameters) happens before the first
// byte, so errors are ordinary JSON answers ({error: {code, message}}, 400 naming the parameter).
// Then rows are written in chunks of about 64 KiB with backpressure: when `res.write` returns false
// the stream waits for 'drain'; a client that goes away stops the ranking generator. A failure after
// the headers were sent cannot change the status any more: the connection is destroyed, so the
// client sees a truncated transfer rather than a well-formed short file.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "../services/index.js";
import { BadInputError } from "../services/errors.js";
import { EXPORT_MAX_LIMIT, type ExportedSample, prepareExport } from "../services/retraining/export-ranking.js";
import { CANDIDATE_WINDOW } from "../services/retraining/retraining-service.js";
import { csvHeader, csvRow, jsonlRow } from "./retraining-export-format.js";

export const EXPORT_ROUTE = /^\/v1\/models\/([^/]+)\/retraining\/export\/?$/;
export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const PARAMS = ["strategy", "format", "limit"];
const CHUNK_BYTES = 64 * 1024;

function single(url: URL, name: string): string | undefined {
  const all = url.searchParams.getAll(name);
  if (all.length > 1) throw new BadInputError(`${name}: given ${all.length} times; give it once`);
  return all[0];
}

/** The query string, checked: unknown or repeated parameters, a bad format or a non-integer limit are 400s. */
export function exportParams(url: URL): { strategy?: string; format: ExportFormat; limit?: number } {
  for (const name of new Set(url.searchParams.keys())) {
    if (!PARAMS.includes(name)) throw new BadInputError(`${name}: unknown parameter; use ${PARAMS.join(", ")}`);
  }
  const strategy = single(url, "strategy");
  const formatText = single(url, "format") ?? "jsonl";
  const format = formatText.toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new BadInputError(`format: expected jsonl or csv, got "${formatText}"`);
  const limitText = single(url, "limit");
  let limit: number | undefined;
  if (limitText !== undefined) {
    if (!/^\d{1,9}$/.test(limitText.trim())) throw new BadInputError(`limit: expected an integer from 1 to ${EXPORT_MAX_LIMIT}, got "${limitText}"`);
    limit = Number(limitText.trim());
  }
  return { strategy: strategy === undefined ? undefined : strategy.toUpperCase(), format: format as ExportFormat, limit };
}

function fileName(modelKey: string, strategy: string, format: ExportFormat): string {
  const safe = modelKey.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "model";
  return `retraining-${safe}-${strategy.toLowerCase()}.${format}`;
}

/** Resolves when the response can take more (or is gone). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

export async function retrainingExport(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  services: Services,
  modelId: string,
  log: (error: unknown) => void,
): Promise<void> {
  const principal = await services.apiKeys.authenticate(req.headers.authorization, req.socket.remoteAddress);
  const params = exportParams(url);
  const plan = await prepareExport({ registry: services.registry, retraining: services.retraining }, principal, { modelId, strategy: params.strategy, limit: params.limit });
  const { samples } = plan;
  let gone = false;
  res.once("close", () => {
    gone = true;
  });
  // The first sample is read before the headers go out, so a failure of the first reads (the
  // database is down) is still an ordinary error answer.
  let first: IteratorResult<ExportedSample, void>;
  try {
    first = await samples.next();
  } catch (error) {
    await samples.return(undefined);
    throw error;
  }
  const format = params.format;
  res.writeHead(200, {
    "content-type": format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8",
    "content-disposition": `attachment; filename="${fileName(plan.model.key, plan.strategy, format)}"`,
    "cache-control": "no-store",
    "x-tandem-strategy": plan.strategy,
    "x-tandem-limit": String(plan.limit),
    "x-tandem-candidate-window": String(CANDIDATE_WINDOW),
  });
  const declared = plan.model.features.map((f) => f.name);
  let buffer = format === "csv" ? csvHeader(declared) : "";
  try {
    for (let item = first; !item.done; item = await samples.next()) {
      if (gone) break;
      buffer += format === "csv" ? csvRow(item.value, declared) : jsonlRow(item.value);
      if (buffer.length >= CHUNK_BYTES) {
        const more = res.write(buffer);
        buffer = "";
        if (!more && !gone) await drained(res);
      }
    }
    if (gone) {
      await samples.return(undefined);
      return;
    }
    res.end(buffer);
  } catch (error) {
    // Headers are out: the status cannot change. Cut the connection so the client sees the failure.
    log(error);
    await samples.return(undefined).catch(() => undefined);
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
