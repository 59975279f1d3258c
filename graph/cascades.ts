// Cascade detection. A model is a cascade root when it is anomalous and its anomalous parents do
// not explain it (explained share 1 − unexplained < explainedThreshold; same shares as the
// root-cause ranking). Roots claim, strongest root score first, the anomalous models reachable
// through anomalous, not-root models going forward in time (onset never before its parent's nor
// the root's). Leftovers (a feedback loop whose members all turned anomalous in the same window
// and explain each other) are claimed by their strongest member. Cascades of a root alone are not
// returned.
import { explainAnomalies, EXPLAIN_DEFAULTS, type ExplainOptions } from "./explain-anomaly.js";
import { checkStates, type ModelStates } from "./model-states.js";
import { rootScore, ROOT_CAUSE_DEFAULTS } from "./root-causes.js";
import type { SystemGraph } from "./system-graph.js";

export interface DetectCascadesOptions extends ExplainOptions {
  explainedThreshold?: number;
}

export interface DetectCascadesArgs {
  graph: SystemGraph;
  states: ModelStates;
  options?: DetectCascadesOptions;
}

export interface Cascade {
  root: string;
  affected: string[];
  startedAt: number;
}

export const CASCADE_DEFAULTS: Required<DetectCascadesOptions> = { ...EXPLAIN_DEFAULTS, explainedThreshold: 0.5 };

const PREFIX = "graph/cascades";

export function detectCascades(args: DetectCascadesArgs): Cascade[] {
  const { graph, states } = args;
  const options = { ...CASCADE_DEFAULTS, ...args.options };
  if (!(options.explainedThreshold > 0 && options.explainedThreshold <= 1)) {
    throw new Error(`${PREFIX}: explainedThreshold must be in (0, 1], got ${options.explainedThreshold}`);
  }
  const anomalous = checkStates(PREFIX, graph, states);
  const explained = explainAnomalies(graph, states, options, undefined, anomalous);
  const byStrength = [...explained.values()]
    .map((e) => ({ e, score: rootScore(e, ROOT_CAUSE_DEFAULTS.supportExponent) }))
    .sort((a, b) => b.score - a.score || a.e.onset - b.e.onset || (a.e.modelId < b.e.modelId ? -1 : 1))
    .map(({ e }) => e);
  const isRoot = new Set(byStrength.filter((e) => 1 - e.unexplained < options.explainedThreshold).map((e) => e.modelId));
  const owner = new Map<string, string>();
  const cascades: Cascade[] = [];

  const claim = (root: string): void => {
    owner.set(root, root);
    const rootOnset = states[root]!.onset!;
    const affected: string[] = [];
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const x = queue[i]!;
      const xOnset = states[x]!.onset!;
      graph.forEachOutNeighbor(x, (y) => {
        const s = states[y];
        if (!s?.anomalous || owner.has(y) || isRoot.has(y)) return;
        if (s.onset! < xOnset || s.onset! < rootOnset) return;
        owner.set(y, root);
        affected.push(y);
        queue.push(y);
      });
    }
    if (affected.length > 0) cascades.push({ root, affected: affected.sort(), startedAt: rootOnset });
  };

  for (const e of byStrength) if (isRoot.has(e.modelId)) claim(e.modelId);
  for (const e of byStrength) {
    if (owner.has(e.modelId)) continue;
    isRoot.add(e.modelId);
    claim(e.modelId);
  }
  return cascades.sort((a, b) => a.startedAt - b.startedAt || (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
}
