// Recognises errors that mean "PostgreSQL is not reachable right now" (as opposed to a bad query),
// and those that mean "PostgreSQL is fine but we are saturated": every pooled connection busy, a
// lock or statement timeout. The two answer differently (SERVICE_UNAVAILABLE vs OVERLOADED).

/**
 * Raised instead of pg-pool's "timeout exceeded when trying to connect" when the pool had all its
 * connections open and busy: the database answers, Tandem has more work than connections.
 */
export class PoolExhaustedError extends Error {
  override name = "PoolExhaustedError";
  constructor(
    readonly poolSize: number,
    readonly waiting: number,
    readonly waitedMs: number,
  ) {
    super(`db/pool: all ${poolSize} database connections stayed busy for ${waitedMs} ms (${waiting} more requests waiting)`);
  }
}

export type DatabaseOverload = "pool" | "lock_timeout" | "statement_timeout";

/** "pool", "lock_timeout" (SQLSTATE 55P03) or "statement_timeout" (57014), else undefined. */
export function databaseOverload(error: unknown): DatabaseOverload | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === "object"; depth += 1) {
    if (e instanceof PoolExhaustedError) return "pool";
    const err = e as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (err.code === "55P03") return "lock_timeout";
    if (err.code === "57014") return "statement_timeout";
    e = err.driverError ?? err.cause;
  }
  return undefined;
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up / shutting down)
  "08000", "08003", "08006", "08001", "08004", // connection exceptions
]);

const CONNECTION_MESSAGES = [
  "Connection terminated",
  "connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "terminating connection",
  "the database system is",
  "Connection ended",
  "Query read timeout", // pg query_timeout: the server stopped answering
];

/** The request's connection was lost (and its runner released) while its transaction was open. */
export class TransactionLostError extends Error {
  override name = "TransactionLostError";
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof TransactionLostError) return true;
  if (databaseOverload(error) !== undefined) return false;
  // TypeORM releases a query runner whose connection emitted an error (the server went away);
  // our code never uses a runner it released itself, so this means the connection was lost.
  if ((error as { name?: unknown } | null)?.name === "QueryRunnerAlreadyReleasedError") return true;
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === "object"; depth += 1) {
    const err = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof err.code === "string" && CONNECTION_CODES.has(err.code)) return true;
    if (typeof err.message === "string" && CONNECTION_MESSAGES.some((m) => (err.message as string).includes(m))) return true;
    e = err.driverError ?? err.cause;
  }
  return false;
}

/** PostgreSQL "unique_violation". */
export function isUniqueViolation(error: unknown): boolean {
  const err = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return err?.code === "23505" || err?.driverError?.code === "23505";
}
