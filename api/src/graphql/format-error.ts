// The one place where errors become GraphQL errors: typed errors keep their message and get their
// code; anything unexpected becomes INTERNAL_SERVER_ERROR without details. No stack traces.
import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { asTandemError } from "../services/errors.js";

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (error: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const known = asTandemError(original);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (known) return { ...base, message: known.message, extensions: { code: known.code } };
  const code = formatted.extensions?.code;
  // Apollo's own request errors (parse, validation, variable coercion) are the client's to fix.
  if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return { ...base, extensions: { code } };
  log(original);
  return { ...base, message: "internal error; it was logged on the server", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
