// A compact, lazily built view of the part of the system graph that root-cause ranking and cascade
// detection actually touch: the anomalous models, their neighbours and whatever the searches from
// them reach. Nodes get small integer indices on first touch; a node's out-edges are read from
// graphology once, into shared flat arrays, the first time a search expands it (its in-edges likewise, when first asked for). On a large graph with a
// few hundred anomalous models this reads a small part of it (never every edge), and the hot loops
// run on arrays instead of string-keyed maps and graphology callbacks.
import type { ModelState, ModelStates } from "./model-states.js";

const INHERITED = Object.prototype;
import type { SystemGraph } from "./system-graph.js";

/** Node kinds: no state or no data (`hasData: false`), known healthy, anomalous. */
export const UNKNOWN = 0;
export const HEALTHY = 1;
export const ANOMALOUS = 2;

export class CompactView {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();
  readonly state: Array<ModelState | undefined> = [];
  /** Indexed by node: its kind, own score and onset (anomalous nodes; NaN otherwise). */
  readonly kind: Uint8Array;
  readonly score: Float64Array;
  readonly onset: Float64Array;
  /** Finer onset inside the onset window (anomalous nodes with `onsetFine`; NaN otherwise). */
  readonly fine: Float64Array;
  /**
   * Anomalous nodes, once explain-anomaly.ts has read their out-edges: the earliest onset among their
   * anomalous consumers (Infinity: none) — the re-triggered rule. NaN until then.
   */
  readonly firstFollower: Float64Array;
  /**
   * Tie order (onset-order.ts): for anomalous nodes in a feedback loop whose members share their
   * onset, the loop's number and the node's position in it (−1: in no such loop).
   */
  readonly tieGroup: Int32Array;
  readonly tiePos: Int32Array;
  /** Out-edges of the loaded nodes, back to back: node i's are [outStart[i], outEnd[i]) (−1 = not read yet). */
  readonly outStart: number[] = [];
  readonly outEnd: number[] = [];
  readonly targets: number[] = [];
  readonly weights: number[] = [];
  /** In-edges of the nodes read so far, likewise: node i's are sources[k], inWeights[k] for k in [inStart[i], inEnd[i]). */
  readonly inStart: number[] = [];
  readonly inEnd: number[] = [];
  readonly sources: number[] = [];
  readonly inWeights: number[] = [];
  /** Per-node scratch for searches: `stamp[i] === generation` marks a node as touched by the current search. */
  readonly stamp: Int32Array;
  readonly doneStamp: Int32Array;
  readonly scratchA: Float64Array;
  readonly scratchB: Float64Array;
  readonly scratchC: Float64Array;
  readonly scratchD: Float64Array;
  readonly scratchE: Float64Array;
  readonly scratchF: Float64Array;
  readonly scratchG: Float64Array;
  readonly scratchH: Float64Array;
  private generation = 0;

  constructor(
    readonly graph: SystemGraph,
    readonly states: ModelStates,
  ) {
    const n = graph.order;
    this.kind = new Uint8Array(n);
    this.score = new Float64Array(n);
    this.onset = new Float64Array(n);
    this.fine = new Float64Array(n);
    this.firstFollower = new Float64Array(n).fill(Number.NaN);
    this.tieGroup = new Int32Array(n).fill(-1);
    this.tiePos = new Int32Array(n);
    this.stamp = new Int32Array(n);
    this.doneStamp = new Int32Array(n);
    this.scratchA = new Float64Array(n);
    this.scratchB = new Float64Array(n);
    this.scratchC = new Float64Array(n);
    this.scratchD = new Float64Array(n);
    this.scratchE = new Float64Array(n);
    this.scratchF = new Float64Array(n);
    this.scratchG = new Float64Array(n);
    this.scratchH = new Float64Array(n);
  }

  /** The index of a model (a node of the graph), registering it on first sight. */
  id(node: string): number {
    let i = this.index.get(node);
    if (i !== undefined) return i;
    i = this.ids.length;
    this.index.set(node, i);
    this.ids.push(node);
    // One dictionary lookup: an inherited property (a model named like one of Object.prototype's) is no state.
    let s: ModelState | undefined = this.states[node];
    if (s !== undefined && ((node in INHERITED && !Object.prototype.hasOwnProperty.call(this.states, node)) || s.hasData === false)) s = undefined;
    this.state.push(s);
    this.kind[i] = s === undefined ? UNKNOWN : s.anomalous ? ANOMALOUS : HEALTHY;
    this.score[i] = s === undefined ? 0 : s.score;
    this.onset[i] = s !== undefined && s.anomalous ? s.onset! : Number.NaN;
    this.fine[i] = s !== undefined && s.anomalous && s.onsetFine !== undefined ? s.onsetFine : Number.NaN;
    this.outStart.push(-1);
    this.outEnd.push(-1);
    this.inStart.push(-1);
    this.inEnd.push(-1);
    return i;
  }

  /**
   * Reads node i's out-edges from graphology (in its order) on first use, registering the targets;
   * afterwards they are targets[k], weights[k] for k in [outStart[i], outEnd[i]).
   */
  load(i: number): void {
    if (this.outStart[i]! >= 0) return;
    const start = this.targets.length;
    this.graph.forEachOutEdge(this.ids[i]!, (_edge, attributes, _source, target) => {
      this.targets.push(this.id(target));
      this.weights.push(attributes.weight);
    });
    this.outStart[i] = start;
    this.outEnd[i] = this.targets.length;
  }

  /** Reads node i's in-edges from graphology (in its order) on first use, like `load`. */
  loadIn(i: number): void {
    if (this.inStart[i]! >= 0) return;
    const start = this.sources.length;
    this.graph.forEachInEdge(this.ids[i]!, (_edge, attributes, source) => {
      this.sources.push(this.id(source));
      this.inWeights.push(attributes.weight);
    });
    this.inStart[i] = start;
    this.inEnd[i] = this.sources.length;
  }

  /**
   * May trouble travel from x (anomalous; or a path whose last anomalous model is x, with its
   * onset and finer onset) to the anomalous node y? Later onset: yes; earlier: no; same onset: the
   * finer onsets decide when both are known and differ; otherwise the dependency direction (yes),
   * except inside a same-onset feedback loop, where the loop's order decides (onset-order.ts).
   */
  follows(x: number, xOnset: number, xFine: number, y: number): boolean {
    const yOnset = this.onset[y]!;
    if (yOnset !== xOnset) return yOnset > xOnset;
    const yFine = this.fine[y]!;
    if (yFine === yFine && xFine === xFine && yFine !== xFine) return yFine > xFine;
    const g = this.tieGroup[y]!;
    return g < 0 || x < 0 || this.tieGroup[x] !== g || this.tiePos[x]! < this.tiePos[y]!;
  }

  /** A fresh generation number for the per-node scratch marks. */
  nextGeneration(): number {
    this.generation += 1;
    return this.generation;
  }
}
