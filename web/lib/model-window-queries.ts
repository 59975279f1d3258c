// Steps 3 and 4 of the model page (see ./model-queries): the selected window's drift report,
// verdict and performance series, then the forecast of the chosen metric. Server-side only.
import { graphqlRequest, runtimeDocument } from "./graphql";
import { graphql } from "./generated";
import type {
  FeatureDriftFieldsFragment,
  ModelDriftQuery,
  ModelForecastQuery,
  PerformancePointFieldsFragment,
  WindowHealthFieldsFragment,
} from "./generated/graphql";

export type FeatureDrift = FeatureDriftFieldsFragment;
export type Histogram = FeatureDrift["referenceHistogram"];
export type DriftReport = ModelDriftQuery["driftReport"];
export type WindowHealth = WindowHealthFieldsFragment;
export type PerformancePoint = PerformancePointFieldsFragment;
export type Forecast = ModelForecastQuery["forecast"];

// ---- Step 3: the selected window -------------------------------------------------------------

graphql(`
  fragment FeatureDriftFields on FeatureDrift {
    feature kind test statistic pValue adjustedPValue effectSize effectSizeMetric threshold drifted
    psi jensenShannon wasserstein skipped sampled referenceSampleSize currentSampleSize currentCount referenceCount
    missingRateCurrent missingRateReference unseenShare unseenCategories
    referenceHistogram { counts edges categories }
    currentHistogram { counts edges categories }
  }
`);

const PERFORMANCE_POINT_FIELDS = graphql(`
  fragment PerformancePointFields on PerformancePoint {
    windowStart windowEnd metric value estimated forecast count lower upper
  }
`);

const WINDOW_HEALTH_FIELDS = graphql(`
  fragment WindowHealthFields on ModelHealth {
    status windowStart windowEnd anomalyScore propagatedScore
    signals { kind name value threshold breached }
    anomalies(first: 10) { detector predictionId score topFeatures { feature contribution } }
  }
`);

const DRIFT_QUERY = graphql(`
  query ModelDrift($id: ID!, $current: WindowInput!) {
    driftReport(modelId: $id, current: $current) {
      current { from to }
      reference { from to }
      referenceSource currentCount referenceCount drifted driftedFeatures multivariateStatus path pathReason errorBound
      multivariate { drifted method score referenceScore threshold topFeatures { feature contribution } }
      features { ...FeatureDriftFields }
      predictionDrift { ...FeatureDriftFields }
      segments { segment output drifted effectSize effectSizeMetric threshold currentCount referenceCount }
    }
  }
`);

export interface WindowData {
  drift: DriftReport | null;
  /** Why the drift report could not be computed, if it could not. */
  driftError: string | null;
  health: WindowHealth;
  performance: Record<string, PerformancePoint[]>;
}

type WindowMainData = { model: { health: WindowHealthFieldsFragment } | null } & Partial<Record<string, PerformancePointFieldsFragment[]>>;
type WindowMainVariables = { id: string; at: string; perfFrom: string; perfTo: string };

/** The verdict of the window ending at `at` and one aliased performance series per metric. */
function windowMainDocument(metrics: string[]) {
  const perf = metrics
    .map((m, i) => `p${i}: performance(modelId: $id, metric: ${JSON.stringify(m)}, from: $perfFrom, to: $perfTo) { ...PerformancePointFields }`)
    .join("\n");
  return runtimeDocument<WindowMainData, WindowMainVariables>(`
    query ModelWindow($id: ID!, $at: DateTime!, $perfFrom: DateTime!, $perfTo: DateTime!) {
      model(id: $id) { health(at: $at) { ...WindowHealthFields } }
      ${perf}
    }
    ${WINDOW_HEALTH_FIELDS}
    ${PERFORMANCE_POINT_FIELDS}
  `);
}

/**
 * The drift report of [from, to), the verdict of that window, and the performance of each metric
 * over [perfFrom, perfTo).
 */
export async function fetchWindow(
  modelId: string,
  window: { from: string; to: string },
  metrics: string[],
  range: { from: string; to: string },
): Promise<WindowData> {
  // The drift report may fail on its own (e.g. no reference yet): the rest of the page still shows.
  const [mainData, driftResult] = await Promise.all([
    graphqlRequest(windowMainDocument(metrics), { id: modelId, at: window.to, perfFrom: range.from, perfTo: range.to }),
    graphqlRequest(DRIFT_QUERY, { id: modelId, current: window }).then(
      (d) => ({ drift: d.driftReport, error: null }),
      (error: unknown) => ({ drift: null, error: error instanceof Error ? error.message : String(error) }),
    ),
  ]);
  if (!mainData.model) throw new Error("The model disappeared while the page was loading");
  const performance: Record<string, PerformancePoint[]> = {};
  metrics.forEach((m, i) => {
    performance[m] = mainData[`p${i}`] ?? [];
  });
  return { drift: driftResult.drift, driftError: driftResult.error, health: mainData.model.health, performance };
}

// ---- Step 4: the forecast --------------------------------------------------------------------

const FORECAST_QUERY = graphql(`
  query ModelForecast($id: ID!, $metric: String!, $threshold: Float!, $horizon: Int!) {
    forecast(modelId: $id, metric: $metric, threshold: $threshold, horizonSeconds: $horizon) {
      direction expectedBreachAt metric reason threshold
      points { ...PerformancePointFields }
    }
  }
`);

export async function fetchForecast(modelId: string, metric: string, threshold: number, horizonSeconds: number): Promise<Forecast> {
  const data = await graphqlRequest(FORECAST_QUERY, { id: modelId, metric, threshold, horizon: horizonSeconds });
  return data.forecast;
}
