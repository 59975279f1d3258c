// What every demo stream shares: the API client, the log and the clock, and the two ways it talks
// to the API — `attempt` (retry until it succeeds or the demo stops, one log line per failure
// streak) and `send` (one bulk post per model of a part of a window's data).
import type { BulkKind, DemoClient } from "./api-client.js";
import type { DemoClock } from "./demo-clock.js";
import type { DemoSystemSpec, WindowContext, WindowData } from "./demo-data.js";
import type { DemoOptions, DemoSystemName } from "./demo-runner.js";

export interface DemoSystemDef {
  short: DemoSystemName;
  spec: DemoSystemSpec;
  rows: number;
  generate(ctx: WindowContext, rows: number): WindowData;
}

export interface RunningSystem {
  def: DemoSystemDef;
  id: string;
  windowMs: number;
  clock: DemoClock;
  modelIds: Record<string, string>;
  resumed: boolean;
}

export interface DemoRun {
  options: DemoOptions;
  client: DemoClient;
  log: (line: string) => void;
  now: () => number;
  signal?: AbortSignal;
  /** Bulk posts per live window. */
  chunks: number;
  /** Runs `fn` until it succeeds (or the demo stops), logging one line per failure streak. */
  attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined>;
  /** Posts `part` of a window's data per model (only the items `keep` accepts), through `attempt`. */
  send(sys: RunningSystem, what: string, data: WindowData, part: keyof WindowData, keep?: (ts: number) => boolean): Promise<void>;
}

const RETRY_MS = 3_000;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export function createDemoRun(args: { options: DemoOptions; client: DemoClient; log: (line: string) => void; now: () => number; chunks: number }): DemoRun {
  const { options, client, log, now, chunks } = args;
  const signal = options.signal;
  const failing = new Map<string, string>();
  const reported = new Set<string>();

  async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      if (signal?.aborted) return undefined;
      try {
        const result = await fn();
        if (failing.has(what)) {
          failing.delete(what);
          log(`${what}: succeeded again`);
        }
        return result;
      } catch (error) {
        if (signal?.aborted) return undefined;
        const message = error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
        if (failing.get(what) !== message) log(`${what} failed (${message}); retrying`);
        failing.set(what, message);
        await sleep(RETRY_MS, signal);
      }
    }
  }

  async function send(sys: RunningSystem, what: string, data: WindowData, part: keyof WindowData, keep?: (ts: number) => boolean): Promise<void> {
    const kind: BulkKind = part === "lateLabels" ? "labels" : (part as BulkKind);
    for (const [key, all] of Object.entries(data[part])) {
      const items = keep ? (all as Array<{ timestamp: string }>).filter((x) => keep(Date.parse(x.timestamp))) : all;
      if (items.length === 0) continue;
      const modelId = sys.modelIds[key];
      if (!modelId) continue;
      const result = await attempt(what, () => client.bulk(modelId, kind, items));
      if (result && result.rejected > 0 && !reported.has(`${key}/${kind}`)) {
        reported.add(`${key}/${kind}`);
        log(`${sys.def.short}: ${result.rejected} ${kind} of ${key} rejected, e.g. ${result.errors[0]?.message ?? "?"}`);
      }
    }
  }

  return { options, client, log, now, signal, chunks, attempt, send };
}
