// The routes of the HTTP server: /healthz, /readyz, the GraphiQL explorer, GraphQL over HTTP
// (Apollo Server 5), the retraining export, the NDJSON bulk ingest endpoints and window-profile
// uploads (profile-upload.ts). Every route but
// the health checks and the explorer needs `Authorization: Bearer <key>`.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { Services } from "../services/index.js";
import { BadInputError } from "../services/errors.js";
import { TELEMETRY_KINDS, type TelemetryKind } from "../services/ingest/telemetry-kinds.js";
import { createContext, type Context } from "../graphql/context.js";
import type { TandemPubSub } from "../graphql/pubsub.js";
import type { ExpensiveLimiter } from "../graphql/expensive-limiter.js";
import { requestSignal } from "../graphql/request-signal.js";
import { discardRest, readBody, readBodyBytes } from "./read-body.js";
import { NdjsonParser, ndjsonItems } from "./ndjson-lines.js";
import { sendGraphQLError, sendJson } from "./respond.js";
import { EXPORT_ROUTE, retrainingExport } from "./retraining-export.js";
import { PROFILE_ROUTE, profileRoute } from "./profile-upload.js";
import { EXPLORER_ASSETS_PREFIX, type Explorer } from "./graphiql-assets.js";
import type { HttpProtection } from "./server.js";

export interface RouterDeps {
  services: Services;
  pubSub: TandemPubSub;
  maxBodyBytes: number;
  protection: HttpProtection;
  apollo: ApolloServer<Context>;
  limiter: ExpensiveLimiter;
  explorer: Explorer;
  logError: (error: unknown) => void;
  /** A worker process (TANDEM_ROLE=worker) answers its probes only. */
  probesOnly?: boolean;
}

const BULK_ROUTE = /^\/v1\/models\/([^/]+)\/([a-z]+)\/?$/;
const READY_TIMEOUT_MS = 3_000;

/** A path segment, percent-decoded; malformed encodings stay as they are (and match no id). */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The request handler: routes a request to its endpoint (errors are the caller's to answer). */
export function createRouter(d: RouterDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (url.pathname === "/readyz") return ready(d, res);
    if (d.probesOnly) return sendJson(res, 404, { error: { code: "NOT_FOUND", message: "this process runs TANDEM_ROLE=worker (background work only): it answers /healthz and /readyz; send API requests to a process with TANDEM_ROLE api or all" } });
    // The explorer (GraphiQL, from dist/graphiql): the page for a browser's GET /graphql, its assets.
    if (url.pathname === "/graphql" && d.explorer.wants(req, url)) return d.explorer.page(req, res);
    if (url.pathname.startsWith(EXPLORER_ASSETS_PREFIX)) {
      if (method !== "GET" && method !== "HEAD") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }, { allow: "GET, HEAD" });
      return d.explorer.asset(req, res, safeDecode(url.pathname.slice(EXPLORER_ASSETS_PREFIX.length)));
    }
    if (url.pathname === "/graphql") {
      if (method !== "GET" && method !== "POST") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET or POST" } }, { allow: "GET, POST" });
      return graphql(d, req, res, url).catch((error: unknown) => {
        sendGraphQLError(res, error, d.logError);
        const status = res.statusCode;
        res.once("finish", () => discardRest(req, d.maxBodyBytes, status === 413));
      });
    }
    const exported = EXPORT_ROUTE.exec(url.pathname);
    if (exported) {
      if (method !== "GET") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }, { allow: "GET" });
      return retrainingExport(req, res, url, d.services, safeDecode(exported[1]!), d.logError);
    }
    const profiles = PROFILE_ROUTE.exec(url.pathname);
    if (profiles) return profileRoute({ req, res, services: d.services, modelId: safeDecode(profiles[1]!), bins: profiles[2] !== undefined, maxBodyBytes: d.maxBodyBytes });
    const m = BULK_ROUTE.exec(url.pathname);
    if (m) {
      const kind = m[2] as TelemetryKind;
      if (!(TELEMETRY_KINDS as readonly string[]).includes(kind)) {
        return sendJson(res, 404, { error: { code: "NOT_FOUND", message: `unknown telemetry kind '${m[2]}': use ${TELEMETRY_KINDS.join(", ")}` } });
      }
      if (method !== "POST") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use POST with an NDJSON body" } }, { allow: "POST" });
      return bulk(d, req, res, m[1]!, kind);
    }
    return sendJson(res, 404, { error: { code: "NOT_FOUND", message: `no route ${method} ${url.pathname}` } });
  };
}

async function graphql(d: RouterDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = req.method ?? "GET";
  let body: unknown = undefined;
  const principal = await d.services.apiKeys.authenticate(req.headers.authorization, req.socket.remoteAddress);
  if (method === "POST") {
    const text = await readBody(req, d.maxBodyBytes);
    try {
      body = text === "" ? {} : JSON.parse(text);
    } catch (error) {
      throw new BadInputError(`request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  // Stops the request's work when its client goes away or its deadline passes (ctx.signal).
  const aborting = requestSignal(res, d.protection.requestDeadlineMs);
  try {
    const response = await d.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: url.search, body },
      context: async () => {
        return createContext({ principal, services: d.services, pubSub: d.pubSub, signal: aborting.signal, limiter: d.limiter });
      },
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  } finally {
    aborting.dispose();
  }
}

async function bulk(d: RouterDeps, req: IncomingMessage, res: ServerResponse, modelId: string, kind: TelemetryKind): Promise<void> {
  const principal = await d.services.apiKeys.authenticate(req.headers.authorization, req.socket.remoteAddress);
  const model = await d.services.ingest.requireBulkModel(principal, safeDecode(modelId), kind);
  // The whole body is read (and parsed as it arrives) first: a slow upload holds no connection and no lock.
  const parser = new NdjsonParser();
  await readBodyBytes(req, d.maxBodyBytes, { onChunk: (chunk) => parser.push(chunk) });
  const result = await d.services.ingest.bulk(model, kind, ndjsonItems(parser.end()));
  sendJson(res, 200, result);
}

async function ready(d: RouterDeps, res: ServerResponse): Promise<void> {
  const timeout = new Promise<{ ready: false; reason: string }>((resolve) =>
    setTimeout(() => resolve({ ready: false, reason: `database did not answer within ${READY_TIMEOUT_MS} ms` }), READY_TIMEOUT_MS).unref(),
  );
  const state: { ready: boolean; overloaded?: boolean; reason: string } = await Promise.race([d.services.readiness(), timeout]);
  // Overloaded is not "down": PostgreSQL answers, Tandem has more work than it can take now.
  if (state.overloaded) return sendJson(res, 503, { status: "overloaded", reason: state.reason }, { "retry-after": "2" });
  sendJson(res, state.ready ? 200 : 503, { status: state.ready ? "ready" : "not ready", reason: state.reason });
}
