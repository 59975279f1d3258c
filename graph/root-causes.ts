// Root-cause ranking. Only anomalous models are candidates. Default (method "likelihood"): the
// log-likelihood ratio of "the fault started at v" vs "everything is spurious" over v's descendants
// (see likelihoodScores and the README). The former factor score (method "product", also used to
// order cascade roots):
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
import { MaxHeap } from "./max-heap.js";
import { checkStates, type EvidenceSignal, type ModelStates } from "./model-states.js";
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
  checkStates(PREFIX, graph, states);
  const keyOf = args.keyOf ?? ((id: string) => graph.getNodeAttribute(id, "key") ?? id);

  const explained = [...explainAnomalies(graph, states, options).values()];
  if (explained.length === 0) return [];
  const raw =
    options.method === "product"
      ? explained.map((e) => ({ e, raw: rootScore(e, options.supportExponent) }))
      : likelihoodScores(graph, states, explained, options);
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

/**
 * Hypothesis testing: for each candidate r, the log-likelihood ratio of H_r ("the fault started at r")
 * against H_0 ("every anomaly is spurious"), over r's descendants. Returned as softmax weights.
 */
export function likelihoodScores(
  graph: SystemGraph,
  states: ModelStates,
  explained: AnomalyExplanation[],
  options: Required<RankRootCausesOptions>,
): Array<{ e: AnomalyExplanation; raw: number; llr: number }> {
  const { transmission: q, spuriousRate: rho, attenuation, weightExponent, detectionSpread, explainedPenalty, scoreWeight } = options;
  // The anomaly threshold, estimated from the data: the weakest anomalous score.
  const threshold = Math.min(...explained.map((e) => e.score));
  const detect = (intensity: number) => 0.97 / (1 + Math.exp(-(intensity - threshold) / detectionSpread));
  const llrs = explained.map((e) => {
    let llr = explainedPenalty * Math.log(Math.max(e.unexplained, 1e-6)) + scoreWeight * Math.log(Math.max(e.score, 1e-6));
    // Max-product search: best[x] = probability x is affected (posterior after its observation), its
    // intensity if affected, and the onset a consumer must not precede.
    const best = new Map<string, { p: number; intensity: number; onset: number }>([[e.modelId, { p: 1, intensity: e.score, onset: e.onset }]]);
    const prior = new Map<string, { a: number; intensity: number; onset: number }>();
    const done = new Set<string>([e.modelId]);
    const heap = new MaxHeap<string>();
    const expand = (x: string) => {
      const from = best.get(x)!;
      graph.forEachOutEdge(x, (_edge, attributes, _s, y) => {
        if (done.has(y)) return;
        const a = from.p * q;
        if (a < 1e-3) return;
        const current = prior.get(y);
        if (current && current.a >= a) return;
        prior.set(y, { a, intensity: from.intensity * attenuation * Math.pow(attributes.weight, weightExponent), onset: from.onset });
        heap.push(a, y);
      });
    };
    expand(e.modelId);
    while (heap.size > 0) {
      const { value: y } = heap.pop()!;
      if (done.has(y)) continue;
      done.add(y);
      const { a, intensity, onset } = prior.get(y)!;
      const state = states[y];
      if (!state) {
        best.set(y, { p: a, intensity, onset });
      } else if (state.anomalous) {
        if (state.onset! < onset) continue; // turned anomalous before: not this fault's doing
        const ad = a * detect(intensity);
        const pAnomalous = ad + (1 - a) * rho;
        llr += Math.log(pAnomalous / rho);
        best.set(y, { p: ad / pAnomalous, intensity: state.score, onset: state.onset! });
      } else {
        const ad = a * detect(intensity);
        const pHealthy = a - ad + (1 - a) * (1 - rho);
        llr += Math.log(pHealthy / (1 - rho));
        const p = (a - ad) / pHealthy;
        best.set(y, { p, intensity: Math.min(intensity, threshold), onset });
      }
      expand(y);
    }
    return llr;
  });
  const top = Math.max(...llrs);
  return explained.map((e, i) => ({ e, llr: llrs[i]!, raw: Math.exp(llrs[i]! - top) }));
}

function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
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
