// Splits an NDJSON body (already read whole, see read-body.ts) into [zero-based line number,
// parsed value] pairs, in linear time: lines are cut on the byte 0x0A (never part of a multi-byte
// UTF-8 sequence) and each line is decoded on its own as strict UTF-8. A line that is not JSON
// throws MalformedLineError (the whole request is refused); a line that is not valid UTF-8 is one
// refused item (InvalidLine), since its ids would otherwise be silently rewritten. A UTF-8 byte
// order mark before the first line is ignored.
import { InvalidLine, MalformedLineError } from "../services/ingest/ingest-service.js";
import { decodeUtf8 } from "./read-body.js";

/** Lines parsed between two yields to the event loop (so the batch in flight progresses). */
const LINES_PER_TURN = 2_000;
const NEWLINE = 0x0a;
const CR = 0x0d;

function startsWithBom(body: Uint8Array): boolean {
  return body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
}

function isBlank(text: string): boolean {
  return text.trim() === "";
}

export async function* ndjsonLines(body: Buffer): AsyncGenerator<readonly [number, unknown]> {
  let start = startsWithBom(body) ? 3 : 0;
  let line = 0;
  while (start < body.length) {
    let end = body.indexOf(NEWLINE, start);
    if (end === -1) end = body.length;
    const stop = end > start && body[end - 1] === CR ? end - 1 : end;
    const index = line;
    line += 1;
    const text = decodeUtf8(body.subarray(start, stop));
    start = end + 1;
    if (text === undefined) {
      yield [index, new InvalidLine("line is not valid UTF-8; send text as UTF-8")] as const;
    } else if (!isBlank(text)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new MalformedLineError(index + 1, (error as Error).message);
      }
      yield [index, value] as const;
    }
    if (line % LINES_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
