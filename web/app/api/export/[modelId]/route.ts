// GET /api/export/{modelId}?strategy=COMBINED&format=jsonl|csv&limit=N
//
// Downloads a model's ranked retraining samples. Proxies the API's
// GET {API base}/v1/models/{modelId}/retraining/export with the dashboard's server-side key (the
// key never reaches the browser) and streams the answer through without buffering it. The API base
// is TANDEM_API_URL without its /graphql path. Parameters are checked here first (400 naming the
// parameter); any answer of the API that is not a success (404, 400, 403…) is passed through with
// its status and message.
import { apiUrl } from "@/lib/graphql";
import { STRATEGIES, parseStrategy } from "@/lib/retraining-queries";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const FORMATS = ["jsonl", "csv"];
const MAX_LIMIT = 1_000_000;
const PARAMS = ["strategy", "format", "limit"];
/** Headers of the API's answer worth passing on to the browser. */
const FORWARDED = ["content-type", "content-disposition", "cache-control", "x-tandem-strategy", "x-tandem-limit", "x-tandem-candidate-window"];

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

/** The API's base URL: TANDEM_API_URL without its GraphQL path ("http://host:4000/graphql" → "http://host:4000"). */
function apiBase(): string {
  const url = new URL(apiUrl());
  url.pathname = url.pathname.replace(/\/graphql\/?$/, "").replace(/\/+$/, "");
  url.search = "";
  url.hash = "";
  return url.toString().replace(/\/+$/, "");
}

export async function GET(request: Request, { params }: { params: Promise<{ modelId: string }> }): Promise<Response> {
  const { modelId } = await params;
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(modelId)) {
    return problem(400, "BAD_USER_INPUT", `modelId: expected a model id, got "${modelId.slice(0, 80)}"`);
  }

  const query = new URL(request.url).searchParams;
  for (const name of new Set(query.keys())) {
    if (!PARAMS.includes(name)) return problem(400, "BAD_USER_INPUT", `${name}: unknown parameter; use ${PARAMS.join(", ")}`);
    if (query.getAll(name).length > 1) return problem(400, "BAD_USER_INPUT", `${name}: given ${query.getAll(name).length} times; give it once`);
  }
  const forward = new URLSearchParams();
  const strategy = query.get("strategy");
  if (strategy !== null) {
    const parsed = parseStrategy(strategy);
    if (!parsed) return problem(400, "BAD_USER_INPUT", `strategy: expected one of ${STRATEGIES.map((s) => s.value).join(", ")}, got "${strategy.slice(0, 40)}"`);
    forward.set("strategy", parsed);
  }
  const format = query.get("format");
  if (format !== null) {
    const lower = format.trim().toLowerCase();
    if (!FORMATS.includes(lower)) return problem(400, "BAD_USER_INPUT", `format: expected jsonl or csv, got "${format.slice(0, 40)}"`);
    forward.set("format", lower);
  }
  const limit = query.get("limit");
  if (limit !== null) {
    const n = /^\d{1,9}$/.test(limit.trim()) ? Number(limit.trim()) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      return problem(400, "BAD_USER_INPUT", `limit: expected an integer from 1 to ${MAX_LIMIT}, got "${limit.slice(0, 40)}"`);
    }
    forward.set("limit", String(n));
  }

  let target: string;
  try {
    target = `${apiBase()}/v1/models/${encodeURIComponent(modelId)}/retraining/export${forward.size ? `?${forward}` : ""}`;
  } catch {
    return problem(500, "INTERNAL_SERVER_ERROR", `TANDEM_API_URL is not a valid URL: "${apiUrl()}"`);
  }

  const headers: Record<string, string> = { accept: "application/x-ndjson, text/csv, application/json" };
  const key = process.env.TANDEM_API_KEY ?? "";
  if (key) headers.authorization = `Bearer ${key}`;

  let upstream: Response;
  try {
    // The browser going away aborts the upstream request, which stops the API's ranking.
    upstream = await fetch(target, { headers, cache: "no-store", signal: request.signal });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return problem(502, "API_UNREACHABLE", `Could not reach the Tandem API at ${apiBase()}: ${reason}`);
  }

  const out = new Headers();
  for (const name of FORWARDED) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  if (!out.has("cache-control")) out.set("cache-control", "no-store");
  // Streams as it arrives (a refusal too: its JSON {error: {code, message}} passes unchanged).
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}
