// Apollo plugin: refuses an operation over the query limits before it executes
// (graphql/check-query-limits.ts), and sends `Retry-After` when an error says when to retry
// (OVERLOADED).
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context.js";
import { checkQueryLimits } from "./check-query-limits.js";
import type { QueryLimits } from "./query-limits.js";

export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request }) {
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
