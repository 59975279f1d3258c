// Root-cause ranking. Candidates: the anomalous models and, with method "likelihood", latent
// candidates — models that show no anomaly themselves (healthy, or without data) but feed anomalous
// models no anomalous parent explains (their monitoring may have missed the fault). Default (method "likelihood"): the
// log-likelihood ratio of "the fault started at v" vs "everything is spurious", from v's own score
// and signal counts, whether earlier anomalous parents explain it, and the anomalous and healthy
// models downstream of it (see likelihoodScores and the README). The searches run on a compact view
// (compact.ts) that reads only the anomalous models, their neighbourhoods and what the searches
// reach; a search crosses at most `healthyHops` healthy models in a row.
// The former factor score (method "product", also used to order cascade roots):
//   rootScore_v = s_v · unexplained_v · coherence_v · (1 + support_v)^supportExponent
// - s_v: its own anomaly score;
// - unexplained_v: the part of its anomaly no earlier anomalous parent accounts for
//   (onset precedence: a parent that turned anomalous later cannot be its cause);
// - support_v: the anomalous models that followed it downstream, in time order, weighted by the
//   strongest path (graph position: a root explains a cascade, a spurious anomaly explains nothing);
// - coherence_v: the share of its children (with a known state) that followed it — a true cause
//   drags most of its consumers along, a model that merely sits upstream of a cascade does not.
// Scores are normalised to sum to 1 (a share of the blame); ties break by earlier onset, then id.
import { explainAnomalies, type AnomalyExplanation, type ExplainOptions, EXPLAIN_DEFAULTS } from "./explain-anomaly.js";
import { ANOMALOUS, CompactView, UNKNOWN } from "./compact.js";
import { IndexMaxHeap } from "./max-heap.js";
import { checkStates, type EvidenceSignal, type ModelState, type ModelStates } from "./model-states.js";
import type { SystemGraph } from "./system-graph.js";

export interface RankRootCausesOptions extends ExplainOptions {
  supportExponent?: number;
  /** "product" (the factor score, kept for cascades) or "likelihood" (hypothesis testing, default). */
  method?: "likelihood" | "product";
  /** Probability that an affected model passes the fault to a consumer. */
  transmission?: number;
  /** Rate of anomalies unrelated to any fault (spurious). */
  spuriousRate?: number;
  /** Intensity kept per hop along an edge of weight w: attenuation · w^weightExponent. */
  attenuation?: number;
  weightExponent?: number;
  /** Softness of the detection curve around the anomaly threshold (score units). */
  detectionSpread?: number;
  /** Weight of log(unexplained) — the prior against a cause that an earlier anomalous parent explains. */
  explainedPenalty?: number;
  /** Weight of log(own score). */
  scoreWeight?: number;
  /** Weight of the signal evidence: log-ratio of the breached/present signal counts under a fault vs noise (0 = ignore). */
  signalWeight?: number;
  /** Share of a model's signals a real fault breaches. */
  faultBreachRate?: number;
  /** Share of a model's signals a spurious anomaly breaches. */
  noiseBreachRate?: number;
  /** Searches stop where the probability of being affected falls below this. */
  minPrior?: number;
  /** How many consecutive healthy models the search may cross (Infinity = no limit). */
  healthyHops?: number;
  /** Length of a window in ms, to say "within 2 windows"; without it lags are durations. */
  windowMs?: number | null;
  /**
   * Also rank latent candidates (method "likelihood" only): models that show no anomaly themselves
   * (healthy, or without data) but feed anomalous models that no anomalous parent explains.
   */
  latent?: boolean;
  /** An anomalous model is an orphan (its parents become latent candidates) when its anomalous parents explain less than this share. */
  latentOrphanShare?: number;
  /** Log prior of a latent candidate against an anomalous one (it lacks its own anomaly as evidence). */
  latentPrior?: number;
  /** Log bonus of a latent candidate without data (no state, or `hasData: false`): its monitoring may be blind. */
  latentNoDataBonus?: number;
  /** Latent candidates are searched and listed only if an optimistic estimate reaches the anomalous candidate of this rank (Infinity: all). */
  latentMaxRank?: number;
}

export interface RankRootCausesArgs {
  graph: SystemGraph;
  states: ModelStates;
  keyOf?: (id: string) => string;
  options?: RankRootCausesOptions;
}

export interface RootCause {
  modelId: string;
  rank: number;
  score: number;
  explanation: string;
  evidence: EvidenceSignal[];
  /** true: the model shows no anomaly itself (healthy or without data) but is the common upstream of unexplained anomalous models. */
  latent: boolean;
}

export const ROOT_CAUSE_DEFAULTS: Required<RankRootCausesOptions> = {
  ...EXPLAIN_DEFAULTS,
  supportExponent: 1,
  method: "likelihood",
  transmission: 0.6,
  spuriousRate: 0.075,
  attenuation: 0.9,
  weightExponent: 0.5,
  detectionSpread: 0.1,
  explainedPenalty: 1,
  scoreWeight: 2,
  signalWeight: 1,
  faultBreachRate: 0.75,
  noiseBreachRate: 0.1,
  healthyHops: 0,
  minPrior: 1e-3,
  windowMs: null,
  latent: true,
  latentOrphanShare: 0.5,
  latentPrior: -2.6,
  latentNoDataBonus: 1,
  latentMaxRank: 3,
};

const PREFIX = "graph/root-causes";
/**
 * Slack (log units) on the latent candidates' optimistic estimate: it is not a strict bound — a
 * search from a latent candidate can settle a model below one of its children by another path than
 * that child's own search did (posteriors are not proportional along paths), and count it.
 */
const LATENT_ESTIMATE_MARGIN = 1;

export function rootScore(e: AnomalyExplanation, supportExponent: number): number {
  return e.score * e.unexplained * e.coherence * Math.pow(1 + e.support, supportExponent);
}

export function rankRootCauses(args: RankRootCausesArgs): RootCause[] {
  const { graph, states } = args;
  const options = { ...ROOT_CAUSE_DEFAULTS, ...args.options };
  if (!(options.supportExponent >= 0)) throw new Error(`${PREFIX}: supportExponent must be ≥ 0, got ${options.supportExponent}`);
  if (options.windowMs !== null && !(options.windowMs > 0)) throw new Error(`${PREFIX}: windowMs must be > 0, got ${options.windowMs}`);
  if (!(options.signalWeight >= 0)) throw new Error(`${PREFIX}: signalWeight must be ≥ 0, got ${options.signalWeight}`);
  for (const name of ["faultBreachRate", "noiseBreachRate", "transmission", "spuriousRate"] as const) {
    if (!(options[name] > 0 && options[name] < 1)) throw new Error(`${PREFIX}: ${name} must be in (0, 1), got ${options[name]}`);
  }
  if (!(options.minPrior > 0 && options.minPrior <= 1)) throw new Error(`${PREFIX}: minPrior must be in (0, 1], got ${options.minPrior}`);
  if (!(options.healthyHops >= 0)) throw new Error(`${PREFIX}: healthyHops must be ≥ 0, got ${options.healthyHops}`);
  if (!(options.latentOrphanShare > 0 && options.latentOrphanShare <= 1)) throw new Error(`${PREFIX}: latentOrphanShare must be in (0, 1], got ${options.latentOrphanShare}`);
  for (const name of ["latentPrior", "latentNoDataBonus"] as const) {
    if (!Number.isFinite(options[name])) throw new Error(`${PREFIX}: ${name} must be finite, got ${options[name]}`);
  }
  if (!(options.latentMaxRank === Infinity || (Number.isInteger(options.latentMaxRank) && options.latentMaxRank >= 1))) {
    throw new Error(`${PREFIX}: latentMaxRank must be a positive integer or Infinity, got ${options.latentMaxRank}`);
  }
  const anomalous = checkStates(PREFIX, graph, states);
  const keyOf = args.keyOf ?? ((id: string) => graph.getNodeAttribute(id, "key") ?? id);

  const view = new CompactView(graph, states);
  const explained = [...explainAnomalies(graph, states, options, view, anomalous).values()];
  if (explained.length === 0) return [];
  type Ranked = { modelId: string; raw: number; onset: number; e?: AnomalyExplanation; c?: LatentCandidate };
  let ranked: Ranked[];
  if (options.method === "product") {
    ranked = explained.map((e) => ({ modelId: e.modelId, raw: rootScore(e, options.supportExponent), onset: e.onset, e }));
  } else {
    const latent = options.latent ? findLatentCandidates(graph, view, explained, options.latentOrphanShare) : [];
    const scored = likelihoodScores(graph, states, explained, options, view, latent);
    ranked = [
      ...scored.anomalous.map(({ e, raw }) => ({ modelId: e.modelId, raw, onset: e.onset, e })),
      ...scored.latent.map(({ c, raw }) => ({ modelId: c.modelId, raw, onset: c.onset, c })),
    ];
  }
  const total = ranked.reduce((sum, r) => sum + r.raw, 0);
  const firstOnset = Math.min(...explained.map((e) => e.onset));
  // Ties: earlier onset (a latent candidate's is its orphans' earliest), anomalous before latent, then id.
  ranked.sort((a, b) => b.raw - a.raw || a.onset - b.onset || Number(a.c !== undefined) - Number(b.c !== undefined) || (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));

  return ranked.map((r, i) => {
    const own = Object.prototype.hasOwnProperty.call(states, r.modelId) ? states[r.modelId]!.evidence : undefined;
    const evidence = [...(own ?? [])].sort((a, b) => Number(b.breached) - Number(a.breached));
    return {
      modelId: r.modelId,
      rank: i + 1,
      score: total > 0 ? r.raw / total : 1 / ranked.length,
      explanation: r.e ? explain(r.e, evidence, firstOnset, keyOf, options.windowMs) : explainLatent(r.c!, keyOf),
      evidence,
      latent: r.c !== undefined,
    };
  });
}

/** A latent candidate: a model that is not anomalous (healthy, or without data) yet the common upstream of unexplained anomalous models. */
export interface LatentCandidate {
  modelId: string;
  /** No state, or `hasData: false`: its monitoring saw nothing this window. */
  noData: boolean;
  /** Signals it had (with a threshold), none breached. */
  signals: number;
  /** The unexplained anomalous models it feeds, strongest edge first. */
  orphans: Array<{ modelId: string; onset: number; weight: number }>;
  /** Earliest onset among its orphans. */
  onset: number;
  /** Compact indices of its anomalous children (orphans or not) and of the anomalous children of its children without a state, for the optimistic estimate. */
  anomalousChildren: number[];
  /** A route through two or more models without a state leads from it to anomalous models: not estimated. */
  unbounded: boolean;
}

/** Signals that can breach (with a threshold, or breached): what the signal counts weigh. */
function countSignals(state: ModelState | undefined): { m: number; k: number } | null {
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
function signalLogRatio(state: ModelState | undefined, faultRate: number, noiseRate: number): number {
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
  graph: SystemGraph,
  view: CompactView,
  explained: AnomalyExplanation[],
  orphanShare: number,
): LatentCandidate[] {
  const found = new Map<string, LatentCandidate>();
  // Models without a state that feed anomalous models, with those anomalous children.
  const unknownParents = new Map<string, number[]>();
  for (const e of explained) {
    const orphan = 1 - e.unexplained < orphanShare;
    const child = view.id(e.modelId);
    graph.forEachInEdge(e.modelId, (_edge, attributes, u) => {
      const i = view.id(u);
      if (view.kind[i] === ANOMALOUS) return;
      if (view.kind[i] === UNKNOWN) {
        const kids = unknownParents.get(u);
        if (kids === undefined) unknownParents.set(u, [child]);
        else kids.push(child);
      }
      if (!orphan) return;
      let c = found.get(u);
      if (c === undefined) {
        const noData = view.kind[i] === UNKNOWN;
        c = { modelId: u, noData, signals: noData ? 0 : (countSignals(view.state[i])?.m ?? 1), orphans: [], onset: e.onset, anomalousChildren: [], unbounded: false };
        found.set(u, c);
      }
      c.orphans.push({ modelId: e.modelId, onset: e.onset, weight: attributes.weight });
      c.onset = Math.min(c.onset, e.onset);
    });
  }
  // For the optimistic estimate, every anomalous child (orphan or not) and every anomalous model
  // reached through a child without a state; a candidate with a longer route through models without
  // a state (two or more in a row) is not estimated (`unbounded`). A walk up from the models without
  // a state that feed anomalous models, through models without a state, finds those routes; it reads
  // only that region's in-edges.
  for (const e of explained) {
    const child = view.id(e.modelId);
    graph.forEachInEdge(e.modelId, (_edge, _attributes, u) => found.get(u)?.anomalousChildren.push(child));
  }
  // queue: the models without a state that feed anomalous models, then those that feed a model
  // without a state on such a route (`chain`: the route from them is two or more such models long).
  const queue = [...unknownParents.keys()];
  const chain = new Set<string>();
  for (let q = 0; q < queue.length; q++) {
    const z = queue[q]!;
    const kids = q < unknownParents.size ? unknownParents.get(z) : undefined;
    const onChain = chain.has(z);
    graph.forEachInEdge(z, (_edge, _attributes, u) => {
      const c = found.get(u);
      if (c !== undefined) {
        if (kids !== undefined) c.anomalousChildren.push(...kids);
        if (onChain) c.unbounded = true;
      }
      if (!chain.has(u) && view.kind[view.id(u)] === UNKNOWN) {
        chain.add(u);
        queue.push(u);
      }
    });
  }
  for (const c of found.values()) c.orphans.sort((a, b) => b.weight - a.weight || a.onset - b.onset || (a.modelId < b.modelId ? -1 : 1));
  return [...found.values()];
}

/**
 * Hypothesis testing: for each candidate r, the log-likelihood ratio of H_r ("the fault started at r")
 * against H_0 ("every anomaly is spurious"), over r's descendants. Returned as softmax weights (over
 * the anomalous and the latent candidates together).
 */
export function likelihoodScores(
  graph: SystemGraph,
  states: ModelStates,
  explained: AnomalyExplanation[],
  options: Required<RankRootCausesOptions>,
  view: CompactView = new CompactView(graph, states),
  latent: LatentCandidate[] = [],
): {
  anomalous: Array<{ e: AnomalyExplanation; raw: number; llr: number }>;
  latent: Array<{ c: LatentCandidate; raw: number; llr: number }>;
} {
  const { transmission: q, spuriousRate: rho, attenuation, weightExponent, detectionSpread, explainedPenalty, scoreWeight } = options;
  const { signalWeight, faultBreachRate, noiseBreachRate, healthyHops, minPrior, tieCredit } = options;
  // The anomaly threshold, estimated from the data: the weakest anomalous score.
  let threshold = Infinity;
  for (const e of explained) threshold = Math.min(threshold, e.score);
  const detect = (intensity: number) => 0.97 / (1 + Math.exp(-(intensity - threshold) / detectionSpread));
  const logOneMinusRho = Math.log(1 - rho);
  const { kind, onset: onsetOf, score: scoreOf, stamp, doneStamp } = view;
  // Per node, for the current search: the prior along the best path into it (probability a of
  // being affected, expected intensity, onset it must not precede, healthy models crossed) and,
  // once settled, its posterior p with the intensity, onset and depth it passes on.
  const { scratchA: priorA, scratchB: priorIntensity, scratchC: priorOnset, scratchD: priorDepth } = view;
  const { scratchE: bestP, scratchF: bestIntensity, scratchG: bestOnset, scratchH: bestDepth } = view;
  // Signal likelihood ratio (fault / noise) per node, computed once (NaN = not yet).
  const signalRatio = new Float64Array(graph.order).fill(Number.NaN);
  const ratioOf = (y: number) => {
    let r = signalRatio[y]!;
    if (Number.isNaN(r)) {
      r = signalWeight === 0 ? 1 : Math.exp(signalWeight * signalLogRatio(view.state[y], faultBreachRate, noiseBreachRate));
      signalRatio[y] = r;
    }
    return r;
  };
  const heap = new IndexMaxHeap();
  /** The evidence of r's descendants for H_r: a max-product search from r (see the README). */
  let positive = 0;
  const downstream = (r: number, intensityAtR: number, onsetAtR: number): number => {
    let llr = 0;
    positive = 0;
    const gen = view.nextGeneration();
    heap.clear();
    doneStamp[r] = gen;
    bestP[r] = 1;
    bestIntensity[r] = intensityAtR;
    bestOnset[r] = onsetAtR;
    bestDepth[r] = 0;
    let x = r;
    for (;;) {
      // Expand x: offer each out-neighbour the prior a = p_x · transmission.
      const a = bestP[x]! * q;
      if (a >= minPrior) {
        view.load(x);
        const { targets, weights } = view;
        for (let k = view.outStart[x]!, end = view.outEnd[x]!; k < end; k++) {
          const y = targets[k]!;
          if (doneStamp[y] === gen) continue;
          if (stamp[y] === gen && priorA[y]! >= a) continue;
          stamp[y] = gen;
          priorA[y] = a;
          priorIntensity[y] = bestIntensity[x]! * attenuation * Math.pow(weights[k]!, weightExponent);
          priorOnset[y] = bestOnset[x]!;
          priorDepth[y] = bestDepth[x]!;
          heap.push(a, y);
        }
      }
      // Settle the next node: add its evidence; pick what it passes on.
      let next = -1;
      while (heap.size > 0) {
        const y = heap.pop();
        if (doneStamp[y] === gen) continue;
        doneStamp[y] = gen;
        const ya = priorA[y]!;
        const intensity = priorIntensity[y]!;
        const onset = priorOnset[y]!;
        const yKind = kind[y]!;
        if (yKind === UNKNOWN) {
          bestP[y] = ya;
          bestIntensity[y] = intensity;
          bestOnset[y] = onset;
          bestDepth[y] = priorDepth[y]!;
        } else if (yKind === ANOMALOUS) {
          if (onsetOf[y]! < onset) continue; // turned anomalous before: not this fault's doing
          const ad = ya * detect(intensity) * ratioOf(y);
          const pAnomalous = ad + (1 - ya) * rho;
          const gain = Math.log(pAnomalous / rho);
          llr += gain;
          if (gain > 0) positive += gain;
          bestP[y] = ad / pAnomalous;
          bestIntensity[y] = scoreOf[y]!;
          bestOnset[y] = onsetOf[y]!;
          bestDepth[y] = priorDepth[y]!;
        } else {
          const ad = ya * detect(intensity);
          const pHealthy = ya - ad + (1 - ya) * (1 - rho);
          llr += Math.log(pHealthy) - logOneMinusRho;
          if (priorDepth[y]! >= healthyHops) continue;
          bestP[y] = (ya - ad) / pHealthy;
          bestIntensity[y] = Math.min(intensity, threshold);
          bestOnset[y] = onset;
          bestDepth[y] = priorDepth[y]! + 1;
        }
        next = y;
        break;
      }
      if (next < 0) break;
      x = next;
    }
    return llr;
  };
  // Per anomalous candidate: the positive part of its downstream evidence (for the latent estimate).
  const positiveBelow = new Float64Array(latent.length > 0 ? graph.order : 0);
  const llrs = explained.map((e) => {
    const r = view.id(e.modelId);
    const own =
      explainedPenalty * Math.log(Math.max(e.unexplained, 1e-6)) + scoreWeight * Math.log(Math.max(e.score, 1e-6)) + Math.log(ratioOf(r));
    const llr = own + downstream(r, e.score, e.onset);
    if (positiveBelow.length > 0) positiveBelow[r] = positive;
    return llr;
  });
  // A latent candidate c: the same search, from c. Its own evidence: the prior `latentPrior` (the
  // anomalous candidates' own anomaly, absent here, is worth about log(1/ρ) to them); each of its m
  // signals stayed under its threshold although a fault breaches it with probability
  // faultBreachRate — m·log(1 − faultBreachRate) − log(1 − ρ) — nothing for a model without data;
  // and earlier anomalous parents that would explain it, as for the anomalous candidates.
  const latentOwn = (c: LatentCandidate) =>
    options.latentPrior + (c.noData ? options.latentNoDataBonus : signalWeight * (c.signals * Math.log(1 - faultBreachRate) - logOneMinusRho));
  // Only latent candidates that could rank among the first `latentMaxRank` are searched (and
  // listed): an optimistic estimate — own evidence, each anomalous child caught with the best
  // detection and passing on all the positive evidence of its own search, healthy children and
  // explaining parents ignored — must reach the latentMaxRank-th best anomalous candidate (routes
  // through two or more models without a state in a row are not estimated: those candidates are kept).
  let bar = -Infinity;
  if (Number.isFinite(options.latentMaxRank) && explained.length >= options.latentMaxRank) {
    bar = [...llrs].sort((a, b) => b - a)[options.latentMaxRank - 1]!;
  }
  const kept = latent.filter((c) => {
    if (bar === -Infinity || c.unbounded) return true;
    let estimate = latentOwn(c);
    for (const y of c.anomalousChildren) estimate += Math.log((q * 0.97 * ratioOf(y) + (1 - q) * rho) / rho) + positiveBelow[y]!;
    return estimate + LATENT_ESTIMATE_MARGIN >= bar;
  });
  latent = kept;
  const latentLlrs = latent.map((c) => {
    const r = view.id(c.modelId);
    let unexplained = 1;
    graph.forEachInEdge(c.modelId, (_edge, attributes, u) => {
      const j = view.id(u);
      if (kind[j] !== ANOMALOUS || onsetOf[j]! > c.onset) return;
      unexplained *= 1 - (onsetOf[j]! < c.onset ? 1 : tieCredit) * attributes.weight;
    });
    let intensity = 0;
    for (const o of c.orphans) intensity = Math.max(intensity, scoreOf[view.id(o.modelId)]!);
    intensity = Math.min(1, intensity / attenuation);
    const own = latentOwn(c) + explainedPenalty * Math.log(Math.max(unexplained, 1e-6));
    return own + downstream(r, intensity, -Infinity);
  });
  let top = -Infinity;
  for (const l of llrs) top = Math.max(top, l);
  for (const l of latentLlrs) top = Math.max(top, l);
  return {
    anomalous: explained.map((e, i) => ({ e, llr: llrs[i]!, raw: Math.exp(llrs[i]! - top) })),
    latent: latent.map((c, i) => ({ c, llr: latentLlrs[i]!, raw: Math.exp(latentLlrs[i]! - top) })),
  };
}

const clocks = new Map<number, string>();
function clock(ms: number): string {
  let text = clocks.get(ms);
  if (text === undefined) {
    text = `${new Date(ms).toISOString().slice(11, 16)} UTC`;
    if (clocks.size > 10_000) clocks.clear();
    clocks.set(ms, text);
  }
  return text;
}

function lag(ms: number, windowMs: number | null): string {
  if (windowMs !== null) {
    const windows = Math.ceil(ms / windowMs - 1e-9);
    return windows === 0 ? "the same window" : `${windows} window${windows === 1 ? "" : "s"}`;
  }
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "the same minute";
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function explainLatent(c: LatentCandidate, keyOf: (id: string) => string): string {
  const key = keyOf(c.modelId);
  const own = c.noData
    ? `${key} shows no anomaly itself — it reported no data this window, so its monitoring may be blind`
    : `${key} shows no anomaly itself (${c.signals === 1 ? "its only signal is" : `its ${c.signals} signals are`} within thresholds)`;
  const n = c.orphans.length;
  const names = c.orphans.slice(0, 3).map((o) => `${keyOf(o.modelId)} (${clock(o.onset)})`).join(", ");
  const feeds =
    n === 1
      ? `but it feeds ${names}, which turned anomalous with no anomalous upstream model to explain it`
      : `but it is the common upstream of ${n} anomalous models that no anomalous upstream model explains: ${names}${n > 3 ? ", …" : ""}`;
  return `${own}; ${feeds}; the fault may have started in it unseen — check its inputs and its monitoring`;
}

function explain(e: AnomalyExplanation, evidence: EvidenceSignal[], firstOnset: number, keyOf: (id: string) => string, windowMs: number | null): string {
  const parts: string[] = [];
  const key = keyOf(e.modelId);
  parts.push(e.onset === firstOnset ? `${key} turned anomalous first (${clock(e.onset)})` : `${key} turned anomalous at ${clock(e.onset)}`);

  const n = e.followers.length;
  if (n === 0) parts.push("no downstream model followed");
  else {
    const maxLag = Math.max(...e.followers.map((f) => f.onset - e.onset));
    parts.push(`${n} downstream model${n === 1 ? "" : "s"} followed within ${lag(maxLag, windowMs)}`);
  }

  const breached = evidence.filter((s) => s.breached).slice(0, 3);
  if (breached.length > 0) {
    parts.push(`its ${breached.map((s) => `${s.kind} in '${s.name}'`).join(", ")} ${breached.length === 1 ? "is" : "are"} breached`);
  }

  if (e.explainers.length > 0) {
    const top = e.explainers[0]!;
    const explainedPct = Math.round((1 - e.unexplained) * 100);
    parts.push(
      `upstream ${keyOf(top.parent)} was already anomalous (${clock(top.onset)}) and may explain ${explainedPct}% of it — look there first`,
    );
  } else if (e.laterParents.length > 0) {
    parts.push(`upstream ${e.laterParents.map((p) => keyOf(p.parent)).join(", ")} turned anomalous only later, so cannot have caused it`);
  } else {
    parts.push("no upstream model was anomalous");
  }
  return parts.join("; ");
}
