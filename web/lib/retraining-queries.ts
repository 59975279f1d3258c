// The retraining queue: GraphQL operations of the retraining page and their types.
// Server-side only (it imports the GraphQL client that holds the API key).
import { graphqlRequest, runtimeDocument } from "./graphql";
import { graphql } from "./generated";
import type {
  PriorityStrategy,
  RetrainingProbeFieldsFragment,
  RetrainingQueueQuery,
  RetrainingSampleFieldsFragment,
  RetrainingSummaryFieldsFragment,
  RetrainingSystemQuery,
} from "./generated/graphql";

export type { PriorityStrategy };

/**
 * Every value of the generated PriorityStrategy enum, in the order the page shows them; texts from
 * the enum's documentation in the schema.
 */
const STRATEGY_TEXTS: Record<PriorityStrategy, { label: string; description: string }> = {
  COMBINED: { label: "Combined", description: "Rank fusion of every strategy; near-duplicates skipped for diversity." },
  DISAGREEMENT: { label: "Disagreement", description: "Feedback or a label far from a confident prediction." },
  UNCERTAINTY: { label: "Uncertainty", description: "Scores near the decision boundary, high entropy." },
  LABEL_ERROR: { label: "Label errors", description: "Labels a confident, well-calibrated model contradicts: review them before training." },
  DRIFT: { label: "Drift", description: "Samples in the regions of the inputs that drifted." },
  BLAME: { label: "Blame", description: "Samples of models that are root causes of open incidents." },
};

export const STRATEGIES: ReadonlyArray<{ value: PriorityStrategy; label: string; description: string }> = (
  Object.entries(STRATEGY_TEXTS) as Array<[PriorityStrategy, { label: string; description: string }]>
).map(([value, text]) => ({ value, ...text }));

export function parseStrategy(value: unknown): PriorityStrategy | null {
  const text = typeof value === "string" ? value.trim().toUpperCase() : "";
  return STRATEGIES.some((s) => s.value === text) ? (text as PriorityStrategy) : null;
}

/** How many candidates the page lists (and counts per strategy, "50+" beyond). */
export const PAGE_SIZE = 50;

export type RetrainingSystem = NonNullable<RetrainingSystemQuery["system"]>;
export type RetrainingModel = RetrainingSystem["models"][number];

export interface LabelValue {
  value: number | null;
  class: string | null;
}

/** A candidate, with the shapes the API documents for its JSON fields. */
export interface RetrainingSample extends Omit<RetrainingSampleFieldsFragment, "features" | "prediction" | "label" | "feedback"> {
  features: Record<string, unknown>;
  prediction: { score?: number | null; predictedClass?: string | null; probabilities?: Record<string, number> | null };
  label: LabelValue | null;
  feedback: Array<LabelValue & { comment?: string | null }> | null;
}

const SYSTEM_QUERY = graphql(`
  query RetrainingSystem($systemId: ID!) {
    system(id: $systemId) { id name models { id key name task features { name kind } } }
  }
`);

const PROBE_FIELDS = graphql(`
  fragment RetrainingProbeFields on RetrainingSample { label feedback }
`);

graphql(`
  fragment RetrainingSampleFields on RetrainingSample { predictionId priority reasons features prediction label feedback timestamp }
`);

graphql(`
  fragment RetrainingSummaryFields on RetrainingSample { predictionId reasons }
`);

export async function fetchRetrainingSystem(systemId: string): Promise<RetrainingSystem | null> {
  const data = await graphqlRequest(SYSTEM_QUERY, { systemId });
  return data.system;
}

/** At most this many models are probed to choose the default one. */
const PROBE_LIMIT = 40;

/**
 * The model to show when none is asked for: the first with feedback or labels among its
 * candidates, else the one with the most candidates, else the first.
 */
export async function defaultModel(models: RetrainingModel[]): Promise<RetrainingModel | null> {
  if (models.length <= 1) return models[0] ?? null;
  const probed = models.slice(0, PROBE_LIMIT);
  const declarations = probed.map((_, i) => `$m${i}: ID!`).join(", ");
  const fields = probed
    .map((_, i) => `m${i}: retrainingCandidates(modelId: $m${i}, strategy: COMBINED, first: ${PAGE_SIZE}) { ...RetrainingProbeFields }`)
    .join("\n    ");
  const document = runtimeDocument<Partial<Record<string, RetrainingProbeFieldsFragment[]>>, Record<string, string>>(
    `query RetrainingProbe(${declarations}) {\n    ${fields}\n  }\n${PROBE_FIELDS}`,
  );
  const variables = Object.fromEntries(probed.map((m, i) => [`m${i}`, m.id]));
  const data = await graphqlRequest(document, variables);
  const withTruth = probed.find((_, i) => (data[`m${i}`] ?? []).some((s) => s.label !== null || (Array.isArray(s.feedback) && s.feedback.length > 0)));
  if (withTruth) return withTruth;
  let best = models[0]!;
  let bestCount = 0;
  for (const [i, m] of probed.entries()) {
    const count = data[`m${i}`]?.length ?? 0;
    if (count > bestCount) {
      best = m;
      bestCount = count;
    }
  }
  return best;
}

export interface RetrainingQueue {
  candidates: RetrainingSample[];
  /** Per strategy: how many candidates (capped at PAGE_SIZE) and the top sample's first reason. */
  summary: Record<PriorityStrategy, { count: number; topReason: string | null }>;
}

/**
 * The selected strategy's candidates and every strategy's summary, in one request: one alias per
 * value of PriorityStrategy, named after it (the type check fails when the enum gains a value the
 * query does not ask for).
 */
const QUEUE_QUERY = graphql(`
  query RetrainingQueue($modelId: ID!, $strategy: PriorityStrategy!, $first: Int!) {
    candidates: retrainingCandidates(modelId: $modelId, strategy: $strategy, first: $first) { ...RetrainingSampleFields }
    COMBINED: retrainingCandidates(modelId: $modelId, strategy: COMBINED, first: $first) { ...RetrainingSummaryFields }
    DISAGREEMENT: retrainingCandidates(modelId: $modelId, strategy: DISAGREEMENT, first: $first) { ...RetrainingSummaryFields }
    UNCERTAINTY: retrainingCandidates(modelId: $modelId, strategy: UNCERTAINTY, first: $first) { ...RetrainingSummaryFields }
    LABEL_ERROR: retrainingCandidates(modelId: $modelId, strategy: LABEL_ERROR, first: $first) { ...RetrainingSummaryFields }
    DRIFT: retrainingCandidates(modelId: $modelId, strategy: DRIFT, first: $first) { ...RetrainingSummaryFields }
    BLAME: retrainingCandidates(modelId: $modelId, strategy: BLAME, first: $first) { ...RetrainingSummaryFields }
  }
`);

export async function fetchRetrainingQueue(modelId: string, strategy: PriorityStrategy): Promise<RetrainingQueue> {
  const data: Pick<RetrainingQueueQuery, PriorityStrategy | "candidates"> = await graphqlRequest(QUEUE_QUERY, { modelId, strategy, first: PAGE_SIZE });
  const summary = {} as RetrainingQueue["summary"];
  for (const s of STRATEGIES) {
    const list: RetrainingSummaryFieldsFragment[] = data[s.value] ?? [];
    summary[s.value] = { count: list.length, topReason: list[0]?.reasons[0] ?? null };
  }
  // The JSON fields carry the shapes the API documents (see RetrainingSample).
  return { candidates: (data.candidates ?? []) as RetrainingSample[], summary };
}
