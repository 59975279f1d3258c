import type { IncomingMessage } from "node:http";
import { BadInputError, PayloadTooLargeError } from "../services/errors.js";

export function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`request body exceeds ${limit} bytes (${Math.round(limit / 1048576)} MiB); split it into several requests`);
}

/** Refuses early when Content-Length already says the body is too large. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
}

/** Reads the whole body (GraphQL requests), at most `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  checkDeclaredLength(req, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  if (!req.complete) throw new BadInputError("request body ended before it was complete");
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * After an early answer: read and discard the rest of the body (up to `limit` bytes) so the client
 * receives the answer instead of a connection reset; beyond the limit, close the connection.
 */
export function discardRest(req: IncomingMessage, limit: number, closeNow: boolean): void {
  if (req.complete || req.destroyed) return;
  if (closeNow) {
    req.socket.end();
    return;
  }
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.socket.destroy();
  });
  req.resume();
}
