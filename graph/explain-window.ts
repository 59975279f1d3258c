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
// every other anomalous model joins the group of the root that explains it best.
//
// Incident rule: a group is an incident when its root's evidence given the earlier roots reaches
// `incidentMinLlr` (a fault with several breached signals, or one that explains followers), or it
// holds `incidentMinModels` anomalous models (a spurious chain of three in one window is rare), or its
// root has been anomalous for `persistWindows` consecutive windows (onset ≤ windowStart −
// (persistWindows − 1)·windowMs). Otherwise its models are standalone alerts — e.g. a lone model
// with one breached signal, the typical spurious alarm — until they persist.
import { checkStates, type ModelStates } from "./model-states.js";
import { CompactView } from "./compact.js";
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
  /** Probability, under the root's hypothesis, that the root's fault reached it. */
  posterior: number;
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
}

export interface WindowExplanation {
  ranked: RankedCandidate[];
  /** Groups with at least one anomalous model, in rank order of their roots. */
  groups: ExplanationGroup[];
  /** Anomalous models of the groups that are not incidents: alerts, not incidents. */
  standalone: string[];
}

export function explainWindow(prefix: string, graph: SystemGraph, states: ModelStates, options: Required<ExplainWindowOptions>): WindowExplanation {
  const anomalous = checkStates(prefix, graph, states);
  if (anomalous.length === 0) return { ranked: [], groups: [], standalone: [] };
  const view = new CompactView(graph, states);
  orderTies(graph, view, anomalous);
  const explained = [...explainAnomalies(graph, view, anomalous).values()];
  const latent = options.latent ? findLatentCandidates(graph, view, explained, options.latentOrphanShare) : [];
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

  // Membership: each anomalous non-root model joins the root whose search gives it the highest posterior.
  const bestRoot = new Int32Array(n).fill(-1);
  const bestPost = new Float64Array(n);
  const rootOfNode = new Int32Array(n).fill(-1);
  for (const i of order) if (isRoot[i] && candidates[i]!.e) rootOfNode[candidates[i]!.node] = i;
  for (const i of order) {
    if (!isRoot[i]) continue;
    const c = candidates[i]!;
    for (let k = c.start; k < c.end; k++) {
      const y = recNode[k]!;
      if (rootOfNode[y]! >= 0 || recPost[k]! < options.joinPosterior || recPost[k]! <= bestPost[y]!) continue;
      bestPost[y] = recPost[k]!;
      bestRoot[y] = i;
    }
  }
  const groupOf = new Map<number, ExplanationGroup>();
  const groups: ExplanationGroup[] = [];
  for (const i of order) {
    if (!isRoot[i]) continue;
    const c = candidates[i]!;
    const group: ExplanationGroup = { root: idOf(i), latent: c.c !== undefined, members: [], startedAt: c.e?.onset ?? Infinity, llr: value[i]!, persisted: false, incident: false };
    groupOf.set(i, group);
  }
  for (const e of explained) {
    const y = view.id(e.modelId);
    if (rootOfNode[y]! >= 0) continue;
    const group = groupOf.get(bestRoot[y]!);
    if (group === undefined) throw new Error(`graph/explain-window: '${e.modelId}' has no group (internal)`);
    group.members.push({ modelId: e.modelId, onset: e.onset, posterior: bestPost[y]! });
  }
  const { windowStart, windowMs, persistWindows, incidentMinLlr, incidentMinModels } = options;
  const standalone: string[] = [];
  for (const i of order) {
    const group = groupOf.get(i);
    if (group === undefined || (group.latent && group.members.length === 0)) continue;
    group.members.sort((a, b) => a.onset - b.onset || b.posterior - a.posterior || (a.modelId < b.modelId ? -1 : 1));
    if (group.latent) group.startedAt = group.members[0]!.onset;
    group.persisted = windowStart !== null && windowMs !== null && group.startedAt <= windowStart - (persistWindows - 1) * windowMs + 1e-6;
    group.incident = group.llr >= incidentMinLlr || group.members.length + (group.latent ? 0 : 1) >= incidentMinModels || group.persisted;
    if (!group.incident) {
      if (!group.latent) standalone.push(group.root);
      for (const m of group.members) standalone.push(m.modelId);
    }
    groups.push(group);
  }
  const groupByModel = new Map<string, ExplanationGroup>();
  for (const g of groups) {
    groupByModel.set(g.root, g);
    for (const m of g.members) groupByModel.set(m.modelId, g);
  }
  const ranked = order.map((i) => {
    const c = candidates[i]!;
    return { modelId: idOf(i), llr: value[i]!, latent: c.c !== undefined, e: c.e, c: c.c, group: groupByModel.get(idOf(i)) ?? null };
  });
  return { ranked, groups, standalone };
}
