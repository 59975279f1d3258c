// Apollo plugin: refuses an operation over the query limits before it executes
// (graphql/check-query-limits.ts), refuses a subscription sent over HTTP (they run over graphql-ws
// on the same path), and sends `Retry-After` when an error says when to retry (OVERLOADED).
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Context } from "./context.js";
import { checkQueryLimits } from "./check-query-limits.js";
import type { QueryLimits } from "./query-limits.js";

export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request, operation }) {
          if (operation?.operation === "subscription") {
            throw new GraphQLError("subscriptions run over graphql-ws (a WebSocket to this same /graphql path), not HTTP POST or GET", {
              extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
            });
          }
          const refused = checkQueryLimits({ schema, document, operationName: request.operationName, variables: request.variables, limits });
          if (refused) throw refused;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const retries = (response.body.singleResult.errors ?? [])
            .map((e) => e.extensions?.retryAfterSeconds)
            .filter((s): s is number => typeof s === "number");
          if (retries.length > 0) response.http.headers.set("retry-after", String(Math.max(...retries)));
        },
      };
    },
  };
}
