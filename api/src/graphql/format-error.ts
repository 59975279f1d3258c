// The one place where errors become GraphQL errors: typed errors keep their message and get their
// code; anything unexpected becomes INTERNAL_SERVER_ERROR without details. No stack traces.
// Used by Apollo (HTTP) and by graphql-ws (subscriptions) alike.
import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { asTandemError, retryAfterOf } from "../services/errors.js";

/** Extensions a client may read besides `code`: which query limit was exceeded (graphql/query-limits.ts). */
const PASSED_EXTENSIONS = ["limit", "max", "measured", "retryAfterSeconds"] as const;

function passed(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of PASSED_EXTENSIONS) if (extensions?.[key] !== undefined) out[key] = extensions[key];
  return out;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (error: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const known = asTandemError(original) ?? asTandemError((original as { originalError?: unknown } | null)?.originalError);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (known) {
    const retryAfterSeconds = retryAfterOf(known);
    return { ...base, message: known.message, extensions: retryAfterSeconds === undefined ? { code: known.code } : { code: known.code, retryAfterSeconds } };
  }
  const code = formatted.extensions?.code;
  // Apollo's own request errors (parse, validation, variable coercion) and the query limits are the client's to fix.
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return { ...base, extensions: { code, ...passed(formatted.extensions) } };
  log(original);
  return { ...base, message: "internal error; it was logged on the server", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
