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
import { ANOMALOUS, CompactView, UNKNOWN } from "./compact.js";
import { IndexMaxHeap } from "./max-heap.js";
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

export function explainAnomalies(
  graph: SystemGraph,
  states: ModelStates,
  options?: ExplainOptions,
  view: CompactView = new CompactView(graph, states),
  /** The anomalous models, in the states' order (as checkStates returns them); found here when left out. */
  anomalous?: string[],
): Map<string, AnomalyExplanation> {
  const { tieCredit, unknownDiscount } = { ...EXPLAIN_DEFAULTS, ...options };
  const result = new Map<string, AnomalyExplanation>();
  const heap = new IndexMaxHeap();
  const candidates = anomalous ?? Object.keys(states).filter((id) => states[id]!.anomalous);
  for (const v of candidates) {
    const state = states[v]!;
    const onset = state.onset!;
    const explainers: ParentShare[] = [];
    const laterParents: ParentShare[] = [];
    let unexplained = 1;
    graph.forEachInEdge(v, (_edge, attributes, u) => {
      const parent = Object.prototype.hasOwnProperty.call(states, u) ? states[u] : undefined;
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

    const i = view.id(v);
    let following = 0;
    let known = 0;
    view.load(i);
    const { targets, weights } = view;
    for (let k = view.outStart[i]!, end = view.outEnd[i]!; k < end; k++) {
      const y = targets[k]!;
      const kind = view.kind[y]!;
      if (kind === UNKNOWN) continue;
      known += weights[k]!;
      if (kind === ANOMALOUS && view.onset[y]! >= onset) following += weights[k]!;
    }

    const followers = findFollowers(view, heap, i, onset, unknownDiscount);
    let support = 0;
    for (const f of followers) support += f.strength;
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

/**
 * Max-product search from `source` through anomalous models (and models without a state, at
 * `unknownDiscount` per hop), every hop forward in time. Runs on the compact view: scratchA holds
 * the best strength, scratchB the onset carried along the best path.
 */
function findFollowers(view: CompactView, heap: IndexMaxHeap, source: number, sourceOnset: number, unknownDiscount: number): Follower[] {
  const gen = view.nextGeneration();
  const { stamp, doneStamp, scratchA: strengthOf, scratchB: lastOnsetOf, kind, onset } = view;
  const order: number[] = [];
  stamp[source] = gen;
  strengthOf[source] = 1;
  lastOnsetOf[source] = sourceOnset;
  heap.clear();
  heap.push(1, source);
  while (heap.size > 0) {
    const x = heap.pop();
    if (doneStamp[x] === gen) continue;
    doneStamp[x] = gen;
    const fromStrength = strengthOf[x]!;
    const fromOnset = lastOnsetOf[x]!;
    view.load(x);
    const { targets, weights } = view;
    for (let k = view.outStart[x]!, end = view.outEnd[x]!; k < end; k++) {
      const y = targets[k]!;
      if (y === source || doneStamp[y] === gen) continue;
      const yKind = kind[y]!;
      let strength: number;
      let lastOnset: number;
      if (yKind === UNKNOWN) {
        strength = fromStrength * weights[k]! * unknownDiscount;
        lastOnset = fromOnset;
      } else if (yKind === ANOMALOUS && onset[y]! >= fromOnset) {
        strength = fromStrength * weights[k]!;
        lastOnset = onset[y]!;
      } else {
        continue;
      }
      if (stamp[y] !== gen) {
        stamp[y] = gen;
        order.push(y);
      } else if (!(strength > strengthOf[y]!)) {
        continue;
      }
      strengthOf[y] = strength;
      lastOnsetOf[y] = lastOnset;
      heap.push(strength, y);
    }
  }
  const followers: Follower[] = [];
  for (const y of order) {
    if (kind[y] === ANOMALOUS) followers.push({ modelId: view.ids[y]!, onset: lastOnsetOf[y]!, strength: strengthOf[y]! });
  }
  return followers;
}
