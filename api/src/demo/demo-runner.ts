// Seeds and streams the demo systems through the public API, as a user's services would:
// registers the systems (or finds them again by name), backfills a healthy history with a
// reference and an evaluation per window, then streams every window live — predictions spread
// over the window in a few bulk posts, labels and feedback when it closes (some a window late),
// KPIs — and asks Tandem to evaluate each window once it has closed. A failed request (the API
// restarting) is logged once and retried; the demo never gives up on its own.
import { createDemoClient, type BulkKind, type DemoClient } from "./api-client.js";
import { iso, type DemoSystemSpec, type WindowContext, type WindowData } from "./demo-data.js";
import { DRIVING_SYSTEM_NAME, drivingSpec, drivingWindow } from "./driving-system.js";
import { ECOMMERCE_SYSTEM_NAME, ecommerceSpec, ecommerceWindow } from "./ecommerce-system.js";
import { loadSeattleWeather } from "./seattle-weather.js";

export type DemoSystemName = "driving" | "ecommerce";

export interface DemoOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:4000 */
  apiUrl: string;
  adminKey: string;
  windowSeconds: number;
  /** Live seconds before the camera fault begins. */
  faultAfterSeconds: number;
  /** Healthy windows backfilled when the systems are created. */
  historyWindows: number;
  signal?: AbortSignal;
  /** Predictions per model and window (driving; e-commerce uses three quarters). Default 250. */
  rowsPerWindow?: number;
  systems?: DemoSystemName[];
  log?: (line: string) => void;
  /** Clock, ms since the epoch. */
  now?: () => number;
  /** Bulk posts per live window (default 3). */
  chunksPerWindow?: number;
  /** Called after each window's evaluation (tests, progress). */
  onWindow?: (event: DemoWindowEvent) => void;
}

export interface DemoWindowEvent {
  system: DemoSystemName;
  systemId: string;
  /** 0 = the first history window. */
  index: number;
  start: string;
  end: string;
  /** Sent while it was going on (false: history or catch-up, sent after the fact). */
  live: boolean;
  status: string;
  rootCause: string | null;
  /** Milliseconds the evaluate mutation took. */
  evaluateMs: number;
}

/**
 * Whether the demo runs, from TANDEM_DEMO's mode and the names of the systems in the database:
 * forced (on), disabled (off), or (auto) on an empty database or one that already holds a demo system.
 */
export function demoDecision(mode: "on" | "off" | "auto", systemNames: readonly string[]): boolean {
  switch (mode) {
    case "on":
      return true;
    case "off":
      return false;
    case "auto":
      return systemNames.length === 0 || systemNames.some((n) => n === DRIVING_SYSTEM_NAME || n === ECOMMERCE_SYSTEM_NAME);
    default: {
      const never: never = mode;
      throw new Error(`demo: unknown mode ${String(never)}`);
    }
  }
}

interface DemoSystemDef {
  short: DemoSystemName;
  spec: DemoSystemSpec;
  rows: number;
  generate(ctx: WindowContext, rows: number): WindowData;
}

/** The clock a demo system was created with, written into its description so that a restart resumes it. */
export interface DemoClock {
  /** Start of window 0 (the first history window), ms. */
  anchor: number;
  historyWindows: number;
  faultAfterSeconds: number;
}

export function describeClock(clock: DemoClock): string {
  return `[demo clock: window 0 at ${iso(clock.anchor)}; ${clock.historyWindows} history windows; fault after ${clock.faultAfterSeconds} s]`;
}

export function parseClock(description: string | null | undefined): DemoClock | null {
  const m = /\[demo clock: window 0 at (\S+); (\d+) history windows; fault after (\d+) s\]/.exec(description ?? "");
  if (!m) return null;
  const anchor = Date.parse(m[1]!);
  return Number.isFinite(anchor) ? { anchor, historyWindows: Number(m[2]), faultAfterSeconds: Number(m[3]) } : null;
}

/** Index of the first window of the fault: the first window that starts at least faultAfterSeconds into the live stream. */
export function faultIndexOf(clock: DemoClock, windowSeconds: number): number {
  return clock.historyWindows + Math.ceil(clock.faultAfterSeconds / windowSeconds);
}

interface RunningSystem {
  def: DemoSystemDef;
  id: string;
  windowMs: number;
  clock: DemoClock;
  modelIds: Record<string, string>;
  resumed: boolean;
}

const GRACE_MS = 500;
const RETRY_MS = 3_000;
/** A live stream that fell further behind than this (API down) skips to the current window. */
const MAX_BEHIND_WINDOWS = 3;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

export function demoSystems(rows: number): DemoSystemDef[] {
  return [
    { short: "driving", spec: drivingSpec(), rows, generate: drivingWindow },
    { short: "ecommerce", spec: ecommerceSpec(), rows: Math.max(10, Math.round(rows * 0.75)), generate: (ctx, n) => ecommerceWindow(ctx, n, loadSeattleWeather()) },
  ];
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(`[demo] ${line}`));
  const now = options.now ?? Date.now;
  const signal = options.signal;
  const client = createDemoClient({ apiUrl: options.apiUrl, adminKey: options.adminKey, signal });
  const wanted = new Set(options.systems ?? ["driving", "ecommerce"]);
  const defs = demoSystems(options.rowsPerWindow ?? 250).filter((d) => wanted.has(d.short));
  const chunks = Math.max(1, options.chunksPerWindow ?? 3);
  const failing = new Map<string, string>();

  /** Runs `fn` until it succeeds (or the demo stops), logging one line per failure streak. */
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

  const running: RunningSystem[] = [];
  for (const def of defs) {
    const sys = await attempt(`${def.short}: setting up`, () => setUp(client, def, options, now));
    if (!sys) return;
    running.push(sys);
    log(
      sys.resumed
        ? `${def.spec.name}: resuming the stream (window ${options.windowSeconds} s)`
        : `${def.spec.name}: created; backfilling ${sys.clock.historyWindows} windows of history`,
    );
  }
  await Promise.all(running.map((sys) => stream(sys)));

  async function stream(sys: RunningSystem): Promise<void> {
    const { def, windowMs, clock } = sys;
    const liveIndex = clock.historyWindows;
    const faultIndex = faultIndexOf(clock, windowMs / 1000);
    const refWindows = Math.max(1, Math.min(def.spec.referenceWindows, Math.max(1, clock.historyWindows)));
    const currentIndex = () => Math.floor((now() - clock.anchor) / windowMs);
    let next = sys.resumed ? Math.max(0, currentIndex()) : 0;
    let referenceSet = sys.resumed;
    let pendingLate: WindowData | undefined;
    let lastStatus = "";
    const tag = def.short;
    // The first catch-up (history, and the windows that passed while it was sent) is sent in full,
    // so that the windows stay consecutive; later, after an outage, the stream skips ahead.
    let caughtUp = sys.resumed;
    const deferred: Array<{ index: number; live: boolean }> = [];
    // Windows streamed since the fault began (a resumed stream takes the clock's word for it).
    let faultAge: number | null = null;

    while (!signal?.aborted) {
      const behind = currentIndex() - next;
      if (caughtUp && behind > MAX_BEHIND_WINDOWS) {
        log(`${tag}: ${behind} windows behind; skipping to the current window`);
        next = currentIndex();
        pendingLate = undefined;
      }
      const start = clock.anchor + next * windowMs;
      const end = start + windowMs;
      if (next >= faultIndex) faultAge = faultAge === null ? next - faultIndex : faultAge + 1;
      const ctx: WindowContext = { start, windowMs, index: next, liveIndex, faultAge: faultAge ?? -1 };
      const data = def.generate(ctx, def.rows);
      const live = end > now();
      if (live) caughtUp = true;
      if (next === liveIndex && !sys.resumed) log(`${def.spec.name}: history done; streaming live`);
      if (next === faultIndex && tag === "driving") log(`${def.spec.name}: the camera lens gets dirty at dusk from ${iso(start)} (window ${next})`);

      let sentUntil = start;
      for (let k = 1; k <= chunks && !signal?.aborted; k += 1) {
        const boundary = k === chunks ? end : start + Math.floor((k * windowMs) / chunks);
        if (boundary > now()) await sleep(boundary - now(), signal);
        const from = sentUntil;
        await send(sys, `${tag}: sending window ${iso(start)}`, data, "predictions", (ts) => ts >= from && ts < boundary);
        await send(sys, `${tag}: sending window ${iso(start)}`, data, "metrics", (ts) => ts >= from && ts < boundary);
        sentUntil = boundary;
      }
      if (signal?.aborted) break;
      if (end + GRACE_MS > now()) await sleep(end + GRACE_MS - now(), signal);
      // The window has closed: ground truth and feedback arrive, then Tandem evaluates it.
      await send(sys, `${tag}: closing window ${iso(start)}`, data, "labels");
      if (pendingLate) await send(sys, `${tag}: closing window ${iso(start)}`, pendingLate, "lateLabels");
      await send(sys, `${tag}: closing window ${iso(start)}`, data, "feedback");
      pendingLate = data;
      if (!referenceSet) {
        // The reference windows are evaluated once all of them are in and chosen as the reference.
        deferred.push({ index: next, live });
        if (next === refWindows - 1) {
          const window = { from: iso(clock.anchor), to: iso(clock.anchor + refWindows * windowMs) };
          for (const modelId of Object.values(sys.modelIds)) {
            await attempt(`${tag}: setting the reference`, () => client.gql(`mutation($m: ID!, $w: WindowInput!) { setReference(modelId: $m, window: $w) { id } }`, { m: modelId, w: window }));
          }
          referenceSet = true;
          for (const d of deferred.splice(0)) await evaluate(d.index, d.live);
        }
      } else {
        await evaluate(next, live);
      }
      if (next === liveIndex - 1 && !sys.resumed) log(`${def.spec.name}: ${clock.historyWindows} history windows evaluated`);
      next += 1;
    }

    async function evaluate(index: number, live: boolean): Promise<void> {
      const start = clock.anchor + index * windowMs;
      const end = start + windowMs;
      const evaluating = now();
      const health = await attempt(`${tag}: evaluating`, () =>
        client.gql<{ evaluate: { status: string; rootCauses: Array<{ model: { key: string } }> } }>(
          `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status rootCauses { model { key } } } }`,
          { s: sys.id, at: iso(end) },
        ),
      );
      if (!health) return;
      const status = health.evaluate.status;
      const root = health.evaluate.rootCauses[0]?.model.key;
      const line = `${status}${root && status !== "HEALTHY" ? ` (root cause: ${root})` : ""}`;
      if (line !== lastStatus && index >= liveIndex - 1) log(`${def.spec.name}: window ${iso(start)} is ${line}`);
      lastStatus = line;
      options.onWindow?.({ system: tag, systemId: sys.id, index, start: iso(start), end: iso(end), live, status, rootCause: root ?? null, evaluateMs: now() - evaluating });
    }
  }

  const reported = new Set<string>();
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
}

/** Finds the demo system by name (resume) or creates it with its models, dependencies, rules and drift settings. */
async function setUp(client: DemoClient, def: DemoSystemDef, options: DemoOptions, now: () => number): Promise<RunningSystem> {
  const { spec } = def;
  const found = await client.gql<{ systems: Array<{ id: string; name: string; windowSeconds: number; description: string | null; models: Array<{ id: string; key: string }> }> }>(
    `{ systems { id name windowSeconds description models { id key } } }`,
  );
  const existing = found.systems.find((s) => s.name === spec.name);
  if (existing) {
    const windowMs = existing.windowSeconds * 1000;
    const clock = parseClock(existing.description) ?? {
      anchor: Math.floor(now() / windowMs) * windowMs - options.historyWindows * windowMs,
      historyWindows: options.historyWindows,
      faultAfterSeconds: options.faultAfterSeconds,
    };
    const modelIds = await ensureModels(client, existing.id, spec);
    return { def, id: existing.id, windowMs, clock, modelIds, resumed: true };
  }
  const windowMs = options.windowSeconds * 1000;
  const clock: DemoClock = {
    anchor: Math.floor(now() / windowMs) * windowMs - options.historyWindows * windowMs,
    historyWindows: options.historyWindows,
    faultAfterSeconds: options.faultAfterSeconds,
  };
  const created = await client.gql<{ createSystem: { id: string } }>(
    `mutation($n: String!, $d: String, $w: Int) { createSystem(name: $n, description: $d, windowSeconds: $w) { id } }`,
    { n: spec.name, d: `${spec.description} ${describeClock(clock)}`, w: options.windowSeconds },
  );
  const id = created.createSystem.id;
  const modelIds = await ensureModels(client, id, spec);
  for (const rule of spec.rules) {
    await client.gql(`mutation($m: ID!, $metric: String!, $op: String!, $t: Float!) { createAlertRule(modelId: $m, metric: $metric, operator: $op, threshold: $t) { id } }`, {
      m: modelIds[rule.model], metric: rule.metric, op: rule.operator, t: rule.threshold,
    });
  }
  // Materiality thresholds: a demo window holds a few hundred rows, whose sampling noise alone
  // reaches the default effect size (0.1) now and then; the demo's faults are far larger.
  for (const m of spec.models) {
    for (const feature of [...m.features.map((f) => f.name), "prediction"]) {
      const threshold = spec.drift.find((d) => d.model === m.key && d.feature === feature)?.threshold ?? spec.driftThreshold;
      await client.gql(`mutation($m: ID!, $f: String!, $t: Float) { configureDrift(modelId: $m, feature: $f, threshold: $t) { feature } }`, { m: modelIds[m.key], f: feature, t: threshold });
    }
  }
  return { def, id, windowMs, clock, modelIds, resumed: false };
}

/** Registers every model (idempotent) and adds the dependencies that are missing. */
async function ensureModels(client: DemoClient, systemId: string, spec: DemoSystemSpec): Promise<Record<string, string>> {
  const modelIds: Record<string, string> = {};
  for (const m of spec.models) {
    const r = await client.gql<{ registerModel: { id: string } }>(
      `mutation($s: ID!, $k: String!, $n: String, $t: ModelTask!, $v: String, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, name: $n, task: $t, version: $v, features: $f) { id } }`,
      { s: systemId, k: m.key, n: m.name, t: m.task, v: m.version, f: m.features },
    );
    modelIds[m.key] = r.registerModel.id;
  }
  const sys = await client.gql<{ system: { dependencies: Array<{ from: { key: string }; to: { key: string } }> } }>(
    `query($s: ID!) { system(id: $s) { dependencies { from { key } to { key } } } }`,
    { s: systemId },
  );
  const have = new Set(sys.system.dependencies.map((d) => `${d.from.key}->${d.to.key}`));
  for (const e of spec.edges) {
    if (have.has(`${e.from}->${e.to}`)) continue;
    await client.gql(`mutation($s: ID!, $f: String!, $t: String!, $w: Float, $x: String) { addDependency(systemId: $s, fromKey: $f, toKey: $t, weight: $w, feature: $x) { id } }`, {
      s: systemId, f: e.from, t: e.to, w: e.weight, x: e.feature,
    });
  }
  return modelIds;
}
