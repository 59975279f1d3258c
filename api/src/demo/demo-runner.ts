// Seeds and streams the demo systems through the public API, as a user's services would:
// registers the systems (or finds them again by name), backfills a healthy history with a
// reference and an evaluation per window, then streams every window live — predictions spread
// over the window in a few bulk posts, labels and feedback when it closes (some a window late),
// KPIs — and asks Tandem to evaluate each window once it has closed (demo-stream.ts). A failed
// request (the API restarting) is logged once and retried; the demo never gives up on its own.
import { createDemoClient, type DemoClient } from "./api-client.js";
import { describeClock, newClock, parseClock } from "./demo-clock.js";
import type { DemoSystemSpec } from "./demo-data.js";
import { createDemoRun, type DemoSystemDef, type RunningSystem } from "./demo-run.js";
import { streamSystem } from "./demo-stream.js";
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

export { describeClock, faultIndexOf, parseClock, type DemoClock } from "./demo-clock.js";

export function demoSystems(rows: number): DemoSystemDef[] {
  return [
    { short: "driving", spec: drivingSpec(), rows, generate: drivingWindow },
    { short: "ecommerce", spec: ecommerceSpec(), rows: Math.max(10, Math.round(rows * 0.75)), generate: (ctx, n) => ecommerceWindow(ctx, n, loadSeattleWeather()) },
  ];
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(`[demo] ${line}`));
  const now = options.now ?? Date.now;
  const client = createDemoClient({ apiUrl: options.apiUrl, adminKey: options.adminKey, signal: options.signal });
  const wanted = new Set(options.systems ?? ["driving", "ecommerce"]);
  const defs = demoSystems(options.rowsPerWindow ?? 250).filter((d) => wanted.has(d.short));
  const run = createDemoRun({ options, client, log, now, chunks: Math.max(1, options.chunksPerWindow ?? 3) });

  const running: RunningSystem[] = [];
  for (const def of defs) {
    const sys = await run.attempt(`${def.short}: setting up`, () => setUp(client, def, options, now));
    if (!sys) return;
    running.push(sys);
    log(
      sys.resumed
        ? `${def.spec.name}: resuming the stream (window ${options.windowSeconds} s)`
        : `${def.spec.name}: created; backfilling ${sys.clock.historyWindows} windows of history`,
    );
  }
  await Promise.all(running.map((sys) => streamSystem(run, sys)));
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
    const clock = parseClock(existing.description) ?? newClock({ nowMs: now(), windowSeconds: existing.windowSeconds, historyWindows: options.historyWindows, faultAfterSeconds: options.faultAfterSeconds });
    const modelIds = await ensureModels(client, existing.id, spec);
    return { def, id: existing.id, windowMs, clock, modelIds, resumed: true };
  }
  const windowMs = options.windowSeconds * 1000;
  const clock = newClock({ nowMs: now(), windowSeconds: options.windowSeconds, historyWindows: options.historyWindows, faultAfterSeconds: options.faultAfterSeconds });
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
