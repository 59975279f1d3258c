// Fairness of a model over windows (the model page) and of a system's models in one window (the
// printable report). Server-side only.
import { graphqlRequest, runtimeDocument } from "./graphql";
import { graphql } from "./generated";
import type { FairnessWindowFieldsFragment } from "./generated/graphql";

export type FairnessWindow = FairnessWindowFieldsFragment;
export type FeatureFairness = FairnessWindow["features"][number];
export type FairnessGroup = FeatureFairness["groups"][number];

const FAIRNESS_WINDOW_FIELDS = graphql(`
  fragment FairnessWindowFields on ModelFairness {
    modelId windowStart windowEnd predictions rows
    policy { sensitiveFeatures minParityRatio maxParityDifference maxEqualizedOddsDifference favorableLabel minGroupSize quantiles bins { feature edges } }
    features {
      feature binning edges
      demographicParityDifference demographicParityRatio truePositiveRateDifference falsePositiveRateDifference equalizedOddsDifference meanAbsoluteErrorDifference
      groups { group count labeled selectionRate truePositiveRate falsePositiveRate accuracy meanPrediction meanError meanAbsoluteError }
    }
    signals { kind name value threshold breached }
  }
`);

const FAIRNESS_HISTORY_QUERY = graphql(`
  query ModelFairnessHistory($id: ID!, $windows: Int!, $at: DateTime) {
    fairnessHistory(modelId: $id, windows: $windows, at: $at) { ...FairnessWindowFields }
  }
`);

/** Windows of fairness shown on the model page (the selected one last). */
export const FAIRNESS_WINDOWS = 12;

/** The model's fairness in the FAIRNESS_WINDOWS windows up to the one ending at `at`, oldest first. */
export async function fetchFairnessHistory(modelId: string, at: string): Promise<FairnessWindow[]> {
  const data = await graphqlRequest(FAIRNESS_HISTORY_QUERY, { id: modelId, windows: FAIRNESS_WINDOWS, at });
  return data.fairnessHistory;
}

type SystemFairnessData = Partial<Record<string, FairnessWindow>>;

/** The fairness of each model in the window ending at `at`, one request (aliased per model). */
export async function fetchSystemFairness(modelIds: string[], at: string): Promise<FairnessWindow[]> {
  if (modelIds.length === 0) return [];
  const fields = modelIds.map((id, i) => `f${i}: fairness(modelId: ${JSON.stringify(id)}, at: $at) { ...FairnessWindowFields }`).join("\n");
  const document = runtimeDocument<SystemFairnessData, { at: string }>(`query SystemFairness($at: DateTime) {\n${fields}\n}\n${FAIRNESS_WINDOW_FIELDS}`);
  const data = await graphqlRequest(document, { at });
  return modelIds.map((_, i) => data[`f${i}`]).filter((f): f is FairnessWindow => f !== undefined && f !== null);
}
