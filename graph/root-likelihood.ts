// Hypothesis testing: for each candidate r, the log-likelihood ratio of H_r ("the fault started at
// r") against H_0 ("every anomaly is spurious"): r's own evidence plus what a max-product search
// from r finds downstream (see the README). The search records, for every anomalous model it
// reaches, its contribution and its posterior of being affected by r — what explaining away
// (explain-window.ts) discounts once an earlier rank explains that model.
import { ANOMALOUS, type CompactView, UNKNOWN } from "./compact.js";
import type { AnomalyExplanation } from "./explain-anomaly.js";
import { type LatentCandidate, type LatentFound, signalLogRatio } from "./latent-candidates.js";
import { IndexMaxHeap } from "./max-heap.js";
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
  const { transmission: q, spuriousRate: rho, attenuation, weightExponent, detectionSpread, explainedPenalty, scoreWeight } = options;
  const { signalWeight, faultBreachRate, noiseBreachRate, healthyHops, minPrior } = options;
  // The anomaly threshold, estimated from the data: the weakest anomalous score.
  let threshold = Infinity;
  for (const e of explained) threshold = Math.min(threshold, e.score);
  const detect = (intensity: number) => 0.97 / (1 + Math.exp(-(intensity - threshold) / detectionSpread));
  const logOneMinusRho = Math.log(1 - rho);
  const { kind, onset: onsetOf, fine: fineOf, score: scoreOf, stamp, doneStamp } = view;
  // Per node, for the current search: the prior along the best path into it (probability a of being
  // affected, expected intensity, onset / finer onset / last anomalous model it must follow, healthy
  // models crossed) and, once settled, its posterior p with what it passes on.
  const { scratchA: priorA, scratchB: priorIntensity, scratchC: priorOnset, scratchD: priorDepth } = view;
  const { scratchE: bestP, scratchF: bestIntensity, scratchG: bestOnset, scratchH: bestDepth } = view;
  const n = graph.order;
  const priorFine = new Float64Array(n);
  const priorLast = new Int32Array(n);
  const priorDirect = new Uint8Array(n);
  const bestFine = new Float64Array(n);
  const bestLast = new Int32Array(n);
  const signalRatio = new Float64Array(n).fill(Number.NaN);
  const ratioOf = (y: number) => {
    let r = signalRatio[y]!;
    if (Number.isNaN(r)) {
      r = signalWeight === 0 ? 1 : Math.exp(signalWeight * signalLogRatio(view.state[y], faultBreachRate, noiseBreachRate));
      signalRatio[y] = r;
    }
    return r;
  };
  // How long r has been anomalous without a break: a fault persists, a spurious alarm goes on one
  // more window with probability spuriousPersistence (the first window is the anomaly itself).
  const { windowStart, windowMs, spuriousPersistence, persistenceCap } = options;
  const perWindow = -Math.log(spuriousPersistence);
  const persistence = (r: number) => {
    const s = view.state[r];
    if (windowStart === null || windowMs === null || perWindow === 0 || s === undefined || !s.anomalous) return 0;
    const since = s.anomalousSince ?? s.onset!;
    const extra = Math.min(persistenceCap, Math.max(0, Math.round((windowStart - since) / windowMs)));
    return extra * perWindow;
  };
  const recNode: number[] = [];
  const recGain: number[] = [];
  const recPost: number[] = [];
  const heap = new IndexMaxHeap();
  let positive = 0;
  let healthy = 0;
  /** The evidence of r's descendants for H_r: a max-product search from r, recording what it reaches. */
  const downstream = (r: number, intensityAtR: number, onsetAtR: number, fineAtR: number, lastAtR: number): number => {
    let llr = 0;
    positive = 0;
    healthy = 0;
    const gen = view.nextGeneration();
    heap.clear();
    doneStamp[r] = gen;
    bestP[r] = 1;
    bestIntensity[r] = intensityAtR;
    bestOnset[r] = onsetAtR;
    bestFine[r] = fineAtR;
    bestLast[r] = lastAtR;
    bestDepth[r] = 0;
    let x = r;
    for (;;) {
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
          priorFine[y] = bestFine[x]!;
          priorLast[y] = bestLast[x]!;
          priorDirect[y] = bestLast[x] === x ? 1 : 0;
          priorDepth[y] = bestDepth[x]!;
          heap.push(a, y);
        }
      }
      let next = -1;
      while (heap.size > 0) {
        const y = heap.pop();
        if (doneStamp[y] === gen) continue;
        doneStamp[y] = gen;
        const ya = priorA[y]!;
        const intensity = priorIntensity[y]!;
        const yKind = kind[y]!;
        // Anomalous before the path's last anomalous model L: masked, unless re-triggered (L is its
        // parent and nothing below y turned anomalous before L did: y's anomaly since may be L's doing).
        const masked = yKind === ANOMALOUS && !view.follows(priorLast[y]!, priorOnset[y]!, priorFine[y]!, y) && !(priorDirect[y] === 1 && priorOnset[y]! > onsetOf[y]! && view.firstFollower[y]! >= priorOnset[y]!);
        if (yKind === UNKNOWN || masked) {
          // No state: nothing seen. Anomalous before the path could reach it: its earlier anomaly
          // masks whether the fault reached it — no evidence either way; it passes its prior on.
          bestP[y] = ya;
          bestIntensity[y] = intensity;
          bestOnset[y] = priorOnset[y]!;
          bestFine[y] = priorFine[y]!;
          bestLast[y] = priorLast[y]!;
          bestDepth[y] = priorDepth[y]!;
          if (masked) {
            recNode.push(y);
            recGain.push(0);
            recPost.push(ya);
          }
        } else if (yKind === ANOMALOUS) {
          const ad = ya * detect(intensity) * ratioOf(y);
          const pAnomalous = ad + (1 - ya) * rho;
          const gain = Math.log(pAnomalous / rho);
          llr += gain;
          if (gain > 0) positive += gain;
          bestP[y] = ad / pAnomalous;
          bestIntensity[y] = scoreOf[y]!;
          bestOnset[y] = onsetOf[y]!;
          bestFine[y] = fineOf[y]!;
          bestLast[y] = y;
          bestDepth[y] = priorDepth[y]!;
          recNode.push(y);
          recGain.push(gain);
          recPost.push(bestP[y]!);
        } else {
          const ad = ya * detect(intensity);
          const pHealthy = ya - ad + (1 - ya) * (1 - rho);
          const gain = Math.log(pHealthy) - logOneMinusRho;
          llr += gain;
          healthy += gain;
          if (priorDepth[y]! >= healthyHops) continue;
          bestP[y] = (ya - ad) / pHealthy;
          bestIntensity[y] = Math.min(intensity, threshold);
          bestOnset[y] = priorOnset[y]!;
          bestFine[y] = priorFine[y]!;
          bestLast[y] = priorLast[y]!;
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

  const candidates: ScoredCandidate[] = [];
  const positiveBelow = new Float64Array(latentFound !== null && latentFound.size > 0 ? n : 0);
  for (const e of explained) {
    const r = view.id(e.modelId);
    const own = explainedPenalty * Math.log(Math.max(e.unexplained, 1e-6)) + scoreWeight * Math.log(Math.max(e.score, 1e-6)) + Math.log(ratioOf(r)) + persistence(r);
    const start = recNode.length;
    const below = downstream(r, e.score, e.onset, fineOf[r]!, r);
    if (positiveBelow.length > 0) positiveBelow[r] = positive;
    candidates.push({ node: r, e, own, healthy, start, end: recNode.length, llr: own + below });
  }
  // A latent candidate c: the same search, from c. Its own evidence: the prior `latentPrior`; each
  // of its m signals stayed under its threshold although a fault breaches it with probability
  // faultBreachRate — m·log(1 − faultBreachRate) − log(1 − ρ) — nothing for a model without data
  // (plus latentNoDataBonus); and earlier anomalous parents that would explain it.
  // A model anomalous until the previous window (`recentOnset`) had its own anomaly then: it gets
  // back what latentPrior takes (log 1/ρ) and the persistence of that run.
  const latentOwn = (noData: boolean, signals: number, node: number) =>
    options.latentPrior + (noData ? options.latentNoDataBonus : signalWeight * (signals * Math.log(1 - faultBreachRate) - logOneMinusRho)) + dipped(node);
  const dipped = (node: number) => {
    const recent = noDataState(node) ? undefined : view.state[node]?.recentOnset;
    if (recent === undefined) return 0;
    const runs = windowStart === null || windowMs === null ? 0 : Math.min(persistenceCap, Math.max(0, Math.round((windowStart - windowMs - recent) / windowMs)));
    return -Math.log(rho) + runs * perWindow;
  };
  const noDataState = (node: number) => kind[node] === UNKNOWN;
  // Only latent candidates that could rank among the first `latentMaxRank` are searched (and
  // listed): an optimistic estimate must reach the latentMaxRank-th best anomalous candidate.
  let bar = -Infinity;
  if (Number.isFinite(options.latentMaxRank) && candidates.length >= options.latentMaxRank) {
    bar = candidates.map((c) => c.llr).sort((a, b) => b - a)[options.latentMaxRank - 1]!;
  }
  for (let f = 0; latentFound !== null && f < latentFound.size; f++) {
    if (bar !== -Infinity && latentFound.unbounded[f] === 0) {
      let estimate = latentOwn(latentFound.noData[f] === 1, latentFound.signals[f]!, latentFound.node[f]!);
      for (let k = latentFound.first[f]!; k >= 0; k = latentFound.next[k]!) {
        const y = latentFound.child[k]!;
        estimate += Math.log((q * 0.97 * ratioOf(y) + (1 - q) * rho) / rho) + positiveBelow[y]!;
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
    const own = latentOwn(c.noData, c.signals, r) + explainedPenalty * Math.log(Math.max(unexplained, 1e-6));
    const start = recNode.length;
    const below = downstream(r, intensity, -Infinity, Number.NaN, -1);
    candidates.push({ node: r, c, own, healthy, start, end: recNode.length, llr: own + below });
  }
  return { candidates, recNode, recGain, recPost };
}
