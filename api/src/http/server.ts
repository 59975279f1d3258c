// The HTTP server: GraphQL (Apollo Server 5) at /graphql, the NDJSON bulk ingest endpoints, the
// retraining export (GET /v1/models/{id}/retraining/export), /healthz and /readyz. Every route but the health checks needs `Authorization: Bearer <key>`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLSchema } from "graphql";
import type { Services } from "../services/index.js";
import { BadInputError } from "../services/errors.js";
import { TELEMETRY_KINDS, type TelemetryKind } from "../services/ingest/telemetry-kinds.js";
import { createContext, type Context } from "../graphql/context.js";
import { formatError } from "../graphql/format-error.js";
import type { TandemPubSub } from "../graphql/pubsub.js";
import { ExpensiveLimiter, type ExpensiveLimits } from "../graphql/expensive-limiter.js";
import { queryLimitsPlugin } from "../graphql/query-limits-plugin.js";
import type { QueryLimits } from "../graphql/query-limits.js";
import { requestSignal } from "../graphql/request-signal.js";
import { startSubscriptionServer } from "../graphql/subscription-server.js";
import { checkDeclaredLength, discardRest, readBody } from "./read-body.js";
import { ndjsonLines } from "./ndjson-lines.js";
import { sendError, sendGraphQLError, sendJson } from "./respond.js";
import { EXPORT_ROUTE, retrainingExport } from "./retraining-export.js";

export interface HttpServerOptions {
  services: Services;
  schema: GraphQLSchema;
  pubSub: TandemPubSub;
  maxBodyBytes: number;
  protection: HttpProtection;
  log: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
}

/** Limits against overload (config.ts ProtectionConfig). */
export interface HttpProtection {
  /** Checked before a GraphQL operation runs (HTTP and subscriptions). */
  queryLimits: QueryLimits;
  /** Expensive resolver executions per API key. */
  expensive: ExpensiveLimits;
  /** A GraphQL request's work stops after this long (ms). */
  requestDeadlineMs: number;
  /** The whole request must arrive within this long (ms): Node's server.requestTimeout. */
  httpRequestTimeoutMs: number;
}

export interface TandemHttpServer {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

const BULK_ROUTE = /^\/v1\/models\/([^/]+)\/([a-z]+)\/?$/;
const READY_TIMEOUT_MS = 3_000;

/** A path segment, percent-decoded; malformed encodings stay as they are (and match no id). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function createHttpServer(options: HttpServerOptions): Promise<TandemHttpServer> {
  const { services, maxBodyBytes, protection } = options;
  const logError = (error: unknown) => options.log("error", "unexpected error", error);
  const limiter = new ExpensiveLimiter(protection.expensive);
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: true,
    stopOnTerminationSignals: false, // main.ts owns shutdown
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, logError),
    plugins: [ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }), queryLimitsPlugin(protection.queryLimits)],
  });
  await apollo.start();

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const method = req.method ?? "GET";
    const landing = method === "GET" && !url.searchParams.has("query");
    let body: unknown = undefined;
    let principal: Context["principal"] | undefined;
    if (!landing) {
      principal = await services.apiKeys.authenticate(req.headers.authorization, req.socket.remoteAddress);
      if (method === "POST") {
        const text = await readBody(req, maxBodyBytes);
        try {
          body = text === "" ? {} : JSON.parse(text);
        } catch (error) {
          throw new BadInputError(`request body is not valid JSON: ${(error as Error).message}`);
        }
      }
    }
    // Stops the request's work when its client goes away or its deadline passes (ctx.signal).
    const aborting = requestSignal(res, protection.requestDeadlineMs);
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: url.search, body },
        context: async () => {
          if (!principal) throw new Error("http/server: GraphQL operation without a principal");
          return createContext({ principal, services, pubSub: options.pubSub, signal: aborting.signal, limiter });
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

  async function bulk(req: IncomingMessage, res: ServerResponse, modelId: string, kind: TelemetryKind): Promise<void> {
    const principal = await services.apiKeys.authenticate(req.headers.authorization, req.socket.remoteAddress);
    const model = await services.ingest.requireBulkModel(principal, safeDecode(modelId), kind);
    checkDeclaredLength(req, maxBodyBytes);
    const result = await services.ingest.bulk(model, kind, ndjsonLines(req, maxBodyBytes));
    sendJson(res, 200, result);
  }

  async function ready(res: ServerResponse): Promise<void> {
    const timeout = new Promise<{ ready: false; reason: string }>((resolve) =>
      setTimeout(() => resolve({ ready: false, reason: `database did not answer within ${READY_TIMEOUT_MS} ms` }), READY_TIMEOUT_MS).unref(),
    );
    const state: { ready: boolean; overloaded?: boolean; reason: string } = await Promise.race([services.readiness(), timeout]);
    // Overloaded is not "down": PostgreSQL answers, Tandem has more work than it can take now.
    if (state.overloaded) return sendJson(res, 503, { status: "overloaded", reason: state.reason }, { "retry-after": "2" });
    sendJson(res, state.ready ? 200 : 503, { status: state.ready ? "ready" : "not ready", reason: state.reason });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (url.pathname === "/readyz") return ready(res);
    if (url.pathname === "/graphql") {
      if (method !== "GET" && method !== "POST") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET or POST" } }, { allow: "GET, POST" });
      return graphql(req, res, url).catch((error: unknown) => {
        sendGraphQLError(res, error, logError);
        const status = res.statusCode;
        res.once("finish", () => discardRest(req, maxBodyBytes, status === 413));
      });
    }
    const exported = EXPORT_ROUTE.exec(url.pathname);
    if (exported) {
      if (method !== "GET") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }, { allow: "GET" });
      return retrainingExport(req, res, url, services, safeDecode(exported[1]!), logError);
    }
    const m = BULK_ROUTE.exec(url.pathname);
    if (m) {
      const kind = m[2] as TelemetryKind;
      if (!(TELEMETRY_KINDS as readonly string[]).includes(kind)) {
        return sendJson(res, 404, { error: { code: "NOT_FOUND", message: `unknown telemetry kind '${m[2]}': use ${TELEMETRY_KINDS.join(", ")}` } });
      }
      if (method !== "POST") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use POST with an NDJSON body" } }, { allow: "POST" });
      return bulk(req, res, m[1]!, kind);
    }
    return sendJson(res, 404, { error: { code: "NOT_FOUND", message: `no route ${method} ${url.pathname}` } });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      sendError(res, error, logError, typeof (error as { line?: unknown }).line === "number" ? { line: (error as { line: number }).line } : {});
      // The client may still be sending: drain the body so it reads our answer (a body that is
      // too large is not drained: the connection closes after the answer).
      const status = res.statusCode;
      res.once("finish", () => discardRest(req, maxBodyBytes, status === 413));
    });
  });
  // Subscriptions: graphql-ws on the same path (graphql/subscription-server.ts).
  const subscriptions = startSubscriptionServer({ server, schema: options.schema, services, pubSub: options.pubSub, limiter, limits: protection.queryLimits, logError });

  // The whole request (a 64 MiB bulk upload included) must arrive within this; never 0 (a client
  // trickling bytes would hold its socket forever).
  server.requestTimeout = protection.httpRequestTimeoutMs;
  server.headersTimeout = Math.min(60_000, protection.httpRequestTimeoutMs);
  server.keepAliveTimeout = 5_000;

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    async close() {
      await subscriptions.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
