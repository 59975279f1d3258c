// Root-cause ranking. Only anomalous models are candidates. Default (method "likelihood"): the
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
};

const PREFIX = "graph/root-causes";

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
  const anomalous = checkStates(PREFIX, graph, states);
  const keyOf = args.keyOf ?? ((id: string) => graph.getNodeAttribute(id, "key") ?? id);

  const view = new CompactView(graph, states);
  const explained = [...explainAnomalies(graph, states, options, view, anomalous).values()];
  if (explained.length === 0) return [];
  const raw =
    options.method === "product"
      ? explained.map((e) => ({ e, raw: rootScore(e, options.supportExponent) }))
      : likelihoodScores(graph, states, explained, options, view);
  const total = raw.reduce((sum, r) => sum + r.raw, 0);
  const firstOnset = Math.min(...explained.map((e) => e.onset));
  raw.sort((a, b) => b.raw - a.raw || a.e.onset - b.e.onset || (a.e.modelId < b.e.modelId ? -1 : a.e.modelId > b.e.modelId ? 1 : 0));

  return raw.map(({ e, raw: r }, i) => {
    const evidence = [...(states[e.modelId]!.evidence ?? [])].sort((a, b) => Number(b.breached) - Number(a.breached));
    return {
      modelId: e.modelId,
      rank: i + 1,
      score: total > 0 ? r / total : 1 / explained.length,
      explanation: explain(e, evidence, firstOnset, keyOf, options.windowMs),
      evidence,
    };
  });
}

/** Per-model signal evidence: how much more likely its breached/present signal counts are under a fault than as noise. */
function signalLogRatio(state: ModelState | undefined, faultRate: number, noiseRate: number): number {
  const evidence = state?.evidence;
  if (!evidence || evidence.length === 0) return 0;
  const m = evidence.length;
  let k = 0;
  for (const s of evidence) if (s.breached) k += 1;
  if (k === 0) return 0;
  // Binomial(m, rate) for the number breached, conditioned on at least one (the model is anomalous
  // under both hypotheses); the binomial coefficient cancels.
  const logLik = (rate: number) => k * Math.log(rate) + (m - k) * Math.log(1 - rate) - Math.log(1 - Math.pow(1 - rate, m));
  return logLik(faultRate) - logLik(noiseRate);
}

/**
 * Hypothesis testing: for each candidate r, the log-likelihood ratio of H_r ("the fault started at r")
 * against H_0 ("every anomaly is spurious"), over r's descendants. Returned as softmax weights.
 */
export function likelihoodScores(
  graph: SystemGraph,
  states: ModelStates,
  explained: AnomalyExplanation[],
  options: Required<RankRootCausesOptions>,
  view: CompactView = new CompactView(graph, states),
): Array<{ e: AnomalyExplanation; raw: number; llr: number }> {
  const { transmission: q, spuriousRate: rho, attenuation, weightExponent, detectionSpread, explainedPenalty, scoreWeight } = options;
  const { signalWeight, faultBreachRate, noiseBreachRate, healthyHops, minPrior } = options;
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
  const llrs = explained.map((e) => {
    const r = view.id(e.modelId);
    let llr =
      explainedPenalty * Math.log(Math.max(e.unexplained, 1e-6)) + scoreWeight * Math.log(Math.max(e.score, 1e-6)) + Math.log(ratioOf(r));
    const gen = view.nextGeneration();
    heap.clear();
    doneStamp[r] = gen;
    bestP[r] = 1;
    bestIntensity[r] = e.score;
    bestOnset[r] = e.onset;
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
          llr += Math.log(pAnomalous / rho);
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
  });
  let top = -Infinity;
  for (const l of llrs) top = Math.max(top, l);
  return explained.map((e, i) => ({ e, llr: llrs[i]!, raw: Math.exp(llrs[i]! - top) }));
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
