// Reading request bodies: bounded in size (declared and actual, after decompression), in idle time
// between chunks, and decoded as strict UTF-8. A body is read whole BEFORE any database work starts,
// so a client that trickles its upload holds no connection and no lock while it does.
import type { IncomingMessage } from "node:http";
import { createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";
import { BadInputError, errorKind, PayloadTooLargeError, TandemError } from "../services/errors.js";

/** A body that stops arriving for this long is refused (408) and nothing of it is stored. */
export const BODY_IDLE_TIMEOUT_MS = 30_000;

export function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`request body exceeds ${limit} bytes (${Math.round(limit / 1048576)} MiB); split it into several requests`);
}

/** A Content-Encoding the server does not decode (HTTP 415). */
export class UnsupportedEncodingError extends errorKind("BAD_USER_INPUT", 415, "UnsupportedEncodingError") {}

/** The client stopped sending its body (HTTP 408). */
export class BodyTimeoutError extends errorKind("BAD_USER_INPUT", 408, "BodyTimeoutError") {}

/** Refuses early when Content-Length already says the body is too large. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
}

/** The body stream to read: the request itself, or its decompression for gzip / deflate. */
function decodedStream(req: IncomingMessage): Readable {
  const encoding = String(req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return req;
  if (encoding === "gzip" || encoding === "x-gzip" || encoding === "deflate") {
    const inflater = encoding === "deflate" ? createInflate() : createGunzip();
    req.on("error", (error) => inflater.destroy(error));
    return req.pipe(inflater);
  }
  throw new UnsupportedEncodingError(`Content-Encoding '${encoding}' is not supported: send the body uncompressed, gzip or deflate`);
}

export interface ReadOptions {
  idleTimeoutMs?: number;
  /** Called with each chunk as it arrives (after decompression); what it throws refuses the body. */
  onChunk?: (chunk: Buffer) => void;
}

/**
 * Reads the whole body as bytes: at most `limit` bytes on the wire and after decompression, each
 * chunk within `idleTimeoutMs` of the previous one. Throws 413, 408, 415 or 400 (cut short, bad
 * compression) — the caller has stored nothing yet.
 */
export async function readBodyBytes(req: IncomingMessage, limit: number, options: ReadOptions = {}): Promise<Buffer> {
  checkDeclaredLength(req, limit);
  const idleMs = options.idleTimeoutMs ?? BODY_IDLE_TIMEOUT_MS;
  const source = decodedStream(req);
  const compressed = source !== req;
  let wire = 0;
  if (compressed) {
    req.on("data", (chunk: Buffer) => {
      wire += chunk.length;
      if (wire > limit) source.destroy(tooLarge(limit));
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const iterator = (source.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<Buffer>)[Symbol.asyncIterator]();
  // Each chunk must arrive within idleMs; the socket is left open so the 408 answer reaches the client.
  const idle = () =>
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BodyTimeoutError(`request body: no data for ${Math.round(idleMs / 1000)} s; nothing of this request was stored`)), idleMs);
      timer.unref();
    });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), idle()]);
      clearTimeout(timer);
      if (next.done) break;
      size += next.value.length;
      if (size > limit) throw tooLarge(limit);
      if (options.onChunk) options.onChunk(next.value);
      else chunks.push(next.value);
    }
  } catch (error) {
    if (error instanceof TandemError) throw error;
    if (compressed && (error as { code?: string }).code?.startsWith("Z_")) {
      throw new BadInputError(`request body: not valid ${String(req.headers["content-encoding"])} data (${(error as Error).message}); nothing of this request was stored`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    // Detach from the stream (it stays open: destroyOnReturn is false) so that an early answer can
    // drain the rest of the body; not awaited, as a read may still be pending after an idle timeout.
    void iterator.return?.(undefined)?.catch(() => undefined);
  }
  if (!req.complete) throw new BadInputError("request body ended before it was complete; nothing of this request was stored");
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Strict UTF-8 (a leading BOM is dropped); undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Reads the whole body (GraphQL requests) as strict UTF-8, at most `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number, options: ReadOptions = {}): Promise<string> {
  const text = decodeUtf8(await readBodyBytes(req, limit, options));
  if (text === undefined) throw new BadInputError("request body is not valid UTF-8");
  return text;
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
