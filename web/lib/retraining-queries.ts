// The retraining queue: GraphQL operations of the retraining page and their types.
// Server-side only (it imports the GraphQL client that holds the API key).
import { graphqlRequest } from "./graphql";

export type PriorityStrategy = "COMBINED" | "DISAGREEMENT" | "UNCERTAINTY" | "LABEL_ERROR" | "DRIFT" | "BLAME";

/** In the order the page shows them; texts from the PriorityStrategy enum's documentation. */
export const STRATEGIES: ReadonlyArray<{ value: PriorityStrategy; label: string; description: string }> = [
  { value: "COMBINED", label: "Combined", description: "Rank fusion of every strategy; near-duplicates skipped for diversity." },
  { value: "DISAGREEMENT", label: "Disagreement", description: "Feedback or a label far from a confident prediction." },
  { value: "UNCERTAINTY", label: "Uncertainty", description: "Scores near the decision boundary, high entropy." },
  { value: "LABEL_ERROR", label: "Label errors", description: "Labels a confident, well-calibrated model contradicts: review them before training." },
  { value: "DRIFT", label: "Drift", description: "Samples in the regions of the inputs that drifted." },
  { value: "BLAME", label: "Blame", description: "Samples of models that are root causes of open incidents." },
];

export function parseStrategy(value: unknown): PriorityStrategy | null {
  const text = typeof value === "string" ? value.trim().toUpperCase() : "";
  return STRATEGIES.some((s) => s.value === text) ? (text as PriorityStrategy) : null;
}

/** How many candidates the page lists (and counts per strategy, "50+" beyond). */
export const PAGE_SIZE = 50;

export interface RetrainingModel {
  id: string;
  key: string;
  name: string;
  task: string;
  features: Array<{ name: string; kind: string }>;
}

export interface RetrainingSystem {
  id: string;
  name: string;
  models: RetrainingModel[];
}

export interface LabelValue {
  value: number | null;
  class: string | null;
}

export interface RetrainingSample {
  predictionId: string;
  priority: number;
  reasons: string[];
  features: Record<string, unknown>;
  prediction: { score?: number | null; predictedClass?: string | null; probabilities?: Record<string, number> | null };
  label: LabelValue | null;
  feedback: Array<LabelValue & { comment?: string | null }> | null;
  timestamp: string;
}

const SYSTEM_QUERY = /* GraphQL */ `
  query RetrainingSystem($systemId: ID!) {
    system(id: $systemId) { id name models { id key name task features { name kind } } }
  }
`;

export async function fetchRetrainingSystem(systemId: string): Promise<RetrainingSystem | null> {
  const data = await graphqlRequest<{ system: RetrainingSystem | null }, { systemId: string }>(SYSTEM_QUERY, { systemId }, { operationName: "RetrainingSystem" });
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
    .map((_, i) => `m${i}: retrainingCandidates(modelId: $m${i}, strategy: COMBINED, first: ${PAGE_SIZE}) { label feedback }`)
    .join("\n    ");
  const query = `query RetrainingProbe(${declarations}) {\n    ${fields}\n  }`;
  const variables = Object.fromEntries(probed.map((m, i) => [`m${i}`, m.id]));
  const data = await graphqlRequest<Record<string, Array<Pick<RetrainingSample, "label" | "feedback">>>, Record<string, unknown>>(query, variables, {
    operationName: "RetrainingProbe",
  });
  const withTruth = probed.find((_, i) => (data[`m${i}`] ?? []).some((s) => s.label !== null || (s.feedback?.length ?? 0) > 0));
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

const SAMPLE_FIELDS = "predictionId priority reasons features prediction label feedback timestamp";

export interface RetrainingQueue {
  candidates: RetrainingSample[];
  /** Per strategy: how many candidates (capped at PAGE_SIZE) and the top sample's first reason. */
  summary: Record<PriorityStrategy, { count: number; topReason: string | null }>;
}

/** The selected strategy's candidates and every strategy's summary, in one request. */
export async function fetchRetrainingQueue(modelId: string, strategy: PriorityStrategy): Promise<RetrainingQueue> {
  const summaries = STRATEGIES.map(
    (s) => `${s.value.toLowerCase()}: retrainingCandidates(modelId: $modelId, strategy: ${s.value}, first: ${PAGE_SIZE}) { predictionId reasons }`,
  ).join("\n    ");
  const query = `query RetrainingQueue($modelId: ID!, $strategy: PriorityStrategy!) {
    candidates: retrainingCandidates(modelId: $modelId, strategy: $strategy, first: ${PAGE_SIZE}) { ${SAMPLE_FIELDS} }
    ${summaries}
  }`;
  const data = await graphqlRequest<Record<string, RetrainingSample[]>, { modelId: string; strategy: PriorityStrategy }>(
    query,
    { modelId, strategy },
    { operationName: "RetrainingQueue" },
  );
  const summary = {} as RetrainingQueue["summary"];
  for (const s of STRATEGIES) {
    const list = data[s.value.toLowerCase()] ?? [];
    summary[s.value] = { count: list.length, topReason: list[0]?.reasons[0] ?? null };
  }
  return { candidates: data.candidates ?? [], summary };
}
