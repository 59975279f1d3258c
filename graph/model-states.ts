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
  /** Epoch ms when the current anomalous run started; required when anomalous. */
  onset: number | null;
  evidence?: EvidenceSignal[];
}

export type ModelStates = Record<string, ModelState>;

/** Checks every state against the graph; returns the ids of the anomalous models, in the states' order. */
export function checkStates(prefix: string, graph: SystemGraph, states: ModelStates): string[] {
  const anomalous: string[] = [];
  const ids = Object.keys(states);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const state = states[id]!;
    if (!graph.hasNode(id)) throw new Error(`${prefix}: unknown model '${id}'`);
    if (!(state.score >= 0 && state.score <= 1)) throw new Error(`${prefix}: score of '${id}' must be in [0, 1], got ${state.score}`);
    if (state.anomalous) {
      if (!Number.isFinite(state.onset)) throw new Error(`${prefix}: anomalous model '${id}' needs a finite onset, got ${state.onset}`);
      anomalous.push(id);
    }
  }
  return anomalous;
}
