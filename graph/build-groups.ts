// The incident groups of a window, from the explaining-away ranking (explain-window.ts):
//
// 1. Membership: every anomalous model that is not a group root joins the FIRST root in rank order
//    whose search gives it a posterior ≥ joinPosterior — the root that explained it away when it was
//    picked (a later root, e.g. a latent candidate fitted to the same orphans, does not take it).
// 2. Links: a group that is no incident by itself (the rule in 3) — a consumer with one breached
//    signal the root's search left below joinPosterior, a lone upstream model whose consumer roots a
//    group, a latent candidate's group — is attached to the group it is linked to: its root is
//    explained by an anomalous parent in that group, or explains that group's root, or (a latent
//    root) one of its models is explained by an anomalous parent in that group; or, into an incident
//    only, its root's parent shows nothing while that parent's parent is in the group (two hops). The
//    edge and the timing are the evidence; the link with the largest share wins. Links run through
//    roots only, so two faults whose cascades meet lower down stay apart; two groups that are
//    incidents by themselves are never joined (two faults stay two incidents), and a weak group joins
//    one group only. The attached group's models become members (`attached`) of the group it joins,
//    whose root is the one ranked first.
// 3. Incident rule: a group is an incident when its root's evidence given the earlier roots reaches
//    `incidentMinLlr` (a fault with several breached signals, or one that explains followers), or it
//    holds `incidentMinModels` anomalous models (a spurious chain of three in one window is rare), or
//    its root has been anomalous for `persistWindows` consecutive windows (onset ≤ windowStart −
//    (persistWindows − 1)·windowMs); a joined group when one of its parts is, or it holds
//    incidentMinModels models in all. Otherwise its models are standalone alerts — e.g. a lone model
//    with one breached signal, the typical spurious alarm — until they persist.
import { ANOMALOUS, type CompactView } from "./compact.js";
import type { AnomalyExplanation } from "./explain-anomaly.js";
import { countSignals } from "./latent-candidates.js";
import type { ExplanationGroup } from "./explain-window.js";
import type { ScoredCandidate } from "./root-likelihood.js";
import type { ExplainWindowOptions } from "./window-options.js";

export interface GroupInput {
  view: CompactView;
  candidates: ScoredCandidate[];
  explained: AnomalyExplanation[];
  /** Candidate indices in rank order, which of them are group roots, and their conditional llr. */
  order: number[];
  isRoot: Uint8Array;
  value: number[];
  recNode: number[];
  recPost: number[];
  options: Required<ExplainWindowOptions>;
}

export function buildGroups(args: GroupInput): { groups: ExplanationGroup[]; standalone: string[] } {
  const { parts, groupOfNode } = membership(args);
  const target = linkTargets(args.view, args.explained, parts, groupOfNode);
  return joinGroups(parts, target, args.options.incidentMinModels);
}

/** 1. The groups of the roots (in rank order), each anomalous model in the first that explains it; the incident rule per group. */
function membership(args: GroupInput): { parts: ExplanationGroup[]; groupOfNode: Int32Array } {
  const { view, candidates, explained, order, isRoot, value, recNode, recPost, options } = args;
  const { joinPosterior, windowStart, windowMs, persistWindows, incidentMinLlr, incidentMinModels } = options;
  const n = view.kind.length;
  // 1. Membership (group indices follow the roots' rank order).
  const groupOfNode = new Int32Array(n).fill(-1);
  const parts: ExplanationGroup[] = [];
  const rootNodes: number[] = [];
  for (const i of order) {
    if (!isRoot[i]) continue;
    const c = candidates[i]!;
    if (c.e) groupOfNode[c.node] = parts.length;
    rootNodes.push(c.node);
    parts.push({ root: view.ids[c.node]!, latent: c.c !== undefined, members: [], startedAt: c.e?.onset ?? Infinity, llr: value[i]!, persisted: false, incident: false });
  }
  const post = new Float64Array(n);
  for (let g = 0, r = 0; r < order.length; r++) {
    const c = candidates[order[r]!]!;
    if (!isRoot[order[r]!]) continue;
    for (let k = c.start; k < c.end; k++) {
      const y = recNode[k]!;
      if (groupOfNode[y]! >= 0 || recPost[k]! < joinPosterior) continue;
      groupOfNode[y] = g;
      post[y] = recPost[k]!;
    }
    g += 1;
  }
  for (const e of explained) {
    const y = view.id(e.modelId);
    const g = groupOfNode[y]!;
    if (g < 0) throw new Error(`graph/explain-window: '${e.modelId}' has no group (internal)`);
    if (rootNodes[g] !== y) parts[g]!.members.push({ modelId: e.modelId, onset: e.onset, posterior: post[y]! });
  }
  for (const group of parts) {
    if (group.latent && group.members.length > 0) group.startedAt = Math.min(...group.members.map((m) => m.onset));
    const since = group.latent ? group.startedAt : (view.states[group.root]?.anomalousSince ?? group.startedAt);
    // A model breaching one of its several signals (what a spurious alarm, or a flapping model, looks
    // like) must persist twice as long: a run of single-signal alarms is weak evidence of a fault.
    const signals = group.latent ? null : countSignals(view.states[group.root]);
    const windows = signals === null || signals.k >= 2 || signals.m <= 1 ? persistWindows : 2 * persistWindows;
    group.persisted = !group.latent && windowStart !== null && windowMs !== null && since <= windowStart - (windows - 1) * windowMs + 1e-6;
    group.incident = group.llr >= incidentMinLlr || group.members.length + (group.latent ? 0 : 1) >= incidentMinModels || group.persisted;
  }
  return { parts, groupOfNode };
}

/** 2. Links: each weak group's target, the group of its strongest link (−1: none). */
function linkTargets(view: CompactView, explained: AnomalyExplanation[], parts: ExplanationGroup[], groupOfNode: Int32Array): Int32Array {
  const target = new Int32Array(parts.length).fill(-1);
  const linkShare = new Float64Array(parts.length);
  const offer = (g: number, h: number, share: number) => {
    if (g === h || h < 0 || parts[g]!.incident || (parts[g]!.latent && parts[g]!.members.length === 0)) return;
    if (share > linkShare[g]! || (share === linkShare[g]! && target[g]! >= 0 && h < target[g]!)) {
      target[g] = h;
      linkShare[g] = share;
    }
  };
  const explanation = new Map(explained.map((e) => [e.modelId, e]));
  parts.forEach((group, g) => {
    if (!group.latent) {
      // Its root is explained by an anomalous parent in another group: either may be the weak one.
      for (const p of explanation.get(group.root)!.explainers) {
        const h = groupOfNode[view.id(p.parent)]!;
        offer(g, h, p.share);
        offer(h, g, p.share);
      }
    } else {
      // A latent root's models explained by an anomalous parent in another group.
      for (const m of group.members) for (const p of explanation.get(m.modelId)!.explainers) offer(g, groupOfNode[view.id(p.parent)]!, p.share);
    }
  });
  linkThroughQuietModels(view, parts, groupOfNode, offer);
  return target;
}

/** 3. Weak groups joined into their targets' groups (following the pointers), the incident rule on the joined groups, the standalone alerts. */
function joinGroups(parts: ExplanationGroup[], target: Int32Array, incidentMinModels: number): { groups: ExplanationGroup[]; standalone: string[] } {
  // Follow the pointers to a group that points nowhere; a loop of weak groups ends at its first-ranked.
  const rep = new Int32Array(parts.length).fill(-1);
  for (let g = 0; g < parts.length; g++) {
    const path: number[] = [];
    const onPath = new Set<number>();
    let x = g;
    while (rep[x]! < 0 && target[x]! >= 0 && !onPath.has(x)) {
      path.push(x);
      onPath.add(x);
      x = target[x]!;
    }
    const end = rep[x]! >= 0 ? rep[x]! : onPath.has(x) ? Math.min(...path.slice(path.indexOf(x))) : x;
    for (const y of path) rep[y] = end;
    if (rep[x]! < 0) rep[x] = end;
  }
  const joined = new Map<number, ExplanationGroup>();
  for (let g = 0; g < parts.length; g++) {
    const r = rep[g]!;
    const host = parts[r]!;
    joined.set(r, host);
    if (r === g) continue;
    const part = parts[g]!;
    if (!part.latent) host.members.push({ modelId: part.root, onset: part.startedAt, posterior: 0, attached: true });
    for (const m of part.members) host.members.push({ ...m, attached: true });
    host.incident ||= part.incident;
  }
  const groups: ExplanationGroup[] = [];
  const standalone: string[] = [];
  for (const [, group] of [...joined.entries()].sort((a, b) => a[0] - b[0])) {
    if (group.latent && group.members.length === 0) continue;
    group.members.sort((a, b) => a.onset - b.onset || b.posterior - a.posterior || (a.modelId < b.modelId ? -1 : 1));
    if (group.latent) group.startedAt = group.members[0]!.onset;
    group.incident ||= group.members.length + (group.latent ? 0 : 1) >= incidentMinModels;
    if (!group.incident) {
      if (!group.latent) standalone.push(group.root);
      for (const m of group.members) standalone.push(m.modelId);
    }
    groups.push(group);
  }
  return { groups, standalone };
}

/**
 * Two-hop links into incidents: a weak group whose root's parent shows nothing (healthy, or no data)
 * while that parent's own parent is a model of an incident group that turned anomalous no later —
 * the fault may have crossed a model whose monitoring missed it (each signal breaches with
 * probability < 1). Reads no new edges: the out-edges of the anomalous models and the in-edges of
 * the roots are in the view already. Only into incidents, so two weak groups never make one this way.
 */
function linkThroughQuietModels(view: CompactView, parts: ExplanationGroup[], groupOfNode: Int32Array, offer: (g: number, h: number, share: number) => void): void {
  const near = new Map<number, { group: number; share: number; onset: number }>();
  parts.forEach((group, h) => {
    if (!group.incident) return;
    const models = group.latent ? group.members.map((m) => m.modelId) : [group.root, ...group.members.map((m) => m.modelId)];
    for (const id of models) {
      const x = view.id(id);
      view.load(x);
      for (let k = view.outStart[x]!, end = view.outEnd[x]!; k < end; k++) {
        const z = view.targets[k]!;
        if (view.kind[z] === ANOMALOUS) continue;
        const seen = near.get(z);
        if (seen === undefined || view.weights[k]! > seen.share) near.set(z, { group: h, share: view.weights[k]!, onset: view.onset[x]! });
      }
    }
  });
  if (near.size === 0) return;
  parts.forEach((group, g) => {
    if (group.incident || group.latent) return;
    const r = view.id(group.root);
    view.loadIn(r);
    for (let k = view.inStart[r]!, end = view.inEnd[r]!; k < end; k++) {
      const link = near.get(view.sources[k]!);
      if (link !== undefined && link.onset <= view.onset[r]! && groupOfNode[r] === g) offer(g, link.group, link.share * view.inWeights[k]!);
    }
  });
}
