// Hypothesis testing: for each candidate r, the log-likelihood ratio of H_r ("the fault started at
// r") against H_0 ("every anomaly is spurious"): r's own evidence plus what a max-product search
// from r finds downstream (see the README). The search records, for every anomalous model it
// reaches, its contribution and its posterior of being affected by r — what explaining away
// (explain-window.ts) discounts once an earlier rank explains that model.
import { ANOMALOUS, type CompactView, UNKNOWN } from "./compact.js";
import type { AnomalyExplanation } from "./explain-anomaly.js";
import { countSignals, type LatentCandidate, type LatentFound } from "./latent-candidates.js";
import { RootSearch } from "./root-search.js";
import type { SystemGraph } from "./system-graph.js";
import type { ExplainWindowOptions } from "./window-options.js";

/**
 * Slack (log units) on the latent candidates' optimistic estimate: it is not a strict bound — a
 * search from a latent candidate can settle a model below one of its children by another path than
 * that child's own search did (posteriors are not proportional along paths), and count it.
 */
const LATENT_ESTIMATE_MARGIN = 1;

export interface ScoredCandidate {
  /** Compact index of the candidate. */
  node: number;
  e?: AnomalyExplanation;
  c?: LatentCandidate;
  /** Own evidence (score, signals, explaining parents; a latent candidate's prior). */
  own: number;
  /** Evidence from the healthy models its search reached (≤ 0). */
  healthy: number;
  /** Its search's anomalous models: records[start, end) in the shared arrays. */
  start: number;
  end: number;
  /** own + healthy + Σ gains. */
  llr: number;
  /** Set when the better hypothesis is "its fault started a window before it showed" (that window's start). */
  earlyOnset?: number;
}

export interface Scored {
  candidates: ScoredCandidate[];
  /** Per record: the anomalous model reached, its log-likelihood gain, its posterior of being affected. */
  recNode: number[];
  recGain: number[];
  recPost: number[];
}

export function likelihoodScores(
  graph: SystemGraph,
  view: CompactView,
  explained: AnomalyExplanation[],
  options: Required<ExplainWindowOptions>,
  latentFound: LatentFound | null,
): Scored {
  const search = new RootSearch(view, explained, options);
  const own = ownEvidence(view, options, search);
  const candidates = anomalousCandidates(view, explained, own, search, latentFound !== null && latentFound.size > 0 ? graph.order : 0, options);
  latentCandidates(view, options, own, search, latentFound, candidates.list, candidates.positiveBelow);
  return { candidates: candidates.list, recNode: search.recNode, recGain: search.recGain, recPost: search.recPost };
}

/** A candidate's own evidence: its persistence, and a quiet model's earlier run (see the README). */
function ownEvidence(view: CompactView, options: Required<ExplainWindowOptions>, search: RootSearch) {
  const { windowStart, windowMs, spuriousPersistence, persistenceCap, spuriousRate: rho, explainedPenalty, scoreWeight } = options;
  const { signalWeight, faultBreachRate, latentPrior, latentNoDataBonus } = options;
  const perWindow = -Math.log(spuriousPersistence);
  /** A model that changed (a new version) at its onset: more likely the origin. */
  const changed = (r: number) => {
    const w = view.state[r]?.changedAtOnset;
    return w !== undefined && w > 0 ? options.changeEvidence * Math.min(1, w) : 0;
  };
  const logOneMinusRho = Math.log(1 - rho);
  /** Whole windows from `since` to the evaluated window's start, less `before`, within [0, persistenceCap]. */
  const windowsSince = (since: number, before = 0) =>
    windowStart === null || windowMs === null ? 0 : Math.min(persistenceCap, Math.max(0, Math.round((windowStart - since) / windowMs) - before));
  /** How long r has been anomalous without a break: a fault persists, a spurious alarm goes on one more window with probability spuriousPersistence. */
  const persistence = (r: number) => {
    const s = view.state[r];
    return s === undefined || !s.anomalous ? 0 : windowsSince(s.anomalousSince ?? s.onset!) * perWindow;
  };
  /** A model anomalous until the previous window (`recentOnset`) had its own anomaly then: log(1/ρ) and the persistence of that run. */
  const dipped = (node: number) => {
    const recent = view.kind[node] === UNKNOWN ? undefined : view.state[node]?.recentOnset;
    return recent === undefined ? 0 : -Math.log(rho) + windowsSince(recent, 1) * perWindow;
  };
  return {
    anomalous: (r: number, e: AnomalyExplanation) =>
      explainedPenalty * Math.log(Math.max(e.unexplained, 1e-6)) + scoreWeight * Math.log(Math.max(e.score, 1e-6)) + Math.log(search.ratioOf(r)) + persistence(r) + changed(r),
    /**
     * A latent candidate: the prior `latentPrior`; each of its m signals stayed under its threshold although
     * a fault breaches it with probability faultBreachRate — m·log(1 − faultBreachRate) − log(1 − ρ) —
     * nothing for a model without data (plus latentNoDataBonus); its earlier run if it dipped.
     */
    latent: (noData: boolean, signals: number, node: number) =>
      latentPrior + (noData ? latentNoDataBonus : signalWeight * (signals * Math.log(1 - faultBreachRate) - logOneMinusRho)) + dipped(node),
  };
}
type OwnEvidence = ReturnType<typeof ownEvidence>;

/**
 * Every anomalous model's hypothesis test. A model with an anomalous consumer that turned exactly one
 * window before it is also tested as "the fault started here a window before it showed" (its first
 * window missed: each of its m signals stayed under its threshold then, (1 − faultBreachRate)^m), and
 * the better of the two is kept — with the onset moved back, those consumers follow it.
 */
function anomalousCandidates(view: CompactView, explained: AnomalyExplanation[], own: OwnEvidence, search: RootSearch, n: number, options: Required<ExplainWindowOptions>) {
  const list: ScoredCandidate[] = [];
  const positiveBelow = new Float64Array(n);
  for (const e of explained) {
    const r = view.id(e.modelId);
    const mine = own.anomalous(r, e);
    const start = search.recNode.length;
    const below = search.run(r, e.score, e.onset, view.fine[r]!, r);
    let best: ScoredCandidate = { node: r, e, own: mine, healthy: search.healthy, start, end: search.recNode.length, llr: mine + below };
    let positive = search.positive;
    const early = options.windowMs !== null ? e.onset - options.windowMs : null;
    if (early !== null && hasConsumerTurnedAt(view, r, early)) {
      const missed = own.anomalous(r, e) + (countSignals(view.state[r])?.m ?? 1) * Math.log(1 - options.faultBreachRate);
      const from = search.recNode.length;
      const belowEarly = search.run(r, e.score, early, Number.NaN, r);
      if (missed + belowEarly > best.llr) {
        best = { node: r, e, own: missed, healthy: search.healthy, start: from, end: search.recNode.length, llr: missed + belowEarly, earlyOnset: early };
        positive = search.positive;
      }
    }
    if (positiveBelow.length > 0) positiveBelow[r] = positive;
    list.push(best);
  }
  return { list, positiveBelow };
}

/** Whether an anomalous consumer of r turned anomalous at `onset`. */
function hasConsumerTurnedAt(view: CompactView, r: number, onset: number): boolean {
  view.load(r);
  for (let k = view.outStart[r]!, end = view.outEnd[r]!; k < end; k++) {
    const y = view.targets[k]!;
    if (view.kind[y] === ANOMALOUS && view.onset[y] === onset) return true;
  }
  return false;
}

/**
 * The latent candidates' hypothesis tests: the same search, from c. Only those that could rank among
 * the first `latentMaxRank` are searched (and listed): an optimistic estimate must reach the
 * latentMaxRank-th best anomalous candidate.
 */
function latentCandidates(
  view: CompactView,
  options: Required<ExplainWindowOptions>,
  own: OwnEvidence,
  search: RootSearch,
  latentFound: LatentFound | null,
  candidates: ScoredCandidate[],
  positiveBelow: Float64Array,
): void {
  const { transmission: q, spuriousRate: rho, attenuation, explainedPenalty } = options;
  const { kind, onset: onsetOf, score: scoreOf } = view;
  let bar = -Infinity;
  if (Number.isFinite(options.latentMaxRank) && candidates.length >= options.latentMaxRank) {
    bar = candidates.map((c) => c.llr).sort((a, b) => b - a)[options.latentMaxRank - 1]!;
  }
  for (let f = 0; latentFound !== null && f < latentFound.size; f++) {
    if (bar !== -Infinity && latentFound.unbounded[f] === 0) {
      let estimate = own.latent(latentFound.noData[f] === 1, latentFound.signals[f]!, latentFound.node[f]!);
      for (let k = latentFound.first[f]!; k >= 0; k = latentFound.next[k]!) {
        const y = latentFound.child[k]!;
        estimate += Math.log((q * 0.97 * search.ratioOf(y) + (1 - q) * rho) / rho) + positiveBelow[y]!;
      }
      if (estimate + LATENT_ESTIMATE_MARGIN < bar) continue;
    }
    const c: LatentCandidate = latentFound.materialize(f);
    const r = view.id(c.modelId);
    let unexplained = 1;
    view.loadIn(r);
    for (let k = view.inStart[r]!, end = view.inEnd[r]!; k < end; k++) {
      const j = view.sources[k]!;
      if (kind[j] === ANOMALOUS && onsetOf[j]! <= c.onset) unexplained *= 1 - view.inWeights[k]!;
    }
    let intensity = 0;
    for (const o of c.orphans) intensity = Math.max(intensity, scoreOf[view.id(o.modelId)]!);
    intensity = Math.min(1, intensity / attenuation);
    const mine = own.latent(c.noData, c.signals, r) + explainedPenalty * Math.log(Math.max(unexplained, 1e-6));
    const start = search.recNode.length;
    const below = search.run(r, intensity, -Infinity, Number.NaN, -1, false);
    candidates.push({ node: r, c, own: mine, healthy: search.healthy, start, end: search.recNode.length, llr: mine + below });
  }
}
