// The fairness of one window of a model: for each sensitive feature of its policy, the rows grouped
// (sensitive-groups.ts), each group's metrics (group-metrics.ts) and the disparity figures
// (parity-figures.ts). Pure: the rows come loaded, the policy validated.
import type { ModelTaskName } from "../model-tasks.js";
import type { FairnessPolicy } from "./fairness-policy.js";
import { groupMetrics, type FairnessRow, type GroupMetrics } from "./group-metrics.js";
import { parityFigures, type ParityFigures } from "./parity-figures.js";
import { sensitiveGroups, type Binning } from "./sensitive-groups.js";

export type { FairnessRow, GroupMetrics } from "./group-metrics.js";

export interface FeatureFairness extends ParityFigures {
  feature: string;
  binning: Binning;
  /** Cut points of a numeric feature (declared or the window's quantiles). */
  edges: number[];
  groups: GroupMetrics[];
}

export interface FairnessReport {
  /** Rows read (with or without a prediction or label). */
  rows: number;
  features: FeatureFairness[];
}

export function isRegressionTask(task: ModelTaskName): boolean {
  return task === "REGRESSION" || task === "RANKING";
}

/** One sensitive feature's groups and figures. */
export function featureFairness(args: { task: ModelTaskName; feature: string; kind: string; rows: readonly FairnessRow[]; policy: FairnessPolicy }): FeatureFairness {
  const { task, feature, rows, policy } = args;
  const declared = policy.bins.find((b) => b.feature === feature)?.edges ?? null;
  const grouping = sensitiveGroups({ values: rows.map((r) => r.features[feature]), kind: args.kind, edges: declared, quantiles: policy.quantiles });
  const members = new Map<string, FairnessRow[]>(grouping.order.map((g) => [g, []]));
  rows.forEach((row, i) => members.get(grouping.groups[i]!)!.push(row));
  const groups = grouping.order.map((group) => groupMetrics({ task, group, rows: members.get(group)!, favorable: policy.favorableLabel }));
  const figures = parityFigures({ groups, regression: isRegressionTask(task), minGroupSize: policy.minGroupSize });
  return { feature, binning: grouping.binning, edges: grouping.edges, groups, ...figures };
}

/** The window's fairness for every sensitive feature of `policy` (`kinds`: each declared feature's kind). */
export function fairnessReport(args: { task: ModelTaskName; policy: FairnessPolicy; kinds: ReadonlyMap<string, string>; rows: readonly FairnessRow[] }): FairnessReport {
  const { task, policy, rows } = args;
  return {
    rows: rows.length,
    features: policy.sensitiveFeatures.map((feature) => featureFairness({ task, feature, kind: args.kinds.get(feature) ?? "CATEGORICAL", rows, policy })),
  };
}
