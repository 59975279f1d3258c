// Parses an NDJSON body into [zero-based line number, parsed value] pairs AS IT ARRIVES (the JSON
// work overlaps the transfer), before any database work: the request takes its connection and lock
// only once the whole body is in and parsed, so a slow upload holds neither. Linear time: lines are
// cut on the byte 0x0A (never part of a multi-byte UTF-8 sequence), and a line split across chunks
// is joined once. Each line is decoded on its own as strict UTF-8. A line that is not JSON throws
// MalformedLineError at once (the whole request is refused); a line that is not valid UTF-8 is one
// refused item (InvalidLine), since its ids would otherwise be silently rewritten. A UTF-8 byte
// order mark before the first line is ignored.
import { InvalidLine, MalformedLineError } from "../services/ingest/ingest-service.js";
import { decodeUtf8 } from "./read-body.js";

/** Items handed over between two yields to the event loop (so the batch in flight progresses). */
const ITEMS_PER_TURN = 2_000;
const NEWLINE = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export type NdjsonItem = readonly [number, unknown];

export class NdjsonParser {
  readonly items: NdjsonItem[] = [];
  private pending: Buffer[] = [];
  private line = 0;
  private first = true;

  /** Takes the next chunk of the body; throws MalformedLineError for a line that is not JSON. */
  push(chunk: Buffer): void {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      const piece = chunk.subarray(start, nl);
      this.take(this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]));
      this.pending = [];
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  /** The body is complete: the last line (without a trailing newline) and every item, in order. */
  end(): NdjsonItem[] {
    if (this.pending.length > 0) this.take(Buffer.concat(this.pending));
    this.pending = [];
    return this.items;
  }

  private take(bytes: Buffer): void {
    let line = bytes;
    if (this.first) {
      this.first = false;
      if (line.subarray(0, 3).equals(BOM)) line = line.subarray(3);
    }
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    const index = this.line;
    this.line += 1;
    const text = decodeUtf8(line);
    if (text === undefined) {
      this.items.push([index, new InvalidLine("line is not valid UTF-8; send text as UTF-8")]);
      return;
    }
    if (text.trim() === "") return;
    try {
      this.items.push([index, JSON.parse(text)]);
    } catch (error) {
      throw new MalformedLineError(index + 1, (error as Error).message);
    }
  }
}

/** The parsed items as the ingest service reads them, yielding to the event loop now and then. */
export async function* ndjsonItems(items: readonly NdjsonItem[]): AsyncGenerator<NdjsonItem> {
  for (let i = 0; i < items.length; i += 1) {
    yield items[i]!;
    if ((i + 1) % ITEMS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A whole body at once (tests, tools). */
export function ndjsonLines(body: Buffer): AsyncGenerator<NdjsonItem> {
  const parser = new NdjsonParser();
  parser.push(body);
  return ndjsonItems(parser.end());
}
