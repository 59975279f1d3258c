// The max-product search behind every candidate's hypothesis test (root-likelihood.ts): from a
// candidate r, each model downstream gets a prior of being affected along its best path (its
// parent's posterior × transmission) and an expected intensity; the search settles models in order
// of that prior and adds each one's evidence for H_r against H_0 (see the README: anomalous,
// masked or re-triggered, healthy, no state). It records, for every anomalous model it reaches, its
// gain and its posterior — what explaining away (explain-window.ts) discounts later.
import { ANOMALOUS, type CompactView, HEALTHY, UNKNOWN } from "./compact.js";
import type { AnomalyExplanation } from "./explain-anomaly.js";
import { signalLogRatio } from "./latent-candidates.js";
import { IndexMaxHeap } from "./max-heap.js";
import type { ExplainWindowOptions } from "./window-options.js";

export class RootSearch {
  /** Per record: the anomalous model reached, its log-likelihood gain, its posterior of being affected. */
  readonly recNode: number[] = [];
  readonly recGain: number[] = [];
  readonly recPost: number[] = [];
  /** Of the last search: the sum of its positive gains, and of its healthy models' evidence (≤ 0). */
  positive = 0;
  healthy = 0;
  /** The anomaly threshold, estimated from the data: the weakest anomalous score. */
  private readonly threshold: number;
  private readonly logOneMinusRho: number;
  private readonly heap = new IndexMaxHeap();
  // Per node, for the current search: the prior along the best path into it (probability a of being
  // affected, expected intensity, onset / finer onset / last anomalous model it must follow, whether
  // that model is its parent, healthy models crossed) and, once settled, what it passes on.
  private readonly priorFine: Float64Array;
  private readonly priorLast: Int32Array;
  private readonly priorDirect: Uint8Array;
  private readonly bestFine: Float64Array;
  private readonly bestLast: Int32Array;
  private readonly signalRatio: Float64Array;

  constructor(
    private readonly view: CompactView,
    explained: AnomalyExplanation[],
    private readonly options: Required<ExplainWindowOptions>,
  ) {
    let threshold = Infinity;
    for (const e of explained) threshold = Math.min(threshold, e.score);
    this.threshold = threshold;
    this.logOneMinusRho = Math.log(1 - options.spuriousRate);
    const n = view.graph.order;
    this.priorFine = new Float64Array(n);
    this.priorLast = new Int32Array(n);
    this.priorDirect = new Uint8Array(n);
    this.bestFine = new Float64Array(n);
    this.bestLast = new Int32Array(n);
    this.signalRatio = new Float64Array(n).fill(Number.NaN);
    // The models that feed an orphan — an anomalous model its anomalous parents explain less than
    // latentOrphanShare of — with those orphans (their in-edges were read by explain-anomaly.ts).
    this.feeds = new Uint8Array(n);
    this.feedHead = new Int32Array(n).fill(-1);
    for (const e of explained) {
      if (1 - e.unexplained >= options.latentOrphanShare) continue;
      const i = view.id(e.modelId);
      view.loadIn(i);
      for (let k = view.inStart[i]!, end = view.inEnd[i]!; k < end; k++) {
        const p = view.sources[k]!;
        this.feeds[p] = 1;
        this.feedChild.push(i);
        this.feedWeight.push(view.inWeights[k]!);
        this.feedNext.push(this.feedHead[p]!);
        this.feedHead[p] = this.feedChild.length - 1;
      }
    }
  }

  /** Per feeding model, its orphans as a list (feedHead → feedNext), with the edge weights. */
  private readonly feedHead: Int32Array;
  private readonly feedChild: number[] = [];
  private readonly feedWeight: number[] = [];
  private readonly feedNext: number[] = [];

  /** Per node: 1 when it feeds an anomalous model (a healthy model is crossed only then, with `crossFeedingOnly`). */
  private readonly feeds: Uint8Array;

  /** Probability that an affected model of this expected intensity shows as anomalous. */
  detect(intensity: number): number {
    return 0.97 / (1 + Math.exp(-(intensity - this.threshold) / this.options.detectionSpread));
  }

  /** λ of a model: how much likelier its breached/present signal counts are under a fault than as noise. */
  ratioOf(y: number): number {
    let r = this.signalRatio[y]!;
    if (Number.isNaN(r)) {
      const { signalWeight, faultBreachRate, noiseBreachRate } = this.options;
      r = signalWeight === 0 ? 1 : Math.exp(signalWeight * signalLogRatio(this.view.state[y], faultBreachRate, noiseBreachRate));
      this.signalRatio[y] = r;
    }
    return r;
  }

  /** The evidence of r's descendants for H_r (a max-product search from r), recording what it reaches. */
  run(r: number, intensityAtR: number, onsetAtR: number, fineAtR: number, lastAtR: number, crossHealthy = true): number {
    const view = this.view;
    this.crossHealthy = crossHealthy;
    this.searchRoot = r;
    const { doneStamp, scratchE: bestP, scratchF: bestIntensity, scratchG: bestOnset, scratchH: bestDepth } = view;
    let llr = 0;
    this.positive = 0;
    this.healthy = 0;
    const gen = view.nextGeneration();
    this.heap.clear();
    doneStamp[r] = gen;
    bestP[r] = 1;
    bestIntensity[r] = intensityAtR;
    bestOnset[r] = onsetAtR;
    this.bestFine[r] = fineAtR;
    this.bestLast[r] = lastAtR;
    bestDepth[r] = 0;
    let x = r;
    for (;;) {
      this.expand(x, gen);
      let next = -1;
      while (this.heap.size > 0) {
        const y = this.heap.pop();
        if (doneStamp[y] === gen) continue;
        doneStamp[y] = gen;
        llr += this.settle(y);
        if (!this.crossed) continue; // a healthy model beyond healthyHops: its evidence counts, the search stops there
        next = y;
        break;
      }
      if (next < 0) return llr;
      x = next;
    }
  }

  /** Offers x's consumers their prior through x (when x's posterior is worth following). */
  private expand(x: number, gen: number): void {
    const view = this.view;
    const { stamp, doneStamp, scratchA: priorA, scratchB: priorIntensity, scratchC: priorOnset, scratchD: priorDepth } = view;
    const { scratchE: bestP, scratchF: bestIntensity, scratchG: bestOnset, scratchH: bestDepth } = view;
    const { transmission, minPrior, attenuation, weightExponent } = this.options;
    const a = bestP[x]! * transmission;
    if (a < minPrior) return;
    // A crossed healthy model that feeds orphans (crossFeedingOnly): on to those orphans only — its
    // out-edges are not read (its other consumers would add only weak evidence two quiet hops down).
    const toOrphans = this.options.crossFeedingOnly && view.kind[x] === HEALTHY && x !== this.searchRoot;
    if (!toOrphans) view.load(x);
    const targets = toOrphans ? this.feedChild : view.targets;
    const weights = toOrphans ? this.feedWeight : view.weights;
    for (let k = toOrphans ? this.feedHead[x]! : view.outStart[x]!, end = toOrphans ? -1 : view.outEnd[x]!; k !== end; k = toOrphans ? this.feedNext[k]! : k + 1) {
      const y = targets[k]!;
      if (doneStamp[y] === gen) continue;
      if (stamp[y] === gen && priorA[y]! >= a) continue;
      stamp[y] = gen;
      priorA[y] = a;
      priorIntensity[y] = bestIntensity[x]! * attenuation * Math.pow(weights[k]!, weightExponent);
      priorOnset[y] = bestOnset[x]!;
      this.priorFine[y] = this.bestFine[x]!;
      this.priorLast[y] = this.bestLast[x]!;
      this.priorDirect[y] = this.bestLast[x] === x ? 1 : 0;
      priorDepth[y] = bestDepth[x]!;
      this.heap.push(a, y);
    }
  }

  /** Settles y: returns its gain for H_r and sets what it passes on (`crossed` false: the search stops at it). */
  private settle(y: number): number {
    this.crossed = true;
    const view = this.view;
    const { kind, onset: onsetOf } = view;
    const yKind = kind[y]!;
    // Anomalous before the path's last anomalous model L: masked, unless re-triggered (L is its
    // parent and nothing below y turned anomalous before L did: y's anomaly since may be L's doing).
    const priorOnset = view.scratchC[y]!;
    const masked =
      yKind === ANOMALOUS && !view.follows(this.priorLast[y]!, priorOnset, this.priorFine[y]!, y) && !(this.priorDirect[y] === 1 && priorOnset > onsetOf[y]! && view.firstFollower[y]! >= priorOnset);
    if (yKind === UNKNOWN || masked) return this.passOn(y, masked);
    if (yKind === ANOMALOUS) return this.anomalous(y);
    return this.healthyModel(y);
  }

  /** No state (nothing seen), or masked (its earlier anomaly hides whether the fault reached it): no evidence either way; it passes its prior on. */
  private passOn(y: number, masked: boolean): number {
    const view = this.view;
    view.scratchE[y] = view.scratchA[y]!;
    view.scratchF[y] = view.scratchB[y]!;
    view.scratchG[y] = view.scratchC[y]!;
    this.bestFine[y] = this.priorFine[y]!;
    this.bestLast[y] = this.priorLast[y]!;
    view.scratchH[y] = view.scratchD[y]!;
    if (masked) this.record(y, 0, view.scratchA[y]!);
    return 0;
  }

  /** Anomalous, reachable in time: log((a·d·λ + (1 − a)·ρ) / ρ); its posterior and own score carry on. */
  private anomalous(y: number): number {
    const view = this.view;
    const rho = this.options.spuriousRate;
    const ya = view.scratchA[y]!;
    const ad = ya * this.detect(view.scratchB[y]!) * this.ratioOf(y);
    const pAnomalous = ad + (1 - ya) * rho;
    const gain = Math.log(pAnomalous / rho);
    if (gain > 0) this.positive += gain;
    view.scratchE[y] = ad / pAnomalous;
    view.scratchF[y] = view.score[y]!;
    view.scratchG[y] = view.onset[y]!;
    this.bestFine[y] = view.fine[y]!;
    this.bestLast[y] = y;
    view.scratchH[y] = view.scratchD[y]!;
    this.record(y, gain, view.scratchE[y]!);
    return gain;
  }

  /** Healthy: evidence against, mildly; crossed only within `healthyHops` in a row. */
  private healthyModel(y: number): number {
    const view = this.view;
    const ya = view.scratchA[y]!;
    const intensity = view.scratchB[y]!;
    const ad = ya * this.detect(intensity);
    const pHealthy = ya - ad + (1 - ya) * (1 - this.options.spuriousRate);
    const gain = Math.log(pHealthy) - this.logOneMinusRho;
    this.healthy += gain;
    if (!this.crossHealthy || view.scratchD[y]! >= this.options.healthyHops || (this.options.crossFeedingOnly && this.feeds[y] === 0)) {
      this.crossed = false;
      return gain;
    }
    view.scratchE[y] = (ya - ad) / pHealthy;
    view.scratchF[y] = Math.min(intensity, this.threshold);
    view.scratchG[y] = view.scratchC[y]!;
    this.bestFine[y] = this.priorFine[y]!;
    this.bestLast[y] = this.priorLast[y]!;
    view.scratchH[y] = view.scratchD[y]! + 1;
    return gain;
  }

  /** Whether this search may cross healthy models (not from a latent candidate: it already assumes one model missed the fault). */
  private crossHealthy = true;
  private searchRoot = -1;

  /** Whether the model just settled is crossed (the search goes on from it). */
  private crossed = true;

  private record(y: number, gain: number, posterior: number): void {
    this.recNode.push(y);
    this.recGain.push(gain);
    this.recPost.push(posterior);
  }
}
