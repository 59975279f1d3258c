// Streams one demo system window after window: the history first (sent in full, so the windows
// stay consecutive), then live — predictions and KPIs spread over the window in a few bulk posts,
// labels and feedback when it closes (some a window late) — and asks Tandem to evaluate each
// window once it has closed. The first windows become the models' reference before they are
// evaluated. After an outage the stream skips ahead to the current window.
import { faultIndexOf } from "./demo-clock.js";
import { iso, type WindowContext, type WindowData } from "./demo-data.js";
import { sleep, type DemoRun, type RunningSystem } from "./demo-run.js";

const GRACE_MS = 500;
/** A live stream that fell further behind than this (API down) skips to the current window. */
const MAX_BEHIND_WINDOWS = 3;

interface StreamState {
  next: number;
  referenceSet: boolean;
  /** The previous window's data: its late labels go out when the next window closes. */
  pendingLate: WindowData | undefined;
  lastStatus: string;
  // The first catch-up (history, and the windows that passed while it was sent) is sent in full,
  // so that the windows stay consecutive; later, after an outage, the stream skips ahead.
  caughtUp: boolean;
  /** Windows waiting for the reference to be set before they are evaluated. */
  deferred: Array<{ index: number; live: boolean }>;
  /** Windows streamed since the fault began (a resumed stream takes the clock's word for it). */
  faultAge: number | null;
}

export async function streamSystem(run: DemoRun, sys: RunningSystem): Promise<void> {
  const { now, signal, log } = run;
  const { def, windowMs, clock } = sys;
  const liveIndex = clock.historyWindows;
  const faultIndex = faultIndexOf(clock, windowMs / 1000);
  const currentIndex = () => Math.floor((now() - clock.anchor) / windowMs);
  const tag = def.short;
  const state: StreamState = {
    next: sys.resumed ? Math.max(0, currentIndex()) : 0,
    referenceSet: sys.resumed,
    pendingLate: undefined,
    lastStatus: "",
    caughtUp: sys.resumed,
    deferred: [],
    faultAge: null,
  };

  while (!signal?.aborted) {
    const behind = currentIndex() - state.next;
    if (state.caughtUp && behind > MAX_BEHIND_WINDOWS) {
      log(`${tag}: ${behind} windows behind; skipping to the current window`);
      state.next = currentIndex();
      state.pendingLate = undefined;
    }
    const next = state.next;
    const start = clock.anchor + next * windowMs;
    const end = start + windowMs;
    if (next >= faultIndex) state.faultAge = state.faultAge === null ? next - faultIndex : state.faultAge + 1;
    const ctx: WindowContext = { start, windowMs, index: next, liveIndex, faultAge: state.faultAge ?? -1 };
    const data = def.generate(ctx, def.rows);
    const live = end > now();
    if (live) state.caughtUp = true;
    if (next === liveIndex && !sys.resumed) log(`${def.spec.name}: history done; streaming live`);
    if (next === faultIndex && tag === "driving") log(`${def.spec.name}: the camera lens gets dirty at dusk from ${iso(start)} (window ${next})`);

    await sendWhileOpen(run, sys, data, start);
    if (signal?.aborted) break;
    if (end + GRACE_MS > now()) await sleep(end + GRACE_MS - now(), signal);
    await closeWindow(run, sys, state, data, start);
    await evaluateOrDefer(run, sys, state, live);
    if (next === liveIndex - 1 && !sys.resumed) log(`${def.spec.name}: ${clock.historyWindows} history windows evaluated`);
    state.next += 1;
  }
}

/** Predictions and metrics of the window [start, start + windowMs), in `chunks` posts as time passes. */
async function sendWhileOpen(run: DemoRun, sys: RunningSystem, data: WindowData, start: number): Promise<void> {
  const { now, signal, chunks } = run;
  const { windowMs } = sys;
  const end = start + windowMs;
  const tag = sys.def.short;
  let sentUntil = start;
  for (let k = 1; k <= chunks && !signal?.aborted; k += 1) {
    const boundary = k === chunks ? end : start + Math.floor((k * windowMs) / chunks);
    if (boundary > now()) await sleep(boundary - now(), signal);
    const from = sentUntil;
    await run.send(sys, `${tag}: sending window ${iso(start)}`, data, "predictions", (ts) => ts >= from && ts < boundary);
    await run.send(sys, `${tag}: sending window ${iso(start)}`, data, "metrics", (ts) => ts >= from && ts < boundary);
    sentUntil = boundary;
  }
}

/** The window has closed: ground truth and feedback arrive (the previous window's late labels too). */
async function closeWindow(run: DemoRun, sys: RunningSystem, state: StreamState, data: WindowData, start: number): Promise<void> {
  const what = `${sys.def.short}: closing window ${iso(start)}`;
  await run.send(sys, what, data, "labels");
  if (state.pendingLate) await run.send(sys, what, state.pendingLate, "lateLabels");
  await run.send(sys, what, data, "feedback");
  state.pendingLate = data;
}

/** Evaluates the window, or, until the reference is set, keeps it for when the reference windows are all in. */
async function evaluateOrDefer(run: DemoRun, sys: RunningSystem, state: StreamState, live: boolean): Promise<void> {
  const { def, windowMs, clock } = sys;
  if (state.referenceSet) return evaluateWindow(run, sys, state, state.next, live);
  const refWindows = Math.max(1, Math.min(def.spec.referenceWindows, Math.max(1, clock.historyWindows)));
  state.deferred.push({ index: state.next, live });
  if (state.next !== refWindows - 1) return;
  const window = { from: iso(clock.anchor), to: iso(clock.anchor + refWindows * windowMs) };
  for (const modelId of Object.values(sys.modelIds)) {
    await run.attempt(`${def.short}: setting the reference`, () => run.client.gql(`mutation($m: ID!, $w: WindowInput!) { setReference(modelId: $m, window: $w) { id } }`, { m: modelId, w: window }));
  }
  state.referenceSet = true;
  for (const d of state.deferred.splice(0)) await evaluateWindow(run, sys, state, d.index, d.live);
}

async function evaluateWindow(run: DemoRun, sys: RunningSystem, state: StreamState, index: number, live: boolean): Promise<void> {
  const { now, log } = run;
  const { def, windowMs, clock } = sys;
  const tag = def.short;
  const start = clock.anchor + index * windowMs;
  const end = start + windowMs;
  const evaluating = now();
  const health = await run.attempt(`${tag}: evaluating`, () =>
    run.client.gql<{ evaluate: { status: string; rootCauses: Array<{ model: { key: string } }> } }>(
      `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status rootCauses { model { key } } } }`,
      { s: sys.id, at: iso(end) },
    ),
  );
  if (!health) return;
  const status = health.evaluate.status;
  const root = health.evaluate.rootCauses[0]?.model.key;
  const line = `${status}${root && status !== "HEALTHY" ? ` (root cause: ${root})` : ""}`;
  if (line !== state.lastStatus && index >= clock.historyWindows - 1) log(`${def.spec.name}: window ${iso(start)} is ${line}`);
  state.lastStatus = line;
  run.options.onWindow?.({ system: tag, systemId: sys.id, index, start: iso(start), end: iso(end), live, status, rootCause: root ?? null, evaluateMs: now() - evaluating });
}
