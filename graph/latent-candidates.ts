// Latent candidates: models that show no anomaly themselves (healthy, or without data) but feed
// anomalous models that no anomalous parent explains ("orphans") — their monitoring may have missed
// the fault. Found from the in-edges of the anomalous models only (bounded); scored like the
// anomalous candidates (root-likelihood.ts) with their own evidence (see the README).
import { ANOMALOUS, type CompactView, UNKNOWN } from "./compact.js";
import type { AnomalyExplanation } from "./explain-anomaly.js";
import type { ModelState } from "./model-states.js";
import type { SystemGraph } from "./system-graph.js";

/** A latent candidate: a model that is not anomalous (healthy, or without data) yet the common upstream of unexplained anomalous models. */
export interface LatentCandidate {
  modelId: string;
  /** No state, or `hasData: false`: its monitoring saw nothing this window. */
  noData: boolean;
  /** Signals it had (with a threshold), none breached. */
  signals: number;
  /** The unexplained anomalous models it feeds, strongest edge first (filled by `completeOrphans` for the candidates searched; empty before). */
  orphans: Array<{ modelId: string; onset: number; weight: number }>;
  /** Earliest onset among its orphans. */
  onset: number;
  /** Compact indices of its anomalous children (orphans or not) and of the anomalous children of its children without a state, for the optimistic estimate. */
  anomalousChildren: number[];
  /** A route through two or more models without a state leads from it to anomalous models: not estimated. */
  unbounded: boolean;
}

/** Signals that can breach (with a threshold, or breached): what the signal counts weigh. */
export function countSignals(state: ModelState | undefined): { m: number; k: number } | null {
  const evidence = state?.evidence;
  if (!evidence || evidence.length === 0) return null;
  let m = 0;
  let k = 0;
  for (const s of evidence) {
    if (s.breached) k += 1;
    if (s.breached || s.threshold !== null) m += 1;
  }
  return m === 0 ? null : { m, k };
}

/** Per-model signal evidence: how much more likely its breached/present signal counts are under a fault than as noise. */
export function signalLogRatio(state: ModelState | undefined, faultRate: number, noiseRate: number): number {
  const counts = countSignals(state);
  if (counts === null || counts.k === 0) return 0;
  const { m, k } = counts;
  // Binomial(m, rate) for the number breached, conditioned on at least one (the model is anomalous
  // under both hypotheses); the binomial coefficient cancels.
  const logLik = (rate: number) => k * Math.log(rate) + (m - k) * Math.log(1 - rate) - Math.log(1 - Math.pow(1 - rate, m));
  return logLik(faultRate) - logLik(noiseRate);
}

/**
 * The latent candidates: every model that is not anomalous but feeds an anomalous model whose
 * anomalous parents explain less than `latentOrphanShare` of it (an "orphan"). Bounded: only the
 * in-edges of the anomalous models are read.
 */
export function findLatentCandidates(
  _graph: SystemGraph,
  view: CompactView,
  explained: AnomalyExplanation[],
  orphanShare: number,
): { latent: LatentCandidate[]; isOrphan: Uint8Array } {
  const isOrphan = new Uint8Array(view.kind.length);
  // By compact index (the anomalous models' parents are registered as their in-edges are read).
  const found: Array<LatentCandidate | undefined> = [];
  const list: LatentCandidate[] = [];
  // Models without a state that feed anomalous models, with those anomalous children.
  const unknownParents = new Map<number, number[]>();
  for (const e of explained) {
    const orphan = 1 - e.unexplained < orphanShare;
    const child = view.id(e.modelId);
    if (orphan) isOrphan[child] = 1;
    view.loadIn(child);
    for (let k = view.inStart[child]!, end = view.inEnd[child]!; k < end; k++) {
      const i = view.sources[k]!;
      const kind = view.kind[i]!;
      if (kind === ANOMALOUS) continue;
      if (kind === UNKNOWN) {
        const kids = unknownParents.get(i);
        if (kids === undefined) unknownParents.set(i, [child]);
        else kids.push(child);
      }
      if (!orphan) continue;
      let c = found[i];
      if (c === undefined) {
        const noData = kind === UNKNOWN;
        c = { modelId: view.ids[i]!, noData, signals: noData ? 0 : (countSignals(view.state[i])?.m ?? 1), orphans: [], onset: e.onset, anomalousChildren: [], unbounded: false };
        found[i] = c;
        list.push(c);
      }
      if (e.onset < c.onset) c.onset = e.onset;
    }
  }
  if (list.length === 0) return { latent: list, isOrphan };
  // For the optimistic estimate, every anomalous child (orphan or not) and every anomalous model
  // reached through a child without a state; a candidate with a longer route through models without
  // a state (two or more in a row) is not estimated (`unbounded`). A walk up from the models without
  // a state that feed anomalous models, through models without a state, finds those routes; it reads
  // only that region's in-edges.
  for (const e of explained) {
    const child = view.id(e.modelId);
    for (let k = view.inStart[child]!, end = view.inEnd[child]!; k < end; k++) found[view.sources[k]!]?.anomalousChildren.push(child);
  }
  // queue: the models without a state that feed anomalous models, then those that feed a model
  // without a state on such a route (`chain`: the route from them is two or more such models long).
  const queue = [...unknownParents.keys()];
  const chain = new Set<number>();
  for (let q = 0; q < queue.length; q++) {
    const z = queue[q]!;
    const kids = q < unknownParents.size ? unknownParents.get(z) : undefined;
    const onChain = chain.has(z);
    view.loadIn(z);
    for (let k = view.inStart[z]!, end = view.inEnd[z]!; k < end; k++) {
      const u = view.sources[k]!;
      const c = found[u];
      if (c !== undefined) {
        if (kids !== undefined) c.anomalousChildren.push(...kids);
        if (onChain) c.unbounded = true;
      }
      if (!chain.has(u) && view.kind[u] === UNKNOWN) {
        chain.add(u);
        queue.push(u);
      }
    }
  }
  return { latent: list, isOrphan };
}

/** Its orphans (its anomalous children that are orphans), strongest edge first — read only for the candidates searched. */
export function completeOrphans(view: CompactView, c: LatentCandidate, isOrphan: Uint8Array): void {
  const i = view.id(c.modelId);
  view.load(i);
  c.orphans = [];
  for (let k = view.outStart[i]!, end = view.outEnd[i]!; k < end; k++) {
    const y = view.targets[k]!;
    if (isOrphan[y]) c.orphans.push({ modelId: view.ids[y]!, onset: view.onset[y]!, weight: view.weights[k]! });
  }
  c.orphans.sort((a, b) => b.weight - a.weight || a.onset - b.onset || (a.modelId < b.modelId ? -1 : 1));
}
