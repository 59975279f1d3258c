// Root-cause ranking, read from the window's decision (explain-window.ts): candidates are the
// anomalous models and latent ones (models without an anomaly that feed unexplained anomalous
// models); each is scored by hypothesis testing (root-likelihood.ts) and ranked with explaining
// away — rank k+1 is the best candidate given the roots among the first k, so the root of a second,
// independent fault comes before the collateral of a strong first one. Scores are the softmax of
// those conditional log-likelihood ratios (a share of the blame, summing to 1); ties break by
// earlier onset, anomalous before latent, then id. Each candidate gets a sentence (root-sentences.ts).
import { explainWindow } from "./explain-window.js";
import type { EvidenceSignal, ModelStates } from "./model-states.js";
import { explainAnomalous, explainLatent } from "./root-sentences.js";
import type { SystemGraph } from "./system-graph.js";
import { checkWindowOptions, WINDOW_DEFAULTS, type ExplainWindowOptions } from "./window-options.js";

export type RankRootCausesOptions = ExplainWindowOptions;

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
  /** The root of the incident group it belongs to (itself when it is one); null for a latent candidate that explains nothing. */
  groupRoot: string | null;
}

export const ROOT_CAUSE_DEFAULTS: Required<RankRootCausesOptions> = WINDOW_DEFAULTS;

const PREFIX = "graph/root-causes";

export function rankRootCauses(args: RankRootCausesArgs): RootCause[] {
  const { graph, states } = args;
  const options = checkWindowOptions(PREFIX, args.options);
  const keyOf = args.keyOf ?? ((id: string) => graph.getNodeAttribute(id, "key") ?? id);
  const { ranked } = explainWindow(PREFIX, graph, states, options);
  if (ranked.length === 0) return [];
  const top = Math.max(...ranked.map((r) => r.llr));
  const weights = ranked.map((r) => Math.exp(r.llr - top));
  const total = weights.reduce((s, w) => s + w, 0);
  let firstOnset = Infinity;
  for (const r of ranked) if (r.e) firstOnset = Math.min(firstOnset, r.e.onset);
  return ranked.map((r, i) => {
    const own = Object.prototype.hasOwnProperty.call(states, r.modelId) ? states[r.modelId]!.evidence : undefined;
    const evidence = [...(own ?? [])].sort((a, b) => Number(b.breached) - Number(a.breached));
    return {
      modelId: r.modelId,
      rank: i + 1,
      score: weights[i]! / total,
      explanation: r.e ? explainAnomalous({ e: r.e, group: r.group, evidence, firstOnset, keyOf, windowMs: options.windowMs, earlyOnset: r.earlyOnset }) : explainLatent(r.c!, keyOf),
      evidence,
      latent: r.latent,
      groupRoot: r.group?.root ?? null,
    };
  });
}
