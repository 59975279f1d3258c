// The HTTP server: GraphQL (Apollo Server 5) at /graphql (GraphiQL for a browser's GET, served
// offline from dist/graphiql by graphiql-assets.ts), the NDJSON bulk ingest endpoints, the
// retraining export (GET /v1/models/{id}/retraining/export), /healthz and /readyz. Every route but the health checks needs `Authorization: Bearer <key>`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import type { Services } from "../services/index.js";
import { asTandemError, BadInputError } from "../services/errors.js";
import { TELEMETRY_KINDS, type TelemetryKind } from "../services/ingest/telemetry-kinds.js";
import { createContext, type Context } from "../graphql/context.js";
import { formatError } from "../graphql/format-error.js";
import type { TandemPubSub } from "../graphql/pubsub.js";
import { ExpensiveLimiter, type ExpensiveLimits } from "../graphql/expensive-limiter.js";
import { queryLimitsPlugin } from "../graphql/query-limits-plugin.js";
import type { QueryLimits } from "../graphql/query-limits.js";
import { checkQueryLimits } from "../graphql/check-query-limits.js";
import { requestSignal, socketSignal } from "../graphql/request-signal.js";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import { discardRest, readBody, readBodyBytes } from "./read-body.js";
import { NdjsonParser, ndjsonItems } from "./ndjson-lines.js";
import { sendError, sendGraphQLError, sendJson } from "./respond.js";
import { EXPORT_ROUTE, retrainingExport } from "./retraining-export.js";
import { createExplorer, EXPLORER_ASSETS_PREFIX } from "./graphiql-assets.js";

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
  const explorer = createExplorer();
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: true,
    stopOnTerminationSignals: false, // main.ts owns shutdown
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, logError),
    // The explorer is ours (GraphiQL, served offline by graphiql-assets.ts), never Apollo's CDN page.
    plugins: [ApolloServerPluginLandingPageDisabled(), queryLimitsPlugin(protection.queryLimits)],
  });
  await apollo.start();

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const method = req.method ?? "GET";
    let body: unknown = undefined;
    const principal = await services.apiKeys.authenticate(req.headers.authorization, req.socket.remoteAddress);
    if (method === "POST") {
      const text = await readBody(req, maxBodyBytes);
      try {
        body = text === "" ? {} : JSON.parse(text);
      } catch (error) {
        throw new BadInputError(`request body is not valid JSON: ${(error as Error).message}`);
      }
    }
    // Stops the request's work when its client goes away or its deadline passes (ctx.signal).
    const aborting = requestSignal(res, protection.requestDeadlineMs);
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: url.search, body },
        context: async () => {
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
    // The whole body is read (and parsed as it arrives) first: a slow upload holds no connection and no lock.
    const parser = new NdjsonParser();
    await readBodyBytes(req, maxBodyBytes, { onChunk: (chunk) => parser.push(chunk) });
    const result = await services.ingest.bulk(model, kind, ndjsonItems(parser.end()));
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
    // The explorer (GraphiQL, from dist/graphiql): the page for a browser's GET /graphql, its assets.
    if (url.pathname === "/graphql" && explorer.wants(req, url)) return explorer.page(req, res);
    if (url.pathname.startsWith(EXPLORER_ASSETS_PREFIX)) {
      if (method !== "GET" && method !== "HEAD") return sendJson(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }, { allow: "GET, HEAD" });
      return explorer.asset(req, res, safeDecode(url.pathname.slice(EXPLORER_ASSETS_PREFIX.length)));
    }
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
  // Subscriptions: graphql-ws on the same path (below).
  const subscriptions = startSubscriptionServer({ server, schema: options.schema, services, pubSub: options.pubSub, limiter, limits: protection.queryLimits, logError });

  // The whole request (a 64 MiB bulk upload included) must arrive within this; never 0 (a client
  // trickling bytes would hold its socket forever).
  server.requestTimeout = protection.httpRequestTimeoutMs;
  // Idle keep-alive connections live longer than the usual 60 s of load balancers and than a
  // client busy for a few seconds between two requests: a server that closes first races the
  // client's next request on that socket (ECONNRESET, not retried for a POST).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = Math.min(66_000, protection.httpRequestTimeoutMs);

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

// ---- Subscriptions: graphql-ws on the same path, with the same rules as HTTP: authentication on
// connect, the query limits before an operation runs, the same error format (every error carries
// extensions.code), and a signal that stops work when the socket closes.

interface SubscriptionServerOptions {
  server: Server;
  schema: GraphQLSchema;
  services: Services;
  pubSub: TandemPubSub;
  limiter: ExpensiveLimiter;
  limits: QueryLimits;
  logError: (error: unknown) => void;
}

type Extra = {
  principal?: Context["principal"];
  signal?: AbortSignal;
};

/** Errors graphql itself raised (parse, validation) carry Apollo's codes, as over HTTP. */
function withCode(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError, extensions: { ...e.extensions, code } }));
}

function startSubscriptionServer(o: SubscriptionServerOptions): { dispose(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: o.server, path: "/graphql" });
  const format = (e: GraphQLError) => formatError(e.toJSON(), e, o.logError);
  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: o.schema,
      // The key comes in connectionParams ({ "Authorization": "Bearer <key>" }) or the upgrade
      // request's Authorization header. A missing or invalid key closes the connection with 4403.
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = (params.Authorization ?? params.authorization ?? ctx.extra.request.headers.authorization) as string | undefined;
        try {
          ctx.extra.principal = await o.services.apiKeys.authenticate(header, ctx.extra.request.socket.remoteAddress);
          ctx.extra.signal = socketSignal(ctx.extra.socket);
          return true;
        } catch (error) {
          if (!asTandemError(error)) o.logError(error);
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return withCode([error instanceof GraphQLError ? error : new GraphQLError(String(error))], "GRAPHQL_PARSE_FAILED");
        }
        const invalid = validate(o.schema, document);
        if (invalid.length > 0) return withCode(invalid, "GRAPHQL_VALIDATION_FAILED");
        const refused = checkQueryLimits({ schema: o.schema, document, operationName: payload.operationName, variables: payload.variables, limits: o.limits });
        if (refused) return [refused];
        return { schema: o.schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx) =>
        createContext({ principal: ctx.extra.principal!, services: o.services, pubSub: o.pubSub, signal: ctx.extra.signal ?? new AbortController().signal, limiter: o.limiter }),
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : undefined),
    },
    wsServer,
  );
  return {
    async dispose() {
      await cleanup.dispose();
      wsServer.close();
    },
  };
}
