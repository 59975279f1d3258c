// Latent candidates: models that show no anomaly themselves (healthy, or without data) but feed
// anomalous models that no anomalous parent explains ("orphans") — their monitoring may have missed
// the fault. Found from the in-edges of the anomalous models only (bounded); scored like the
// anomalous candidates (root-likelihood.ts) with their own evidence (see the README).
import { ANOMALOUS, type CompactView, UNKNOWN } from "./compact.js";
import type { AnomalyExplanation } from "./explain-anomaly.js";
import type { ModelState } from "./model-states.js";

/** A latent candidate: a model that is not anomalous (healthy, or without data) yet the common upstream of unexplained anomalous models. */
export interface LatentCandidate {
  modelId: string;
  /** No state, or `hasData: false`: its monitoring saw nothing this window. */
  noData: boolean;
  /** It was anomalous until the previous window, in an episode started then (ModelState.recentOnset). */
  recentOnset?: number;
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
/**
 * The latent candidates found, in parallel arrays (most are never searched: no object per candidate
 * until `materialize`): compact node, earliest orphan onset, no data, signals, `unbounded`, and each
 * one's anomalous children as a list (first/next) in the order found.
 */
export class LatentFound {
  readonly node: number[] = [];
  readonly onset: number[] = [];
  readonly noData: number[] = [];
  readonly signals: number[] = [];
  readonly unbounded: number[] = [];
  readonly first: number[] = [];
  readonly last: number[] = [];
  readonly child: number[] = [];
  readonly next: number[] = [];

  constructor(
    private readonly view: CompactView,
    /** Per compact node: 1 when it is an orphan. */
    readonly isOrphan: Uint8Array,
  ) {}

  get size(): number {
    return this.node.length;
  }

  /** Registers node i (no data: `noData`) as a candidate; returns its number. */
  add(i: number, onset: number, noData: boolean): number {
    this.node.push(i);
    this.onset.push(onset);
    this.noData.push(noData ? 1 : 0);
    this.signals.push(noData ? 0 : (countSignals(this.view.state[i])?.m ?? 1));
    this.unbounded.push(0);
    this.first.push(-1);
    this.last.push(-1);
    return this.node.length - 1;
  }

  addChild(c: number, y: number): void {
    const k = this.child.length;
    this.child.push(y);
    this.next.push(-1);
    if (this.first[c]! < 0) this.first[c] = k;
    else this.next[this.last[c]!] = k;
    this.last[c] = k;
  }

  /** The candidate as an object, with its anomalous children and its orphans (for the ones searched). */
  materialize(c: number): LatentCandidate {
    const anomalousChildren: number[] = [];
    for (let k = this.first[c]!; k >= 0; k = this.next[k]!) anomalousChildren.push(this.child[k]!);
    const candidate: LatentCandidate = {
      modelId: this.view.ids[this.node[c]!]!,
      noData: this.noData[c] === 1,
      signals: this.signals[c]!,
      ...(this.view.state[this.node[c]!]?.recentOnset !== undefined ? { recentOnset: this.view.state[this.node[c]!]!.recentOnset! } : {}),
      orphans: [],
      onset: this.onset[c]!,
      anomalousChildren,
      unbounded: this.unbounded[c] === 1,
    };
    completeOrphans(this.view, candidate, this.isOrphan);
    return candidate;
  }
}

/**
 * The latent candidates: every model that is not anomalous but feeds an anomalous model whose
 * anomalous parents explain less than `latentOrphanShare` of it (an "orphan"). Bounded: only the
 * in-edges of the anomalous models are read.
 */
export function findLatentCandidates(view: CompactView, explained: AnomalyExplanation[], orphanShare: number, dipped: string[] = []): LatentFound {
  const found = new LatentFound(view, new Uint8Array(view.kind.length));
  // By compact index (the anomalous models' parents are registered as their in-edges are read).
  const candOf = new Int32Array(view.kind.length).fill(-1);
  // Models without a state that feed anomalous models, with those anomalous children.
  const unknownParents = new Map<number, number[]>();
  for (const e of explained) {
    const orphan = 1 - e.unexplained < orphanShare;
    const child = view.id(e.modelId);
    if (orphan) found.isOrphan[child] = 1;
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
      const c = candOf[i]!;
      if (c < 0) {
        candOf[i] = found.add(i, e.onset, kind === UNKNOWN);
      } else if (e.onset < found.onset[c]!) found.onset[c] = e.onset;
    }
  }
  // A model anomalous until the previous window (a one-window dip, the episode may go on) is a
  // candidate even when it feeds no orphan: a fault does not breach every window.
  for (const id of dipped) {
    const i = view.id(id);
    if (candOf[i]! < 0) candOf[i] = found.add(i, view.state[i]!.recentOnset!, false);
  }
  if (found.size === 0) return found;
  // For the optimistic estimate, every anomalous child (orphan or not) and every anomalous model
  // reached through a child without a state; a candidate with a longer route through models without
  // a state (two or more in a row) is not estimated (`unbounded`). A walk up from the models without
  // a state that feed anomalous models, through models without a state, finds those routes; it reads
  // only that region's in-edges.
  for (const e of explained) {
    const child = view.id(e.modelId);
    for (let k = view.inStart[child]!, end = view.inEnd[child]!; k < end; k++) {
      const c = candOf[view.sources[k]!]!;
      if (c >= 0) found.addChild(c, child);
    }
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
      const c = candOf[u]!;
      if (c >= 0) {
        if (kids !== undefined) for (const y of kids) found.addChild(c, y);
        if (onChain) found.unbounded[c] = 1;
      }
      if (!chain.has(u) && view.kind[u] === UNKNOWN) {
        chain.add(u);
        queue.push(u);
      }
    }
  }
  return found;
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
