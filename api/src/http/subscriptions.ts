// Subscriptions: graphql-ws on the same path as HTTP GraphQL, with the same rules: authentication on
// connect, the query limits before an operation runs, the same error format (every error carries
// extensions.code), and a signal that stops work when the socket closes.
import type { Server } from "node:http";
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { Services } from "../services/index.js";
import { asTandemError } from "../services/errors.js";
import { createContext, type Context } from "../graphql/context.js";
import { formatError } from "../graphql/format-error.js";
import type { TandemPubSub } from "../graphql/pubsub.js";
import type { ExpensiveLimiter } from "../graphql/expensive-limiter.js";
import type { QueryLimits } from "../graphql/query-limits.js";
import { checkQueryLimits } from "../graphql/check-query-limits.js";
import { socketSignal } from "../graphql/request-signal.js";

export interface SubscriptionServerOptions {
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

export function startSubscriptionServer(o: SubscriptionServerOptions): { dispose(): Promise<void> } {
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
