// The per-window health of each model, as the root-cause and cascade logic consume it, and the
// checks shared by both entry points.
import type { SystemGraph } from "./system-graph.js";

export interface EvidenceSignal {
  kind: string;
  name: string;
  value: number;
  threshold: number | null;
  breached: boolean;
}

export interface ModelState {
  /** Own anomaly score in [0, 1]. */
  score: number;
  anomalous: boolean;
  /**
   * Epoch ms when the trouble the model shows now started; required when anomalous. The service passes
   * the start of its current episode (anomalous runs joined across one-window gaps, `anomalous-run.ts`).
   */
  onset: number | null;
  /**
   * Optional: epoch ms when its current unbroken run of anomalous windows started (≥ onset; absent =
   * onset). The incident rule's persistence counts this run, so alarms in every other window never persist.
   */
  anomalousSince?: number;
  /**
   * Optional, in (0, 1]: the model itself changed when its trouble started — a new version went live
   * in its onset window (1), or a window or two before (½, ¼). A model that changed at the onset is a
   * likelier origin than one that only received the trouble: its own evidence gains
   * `changeEvidence` × this (window-options.ts).
   */
  changedAtOnset?: number;
  /**
   * Optional, for a model NOT anomalous this window (with data): it was anomalous in the previous
   * window, in an episode that started then (epoch ms). A fault does not breach every window: such a
   * model may be the origin dipping under its thresholds for one window (a latent candidate weighs it).
   */
  recentOnset?: number;
  /**
   * Optional finer onset (epoch ms) estimated inside the onset window (e.g. from per-minute
   * statistics). When two anomalous models share a window and both have one, it decides which
   * turned anomalous first, before the dependency direction does.
   */
  onsetFine?: number;
  /**
   * Every signal the model had this window, breached or not (signals without a threshold, which cannot
   * breach, are ignored by the ranking). Ranking weighs how many of them breached.
   */
  evidence?: EvidenceSignal[];
  /**
   * false: the model had no data this window (status UNKNOWN) — treated exactly like a model with no
   * state at all (its health is unknown, not healthy). Optional; a state given without it has data.
   */
  hasData?: boolean;
}

export type ModelStates = Record<string, ModelState>;

/** The state of a model that has data (undefined when it has no state or `hasData: false`). */
export function stateWithData(states: ModelStates, id: string): ModelState | undefined {
  const s = Object.prototype.hasOwnProperty.call(states, id) ? states[id] : undefined;
  return s === undefined || s.hasData === false ? undefined : s;
}

/** Checks every state against the graph; returns the ids of the anomalous models, in the states' order (and, given `dipped`, fills it with the models that have a `recentOnset`). */
export function checkStates(prefix: string, graph: SystemGraph, states: ModelStates, dipped?: string[]): string[] {
  const anomalous: string[] = [];
  const ids = Object.keys(states);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const state = states[id]!;
    if (!graph.hasNode(id)) throw new Error(`${prefix}: unknown model '${id}'`);
    if (!(state.score >= 0 && state.score <= 1)) throw new Error(`${prefix}: score of '${id}' must be in [0, 1], got ${state.score}`);
    if (state.hasData !== undefined && typeof state.hasData !== "boolean") throw new Error(`${prefix}: hasData of '${id}' must be a boolean, got ${String(state.hasData)}`);
    if (state.recentOnset !== undefined && (state.anomalous || state.hasData === false || !Number.isFinite(state.recentOnset))) {
      throw new Error(`${prefix}: recentOnset of '${id}' is for a model with data that is not anomalous, and must be finite (got ${state.recentOnset}, anomalous ${state.anomalous})`);
    }
    if (state.recentOnset !== undefined) dipped?.push(id);
    if (state.changedAtOnset !== undefined && !(state.changedAtOnset > 0 && state.changedAtOnset <= 1)) throw new Error(`${prefix}: changedAtOnset of '${id}' must be in (0, 1], got ${state.changedAtOnset}`);
    if (state.anomalous) {
      if (state.hasData === false) throw new Error(`${prefix}: model '${id}' cannot be anomalous without data (hasData: false)`);
      if (!Number.isFinite(state.onset)) throw new Error(`${prefix}: anomalous model '${id}' needs a finite onset, got ${state.onset}`);
      if (state.anomalousSince !== undefined && !(Number.isFinite(state.anomalousSince) && state.anomalousSince >= state.onset!)) throw new Error(`${prefix}: anomalousSince of '${id}' must be finite and not before its onset, got ${state.anomalousSince}`);
      if (state.onsetFine !== undefined && !Number.isFinite(state.onsetFine)) throw new Error(`${prefix}: onsetFine of '${id}' must be finite, got ${state.onsetFine}`);
      anomalous.push(id);
    }
  }
  return anomalous;
}
