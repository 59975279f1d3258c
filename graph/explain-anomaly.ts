// The logic shared by root-cause ranking and cascade detection: for every anomalous model, how much
// of its anomaly its anomalous parents explain, and which anomalous models followed it downstream.
//
// - A parent u can explain v only if u is anomalous and did not turn anomalous after v
//   (onset_u ≤ onset_v; a tie counts `tieCredit`, because the order inside one window is unknown).
//   Its share is credit · w_uv · min(1, s_u / s_v): anomaly attenuates as it travels, so a parent
//   weaker than its child explains only part of it. Shares combine as independent causes:
//   unexplained_v = Π_u (1 − share_u).
// - Followers of v: anomalous models reachable from v through anomalous models (or models whose
//   state is unknown, at `unknownDiscount` per such hop), each hop going forward in time
//   (onset_y ≥ onset_x ≥ onset_v). Each follower carries the strongest path product of weights.
import { MaxHeap } from "./max-heap.js";
import type { ModelStates } from "./model-states.js";
import type { SystemGraph } from "./system-graph.js";

export interface ExplainOptions {
  tieCredit?: number;
  unknownDiscount?: number;
}

export const EXPLAIN_DEFAULTS: Required<ExplainOptions> = { tieCredit: 0.5, unknownDiscount: 0.5 };

export interface ParentShare {
  parent: string;
  onset: number;
  share: number;
}

export interface Follower {
  modelId: string;
  onset: number;
  strength: number;
}

export interface AnomalyExplanation {
  modelId: string;
  score: number;
  onset: number;
  /** Anomalous parents that could explain it, strongest first. */
  explainers: ParentShare[];
  /** Anomalous parents that turned anomalous after it (they cannot explain it). */
  laterParents: ParentShare[];
  unexplained: number;
  followers: Follower[];
  /** Σ follower strength. */
  support: number;
  /** (1 + Σ w to following children) / (1 + Σ w to children with a known state). */
  coherence: number;
}

export function explainAnomalies(graph: SystemGraph, states: ModelStates, options?: ExplainOptions): Map<string, AnomalyExplanation> {
  const { tieCredit, unknownDiscount } = { ...EXPLAIN_DEFAULTS, ...options };
  const result = new Map<string, AnomalyExplanation>();
  for (const [v, state] of Object.entries(states)) {
    if (!state.anomalous) continue;
    const onset = state.onset!;
    const explainers: ParentShare[] = [];
    const laterParents: ParentShare[] = [];
    let unexplained = 1;
    graph.forEachInEdge(v, (_edge, attributes, u) => {
      const parent = states[u];
      if (!parent?.anomalous) return;
      const ratio = state.score > 0 ? Math.min(1, parent.score / state.score) : 1;
      const base = attributes.weight * ratio;
      if (parent.onset! > onset) {
        laterParents.push({ parent: u, onset: parent.onset!, share: 0 });
        return;
      }
      const share = (parent.onset! < onset ? 1 : tieCredit) * base;
      unexplained *= 1 - share;
      explainers.push({ parent: u, onset: parent.onset!, share });
    });
    explainers.sort((a, b) => b.share - a.share || a.onset - b.onset);

    let following = 0;
    let known = 0;
    graph.forEachOutEdge(v, (_edge, attributes, _s, y) => {
      const child = states[y];
      if (!child) return;
      known += attributes.weight;
      if (child.anomalous && child.onset! >= onset) following += attributes.weight;
    });

    const followers = findFollowers(graph, states, v, onset, unknownDiscount);
    const support = followers.reduce((sum, f) => sum + f.strength, 0);
    result.set(v, {
      modelId: v,
      score: state.score,
      onset,
      explainers,
      laterParents,
      unexplained,
      followers,
      support,
      coherence: (1 + following) / (1 + known),
    });
  }
  return result;
}

function findFollowers(graph: SystemGraph, states: ModelStates, source: string, sourceOnset: number, unknownDiscount: number): Follower[] {
  const best = new Map<string, { strength: number; lastOnset: number }>([[source, { strength: 1, lastOnset: sourceOnset }]]);
  const done = new Set<string>();
  const heap = new MaxHeap<string>();
  heap.push(1, source);
  while (heap.size > 0) {
    const { value: x } = heap.pop()!;
    if (done.has(x)) continue;
    done.add(x);
    const from = best.get(x)!;
    graph.forEachOutEdge(x, (_edge, attributes, _s, y) => {
      if (y === source || done.has(y)) return;
      const state = states[y];
      let strength: number;
      let lastOnset: number;
      if (!state) {
        strength = from.strength * attributes.weight * unknownDiscount;
        lastOnset = from.lastOnset;
      } else if (state.anomalous && state.onset! >= from.lastOnset) {
        strength = from.strength * attributes.weight;
        lastOnset = state.onset!;
      } else {
        return;
      }
      const current = best.get(y);
      if (!current || strength > current.strength) {
        best.set(y, { strength, lastOnset });
        heap.push(strength, y);
      }
    });
  }
  const followers: Follower[] = [];
  for (const [id, { strength, lastOnset }] of best) {
    if (id !== source && states[id]?.anomalous) followers.push({ modelId: id, onset: lastOnset, strength });
  }
  return followers;
}
