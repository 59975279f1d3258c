// The one decision for a window: the ranking of root causes with explaining away, and the incident
// groups. rankRootCauses, detectCascades and the incident grouping all read it, so they cannot
// contradict each other.
//
// Explaining away (greedy): rank 1 is the candidate with the highest log-likelihood ratio; rank k+1
// is the best candidate given the group roots among the first k: each anomalous model y a group
// root r explains with posterior p_r(y) (from r's search) has E(y) = max_r p_r(y); for a later
// candidate, y's positive evidence counts (1 − E(y))·gain, and a candidate itself explained with
// E(c) pays log(1 − E(c)). Scores only fall as roots are added, so the greedy is computed lazily.
// A picked candidate is a group root unless earlier roots explain it (E(c) ≥ joinPosterior);
// the groups (membership, weak groups attached along links, the incident rule) are built from that
// in build-groups.ts.
import { checkStates, type ModelStates } from "./model-states.js";
import { CompactView } from "./compact.js";
import { buildGroups } from "./build-groups.js";
import { explainAnomalies, type AnomalyExplanation } from "./explain-anomaly.js";
import { findLatentCandidates, type LatentCandidate } from "./latent-candidates.js";
import { OrderedHeap } from "./max-heap.js";
import { orderTies } from "./onset-order.js";
import { likelihoodScores } from "./root-likelihood.js";
import type { SystemGraph } from "./system-graph.js";
import type { ExplainWindowOptions } from "./window-options.js";

export interface GroupMember {
  modelId: string;
  onset: number;
  /** Probability, under the root's hypothesis, that the root's fault reached it (0 for an attached model). */
  posterior: number;
  /** In the group by a link (build-groups.ts): a weak group of its own attached to this one. */
  attached?: boolean;
}

export interface ExplanationGroup {
  root: string;
  latent: boolean;
  /** The anomalous models it explains best (not the root), earliest onset first. */
  members: GroupMember[];
  /** The root's onset (a latent root: its earliest member's). */
  startedAt: number;
  /** The root's log-likelihood ratio given the earlier roots. */
  llr: number;
  /** The root has been anomalous for `persistWindows` consecutive windows. */
  persisted: boolean;
  /** An incident (else its models are standalone alerts). */
  incident: boolean;
}

export interface RankedCandidate {
  modelId: string;
  /** Log-likelihood ratio given the group roots ranked before it. */
  llr: number;
  latent: boolean;
  e?: AnomalyExplanation;
  c?: LatentCandidate;
  /** The group it belongs to (its own root when it is one); null for a latent candidate that explains nothing. */
  group: ExplanationGroup | null;
  /** Its best hypothesis: the fault started a window before it showed (that window's start). */
  earlyOnset?: number;
}

export interface WindowExplanation {
  ranked: RankedCandidate[];
  /** Groups with at least one anomalous model, in rank order of their roots. */
  groups: ExplanationGroup[];
  /** Anomalous models of the groups that are not incidents: alerts, not incidents. */
  standalone: string[];
}

export function explainWindow(prefix: string, graph: SystemGraph, states: ModelStates, options: Required<ExplainWindowOptions>): WindowExplanation {
  const dipped: string[] = [];
  const anomalous = checkStates(prefix, graph, states, dipped);
  if (anomalous.length === 0) return { ranked: [], groups: [], standalone: [] };
  const view = new CompactView(graph, states);
  orderTies(graph, view, anomalous);
  const explained = [...explainAnomalies(graph, view, anomalous).values()];
  const latent = options.latent ? findLatentCandidates(view, explained, options.latentOrphanShare, dipped) : null;
  const { candidates, recNode, recGain, recPost } = likelihoodScores(graph, view, explained, options, latent);

  const n = graph.order;
  const E = new Float64Array(n);
  const value = candidates.map((c) => c.llr);
  const stamp = new Int32Array(candidates.length);
  const onsetOf = (i: number) => candidates[i]!.e?.onset ?? candidates[i]!.c!.onset;
  const idOf = (i: number) => view.ids[candidates[i]!.node]!;
  // Order: value, then earlier onset, anomalous before latent, id.
  const before = (a: number, b: number) =>
    value[a]! > value[b]! ||
    (value[a] === value[b] &&
      (onsetOf(a) < onsetOf(b) ||
        (onsetOf(a) === onsetOf(b) && (Number(candidates[a]!.c !== undefined) < Number(candidates[b]!.c !== undefined) || (candidates[a]!.c !== undefined) === (candidates[b]!.c !== undefined) && idOf(a) < idOf(b)))));
  const conditional = (i: number): number => {
    const c = candidates[i]!;
    let v = c.own + c.healthy + (c.e ? Math.log(Math.max(1 - E[c.node]!, 1e-6)) : 0);
    for (let k = c.start; k < c.end; k++) {
      const g = recGain[k]!;
      v += g > 0 ? (1 - E[recNode[k]!]!) * g : g;
    }
    return v;
  };
  const heap = new OrderedHeap(before);
  candidates.forEach((_c, i) => heap.push(i));
  let roots = 0;
  const order: number[] = [];
  const isRoot = new Uint8Array(candidates.length);
  while (heap.size > 0) {
    const i = heap.pop();
    if (options.explainAway && stamp[i] !== roots) {
      value[i] = conditional(i);
      stamp[i] = roots;
      heap.push(i);
      continue;
    }
    order.push(i);
    const c = candidates[i]!;
    if (c.c !== undefined || E[c.node]! < options.joinPosterior) {
      isRoot[i] = 1;
      roots += 1;
      E[c.node] = 1;
      for (let k = c.start; k < c.end; k++) E[recNode[k]!] = Math.max(E[recNode[k]!]!, recPost[k]!);
    }
  }

  const { groups, standalone } = buildGroups({ view, candidates, explained, order, isRoot, value, recNode, recPost, options });
  const groupByModel = new Map<string, ExplanationGroup>();
  for (const g of groups) {
    groupByModel.set(g.root, g);
    for (const m of g.members) groupByModel.set(m.modelId, g);
  }
  const ranked = order.map((i) => {
    const c = candidates[i]!;
    return { modelId: idOf(i), llr: value[i]!, latent: c.c !== undefined, e: c.e, c: c.c, group: groupByModel.get(idOf(i)) ?? null, ...(c.earlyOnset !== undefined ? { earlyOnset: c.earlyOnset } : {}) };
  });
  return { ranked, groups, standalone };
}
