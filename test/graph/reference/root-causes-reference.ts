// The former root-cause implementation, kept only as a slow reference: string-keyed maps,
// graphology callbacks and, for the likelihood, a search from every candidate over all of its
// descendants (healthy ones included). graph/ reproduces it exactly with
// { signalWeight: 0, healthyHops: Infinity } — see root-causes-reference.test.ts.
import type { AnomalyExplanation, ExplainOptions, Follower, ParentShare } from "../../../graph/explain-anomaly.js";
import { EXPLAIN_DEFAULTS } from "../../../graph/explain-anomaly.js";
import { MaxHeap } from "../../../graph/max-heap.js";
import { checkStates, type ModelStates } from "../../../graph/model-states.js";
import { ROOT_CAUSE_DEFAULTS, rootScore, type RankRootCausesArgs, type RankRootCausesOptions } from "../../../graph/root-causes.js";
import type { SystemGraph } from "../../../graph/system-graph.js";

export function referenceExplainAnomalies(graph: SystemGraph, states: ModelStates, options?: ExplainOptions): Map<string, AnomalyExplanation> {
  const { tieCredit, unknownDiscount } = { ...EXPLAIN_DEFAULTS, ...options };
  const result = new Map<string, AnomalyExplanation>();
  for (const [v, state] of Object.entries(states)) {
    if (!state.anomalous) continue;
    const onset = state.onset!;
    const explainers: ParentShare[] = [];
    const laterParents: ParentShare[] = [];
    let unexplained = 1;
    graph.forEachInEdge(v, (_edge, attributes, u) => {
      const parent = states[u];
      if (!parent?.anomalous) return;
      const ratio = state.score > 0 ? Math.min(1, parent.score / state.score) : 1;
      const base = attributes.weight * ratio;
      if (parent.onset! > onset) {
        laterParents.push({ parent: u, onset: parent.onset!, share: 0 });
        return;
      }
      const share = (parent.onset! < onset ? 1 : tieCredit) * base;
      unexplained *= 1 - share;
      explainers.push({ parent: u, onset: parent.onset!, share });
    });
    explainers.sort((a, b) => b.share - a.share || a.onset - b.onset);

    let following = 0;
    let known = 0;
    graph.forEachOutEdge(v, (_edge, attributes, _s, y) => {
      const child = states[y];
      if (!child) return;
      known += attributes.weight;
      if (child.anomalous && child.onset! >= onset) following += attributes.weight;
    });

    const followers = findFollowers(graph, states, v, onset, unknownDiscount);
    const support = followers.reduce((sum, f) => sum + f.strength, 0);
    result.set(v, {
      modelId: v,
      score: state.score,
      onset,
      explainers,
      laterParents,
      unexplained,
      followers,
      support,
      coherence: (1 + following) / (1 + known),
    });
  }
  return result;
}

function findFollowers(graph: SystemGraph, states: ModelStates, source: string, sourceOnset: number, unknownDiscount: number): Follower[] {
  const best = new Map<string, { strength: number; lastOnset: number }>([[source, { strength: 1, lastOnset: sourceOnset }]]);
  const done = new Set<string>();
  const heap = new MaxHeap<string>();
  heap.push(1, source);
  while (heap.size > 0) {
    const { value: x } = heap.pop()!;
    if (done.has(x)) continue;
    done.add(x);
    const from = best.get(x)!;
    graph.forEachOutEdge(x, (_edge, attributes, _s, y) => {
      if (y === source || done.has(y)) return;
      const state = states[y];
      let strength: number;
      let lastOnset: number;
      if (!state) {
        strength = from.strength * attributes.weight * unknownDiscount;
        lastOnset = from.lastOnset;
      } else if (state.anomalous && state.onset! >= from.lastOnset) {
        strength = from.strength * attributes.weight;
        lastOnset = state.onset!;
      } else {
        return;
      }
      const current = best.get(y);
      if (!current || strength > current.strength) {
        best.set(y, { strength, lastOnset });
        heap.push(strength, y);
      }
    });
  }
  const followers: Follower[] = [];
  for (const [id, { strength, lastOnset }] of best) {
    if (id !== source && states[id]?.anomalous) followers.push({ modelId: id, onset: lastOnset, strength });
  }
  return followers;
}

export function referenceRankRootCauses(args: RankRootCausesArgs): Array<{ modelId: string; score: number }> {
  const { graph, states } = args;
  const options = { ...ROOT_CAUSE_DEFAULTS, ...args.options };
  checkStates("reference", graph, states);

  const explained = [...referenceExplainAnomalies(graph, states, options).values()];
  if (explained.length === 0) return [];
  const raw =
    options.method === "product"
      ? explained.map((e) => ({ e, raw: rootScore(e, options.supportExponent) }))
      : referenceLikelihoodScores(graph, states, explained, options);
  const total = raw.reduce((sum, r) => sum + r.raw, 0);
  raw.sort((a, b) => b.raw - a.raw || a.e.onset - b.e.onset || (a.e.modelId < b.e.modelId ? -1 : a.e.modelId > b.e.modelId ? 1 : 0));

  return raw.map(({ e, raw: r }) => ({ modelId: e.modelId, score: total > 0 ? r / total : 1 / explained.length }));
}

function referenceLikelihoodScores(
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

