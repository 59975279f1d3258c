// For every anomalous model, which of its anomalous parents may explain it and how much of its
// anomaly they explain (shared by the root-cause scores, the latent candidates and the sentences).
//
// - A parent u may explain v only if trouble can have travelled u → v in time: u turned anomalous
//   earlier, or in the same window and no later by the finer onsets (`onsetFine`); a tie goes to
//   the producer, the edge says which way trouble travels (onset-order.ts; inside a same-onset
//   feedback loop, the loop's order decides). Its share is w_uv · min(1, s_u / s_v): anomaly
//   attenuates as it travels, so a parent weaker than its child explains only part of it. Shares
//   combine as independent causes: unexplained_v = Π_u (1 − share_u).
// - Re-triggered: a parent u that turned anomalous after v still explains v when none of v's
//   anomalous consumers turned anomalous before u did — nothing followed v until u broke, so v's
//   earlier anomaly (a model flapping before the fault) is not what spread; its anomaly since u broke
//   may be u's doing. The searches (root-likelihood.ts) count it as u's evidence the same way.
import { ANOMALOUS, type CompactView } from "./compact.js";
import type { SystemGraph } from "./system-graph.js";

export interface ParentShare {
  parent: string;
  onset: number;
  share: number;
  /** The parent turned anomalous after the model, but before anything downstream of it followed. */
  retriggered?: boolean;
}

export interface AnomalyExplanation {
  modelId: string;
  score: number;
  onset: number;
  /** Anomalous parents that may explain it, strongest first. */
  explainers: ParentShare[];
  /** Anomalous parents that turned anomalous after it and do not explain it. */
  laterParents: ParentShare[];
  unexplained: number;
}

export function explainAnomalies(graph: SystemGraph, view: CompactView, anomalous: string[]): Map<string, AnomalyExplanation> {
  const result = new Map<string, AnomalyExplanation>();
  for (const v of anomalous) {
    const i = view.id(v);
    const onset = view.onset[i]!;
    const score = view.score[i]!;
    // Earliest start of the current unbroken run among its anomalous consumers (the re-triggered rule).
    let firstFollower = Infinity;
    view.load(i);
    for (let k = view.outStart[i]!, end = view.outEnd[i]!; k < end; k++) {
      const y = view.targets[k]!;
      if (view.kind[y] === ANOMALOUS) firstFollower = Math.min(firstFollower, view.state[y]!.anomalousSince ?? view.onset[y]!);
    }
    view.firstFollower[i] = firstFollower;
    const explainers: ParentShare[] = [];
    const laterParents: ParentShare[] = [];
    let unexplained = 1;
    view.loadIn(i);
    for (let k = view.inStart[i]!, end = view.inEnd[i]!; k < end; k++) {
      const j = view.sources[k]!;
      if (view.kind[j] !== ANOMALOUS) continue;
      const u = view.ids[j]!;
      const parentOnset = view.onset[j]!;
      const share = view.inWeights[k]! * (score > 0 ? Math.min(1, view.score[j]! / score) : 1);
      if (view.follows(j, parentOnset, view.fine[j]!, i)) {
        unexplained *= 1 - share;
        explainers.push({ parent: u, onset: parentOnset, share });
      } else if (parentOnset > onset && firstFollower >= parentOnset) {
        unexplained *= 1 - share;
        explainers.push({ parent: u, onset: parentOnset, share, retriggered: true });
      } else {
        laterParents.push({ parent: u, onset: parentOnset, share: 0 });
      }
    }
    explainers.sort((a, b) => b.share - a.share || a.onset - b.onset);
    result.set(v, { modelId: v, score, onset, explainers, laterParents, unexplained });
  }
  return result;
}
