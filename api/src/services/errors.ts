// Typed domain errors. They are mapped to GraphQL `extensions.code` / HTTP statuses once, at the
// boundary (graphql/format-error.ts, http/). Messages are for people; they never carry stack traces.
import { databaseOverload, isDatabaseUnavailable, type DatabaseOverload } from "../db/database-errors.js";

export type ErrorCode =
  | "BAD_USER_INPUT" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED" | "SERVICE_UNAVAILABLE" | "OVERLOADED" | "PAYLOAD_TOO_LARGE" | "CLIENT_CLOSED_REQUEST";

export abstract class TandemError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly httpStatus: number;
}

/**
 * A TandemError may carry `retryAfterSeconds` (OverloadedError, rate limits): REST answers then
 * send `Retry-After` with it and GraphQL errors `extensions.retryAfterSeconds`.
 */
export function retryAfterOf(error: TandemError): number | undefined {
  const value = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.ceil(value) : undefined;
}

/**
 * The base class of one kind of error: its code, HTTP status and name (the errors below, and those
 * of http/ and auth, differ only in these).
 */
export function errorKind<C extends ErrorCode>(code: C, httpStatus: number, name: string) {
  return class extends TandemError {
    readonly code: C = code;
    readonly httpStatus = httpStatus;
    override name = name;
  };
}

export class BadInputError extends errorKind("BAD_USER_INPUT", 400, "BadInputError") {}
export class NotFoundError extends errorKind("NOT_FOUND", 404, "NotFoundError") {}
export class ForbiddenError extends errorKind("FORBIDDEN", 403, "ForbiddenError") {}
export class UnauthenticatedError extends errorKind("UNAUTHENTICATED", 401, "UnauthenticatedError") {}
export class PayloadTooLargeError extends errorKind("PAYLOAD_TOO_LARGE", 413, "PayloadTooLargeError") {}

/** PostgreSQL cannot be reached. Retryable; nothing of the failed request was acknowledged. */
export class UnavailableError extends errorKind("SERVICE_UNAVAILABLE", 503, "UnavailableError") {}

/**
 * Tandem itself is saturated (every database connection busy, a lock or statement timeout, too
 * much expensive work for one API key, a request past its deadline). PostgreSQL is fine; retry
 * after `retryAfterSeconds`.
 */
export class OverloadedError extends errorKind("OVERLOADED", 503, "OverloadedError") {
  constructor(message: string, readonly retryAfterSeconds = 2) {
    super(message);
  }
}

/** The client went away before its answer: its work stops. Nobody reads this answer. */
export class ClientClosedRequestError extends errorKind("CLIENT_CLOSED_REQUEST", 499, "ClientClosedRequestError") {}

const OVERLOAD_MESSAGES: Record<DatabaseOverload, string> = {
  pool: "overloaded: every database connection is busy; nothing of this request was stored, retry shortly",
  lock_timeout: "overloaded: a database lock stayed taken longer than the lock timeout; nothing of this request was stored, retry shortly",
  statement_timeout: "overloaded: a database statement ran longer than the statement timeout and was cancelled; nothing of this request was stored, retry later",
};

/** Turns any thrown value into a TandemError when it is one of ours or a database outage; else undefined (an internal error). */
export function asTandemError(error: unknown): TandemError | undefined {
  if (error instanceof TandemError) return error;
  const overload = databaseOverload(error);
  if (overload !== undefined) return new OverloadedError(OVERLOAD_MESSAGES[overload], overload === "statement_timeout" ? 10 : 2);
  if (isDatabaseUnavailable(error)) {
    return new UnavailableError("database unavailable: PostgreSQL cannot be reached right now; nothing of this request was stored, retry later");
  }
  return undefined;
}
