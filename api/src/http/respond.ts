import type { ServerResponse } from "node:http";
import { asTandemError, retryAfterOf, type TandemError } from "../services/errors.js";

/** `Retry-After` of an error: its own `retryAfterSeconds`, else 5 s for any 503. */
function retryHeaders(known: TandemError | undefined): Record<string, string> {
  if (!known) return {};
  const seconds = retryAfterOf(known) ?? (known.httpStatus === 503 ? 5 : undefined);
  return seconds === undefined ? {} : { "retry-after": String(seconds) };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends a thrown error as `{error: {code, message}}` with its HTTP status; unexpected errors are logged, not shown. */
export function sendError(res: ServerResponse, error: unknown, log: (error: unknown) => void, extra: Record<string, unknown> = {}): void {
  const known = asTandemError(error);
  if (!known) {
    log(error);
    sendJson(res, 500, { error: { code: "INTERNAL_SERVER_ERROR", message: "internal error; it was logged on the server" } });
    return;
  }
  const headers = retryHeaders(known);
  if (known.httpStatus === 413) headers.connection = "close";
  sendJson(res, known.httpStatus, { error: { code: known.code, message: known.message, ...extra } }, headers);
}

/** Errors raised before GraphQL execution (authentication, body size) in the GraphQL response shape. */
export function sendGraphQLError(res: ServerResponse, error: unknown, log: (error: unknown) => void): void {
  const known = asTandemError(error);
  if (!known) log(error);
  const status = known?.httpStatus ?? 500;
  const code = known?.code ?? "INTERNAL_SERVER_ERROR";
  const message = known?.message ?? "internal error; it was logged on the server";
  const retry = known ? retryAfterOf(known) : undefined;
  sendJson(res, status, { errors: [{ message, extensions: retry === undefined ? { code } : { code, retryAfterSeconds: retry } }] }, retryHeaders(known));
}
