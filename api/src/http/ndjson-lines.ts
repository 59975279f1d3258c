// Streams an NDJSON request body as [zero-based line number, parsed value] pairs, never holding
// more than one chunk and one partial line. A line that is not JSON throws MalformedLineError;
// a body over `limit` bytes throws PayloadTooLargeError; a body cut short throws too — so the
// caller's transaction rolls back and nothing of the request is stored.
import type { IncomingMessage } from "node:http";
import { StringDecoder } from "node:string_decoder";
import { BadInputError } from "../services/errors.js";
import { MalformedLineError } from "../services/ingest/ingest-service.js";
import { tooLarge } from "./read-body.js";

export async function* ndjsonLines(req: IncomingMessage, limit: number): AsyncGenerator<readonly [number, unknown]> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let line = 0;
  let size = 0;

  function* emit(text: string): Generator<readonly [number, unknown]> {
    const index = line;
    line += 1;
    const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (trimmed.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new MalformedLineError(index + 1, (error as Error).message);
    }
    yield [index, value] as const;
  }

  // destroyOnReturn: false — when we stop early (a bad line), the request stays open so the caller
  // can answer 400 and drain the rest instead of resetting a client that is still sending.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    pending += decoder.write(chunk);
    let start = 0;
    let nl = pending.indexOf("\n", start);
    while (nl !== -1) {
      yield* emit(pending.slice(start, nl));
      start = nl + 1;
      nl = pending.indexOf("\n", start);
    }
    pending = pending.slice(start);
    // A buffered body is otherwise consumed in one run of microtasks; yielding to the event loop
    // once per chunk lets the database connection's I/O (the batch being written) progress while
    // the next batch is parsed.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!req.complete) throw new BadInputError("request body ended before it was complete; nothing of this request was stored");
  pending += decoder.end();
  if (pending !== "") yield* emit(pending);
}
