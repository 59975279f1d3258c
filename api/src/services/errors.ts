// Typed domain errors. They are mapped to GraphQL `extensions.code` / HTTP statuses once, at the
// boundary (graphql/format-error.ts, http/). Messages are for people; they never carry stack traces.
import { isDatabaseUnavailable } from "../db/database-errors.js";

export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED" | "SERVICE_UNAVAILABLE" | "PAYLOAD_TOO_LARGE";

export abstract class TandemError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly httpStatus: number;
}

export class BadInputError extends TandemError {
  readonly code = "BAD_USER_INPUT";
  readonly httpStatus = 400;
  override name = "BadInputError";
}

export class NotFoundError extends TandemError {
  readonly code = "NOT_FOUND";
  readonly httpStatus = 404;
  override name = "NotFoundError";
}

export class ForbiddenError extends TandemError {
  readonly code = "FORBIDDEN";
  readonly httpStatus = 403;
  override name = "ForbiddenError";
}

export class UnauthenticatedError extends TandemError {
  readonly code = "UNAUTHENTICATED";
  readonly httpStatus = 401;
  override name = "UnauthenticatedError";
}

export class PayloadTooLargeError extends TandemError {
  readonly code = "PAYLOAD_TOO_LARGE";
  readonly httpStatus = 413;
  override name = "PayloadTooLargeError";
}

/** PostgreSQL cannot be reached. Retryable; nothing of the failed request was acknowledged. */
export class UnavailableError extends TandemError {
  readonly code = "SERVICE_UNAVAILABLE";
  readonly httpStatus = 503;
  override name = "UnavailableError";
}

/** Turns any thrown value into a TandemError when it is one of ours or a database outage; else undefined (an internal error). */
export function asTandemError(error: unknown): TandemError | undefined {
  if (error instanceof TandemError) return error;
  if (isDatabaseUnavailable(error)) {
    return new UnavailableError("database unavailable: PostgreSQL cannot be reached right now; nothing of this request was stored, retry later");
  }
  return undefined;
}
