/**
 * Data of the prediction page (/models/[modelId]/predictions/[predictionId]): the model and one
 * prediction with its explanation, in one GraphQL request (types from web/lib/generated).
 */
import { cache } from "react";
import { GraphQLRequestError, graphqlRequest } from "./graphql";
import { graphql } from "./generated";
import type { PredictionPageQuery } from "./generated/graphql";

const PREDICTION_QUERY = graphql(`
  query PredictionPage($modelId: ID!, $id: String!) {
    model(id: $modelId) { id key name task system { id name } forbiddenFeatures { name maxShare } }
    prediction(modelId: $modelId, id: $id) {
      id
      timestamp
      score
      predictedClass
      segment
      labelValue
      labelClass
      reference { from to }
      explanation {
        sentence
        forbiddenInTopReasons
        predictedLabel
        sameLabelCount
        attributions { feature value share forbidden }
        features { feature kind value percentile referenceFrequency outOfReferenceRange inDriftedBin }
        similarCases { k labelCounts { label count } cases { predictionId distance label } }
      }
    }
  }
`);

export type PredictionModel = NonNullable<PredictionPageQuery["model"]>;
export type PredictionDetail = PredictionPageQuery["prediction"];
export type Explanation = PredictionDetail["explanation"];

/** The model and the prediction, or null when either is unknown (NOT_FOUND). */
export const fetchPrediction = cache(async (modelId: string, id: string): Promise<{ model: PredictionModel; prediction: PredictionDetail } | null> => {
  try {
    const data = await graphqlRequest(PREDICTION_QUERY, { modelId, id });
    return data.model ? { model: data.model, prediction: data.prediction } : null;
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.kind === "graphql" && error.codes.length > 0 && error.codes.every((c) => c === "NOT_FOUND" || c === "BAD_USER_INPUT")) return null;
    throw error;
  }
});
