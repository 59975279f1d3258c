// The HTTP server: GraphQL (Apollo Server 5) at /graphql (GraphiQL for a browser's GET, served
// offline from dist/graphiql by graphiql-assets.ts), the NDJSON bulk ingest endpoints, the
// retraining export (GET /v1/models/{id}/retraining/export), /healthz and /readyz (routes.ts), and
// subscriptions over graphql-ws on the same path (subscriptions.ts). Every route but the health
// checks needs `Authorization: Bearer <key>`.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Services } from "../services/index.js";
import type { Context } from "../graphql/context.js";
import { formatError } from "../graphql/format-error.js";
import type { TandemPubSub } from "../graphql/pubsub.js";
import { ExpensiveLimiter, type ExpensiveLimits } from "../graphql/expensive-limiter.js";
import { queryLimitsPlugin } from "../graphql/query-limits-plugin.js";
import type { QueryLimits } from "../graphql/query-limits.js";
import { discardRest } from "./read-body.js";
import { sendError } from "./respond.js";
import { createExplorer } from "./graphiql-assets.js";
import { createRouter } from "./routes.js";
import { startSubscriptionServer } from "./subscriptions.js";

export interface HttpServerOptions {
  services: Services;
  schema: GraphQLSchema;
  pubSub: TandemPubSub;
  maxBodyBytes: number;
  protection: HttpProtection;
  log: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
  /** A worker process (TANDEM_ROLE=worker): /healthz and /readyz only, no GraphQL, no subscriptions. */
  probesOnly?: boolean;
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

  const route = createRouter({ services, pubSub: options.pubSub, maxBodyBytes, protection, apollo, limiter, explorer, logError, probesOnly: options.probesOnly });

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
  const subscriptions = options.probesOnly ? { dispose: async () => undefined } : startSubscriptionServer({ server, schema: options.schema, services, pubSub: options.pubSub, limiter, limits: protection.queryLimits, logError });

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
