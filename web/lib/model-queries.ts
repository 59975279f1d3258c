/**
 * Data of the model page (/models/[modelId]), read over GraphQL on the server.
 *
 * Loading happens in steps, each one a single request:
 * 1. the model (with its system), its verdict now and its blast radius;
 * 2. the last {@link TIMELINE_WINDOWS} windows' verdicts (to pick the current window) and the
 *    system's incidents (the model's alerts and its alert rules, which the schema only exposes
 *    through alerts such as "ctr < 0.1");
 * 3. for the selected window: the drift report, the verdict with its anomalies, and the
 *    performance series of each candidate metric;
 * 4. the forecast of the chosen metric (its threshold may come from the series' baseline).
 */
import { cache } from "react";
import { GraphQLRequestError, graphqlRequest } from "./graphql";
import type { ModelTask } from "./types";

function request<T>(query: string, variables: Record<string, unknown>, operationName: string): Promise<T> {
  return graphqlRequest<T, Record<string, unknown>>(query, variables, { operationName });
}

/** Windows shown in the window strip and the performance chart. */
export const TIMELINE_WINDOWS = 48;
/** Forecast horizon, in windows after the last window with data. */
export const FORECAST_WINDOWS = 12;
/** Baseline of the default threshold: the mean of the first points of the series (up to this many). */
export const BASELINE_POINTS = 6;
/** Default threshold: this share worse than the baseline (when no alert rule names the metric). */
export const DEFAULT_THRESHOLD_MARGIN = 0.1;

/** Metrics whose higher values are worse (the API forecasts a breach "above" for these). */
const LOWER_IS_BETTER = new Set(["log_loss", "brier", "mae", "rmse", "mape"]);

/** The metrics the API computes per task, the main one first. */
export const TASK_METRICS: Record<ModelTask, readonly string[]> = {
  BINARY_CLASSIFICATION: ["accuracy", "f1", "precision", "recall", "roc_auc", "log_loss", "brier"],
  MULTICLASS_CLASSIFICATION: ["accuracy", "macro_f1"],
  REGRESSION: ["mae", "rmse", "mape"],
  RANKING: ["mae", "rmse", "mape"],
};

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric) || /latency|error|loss/i.test(metric);
}

// ---- Types (the selected shapes) ------------------------------------------------------------

export type HealthStatus = "HEALTHY" | "DEGRADED" | "FAILING" | "UNKNOWN";
export type DriftTest = "KS" | "CHI_SQUARE" | "PSI" | "JENSEN_SHANNON" | "WASSERSTEIN" | "HELLINGER";

export interface ModelLink {
  id: string;
  key: string;
  name: string;
}

export interface ModelInfo extends ModelLink {
  task: ModelTask;
  version: string | null;
  features: { name: string; kind: "NUMERIC" | "CATEGORICAL" }[];
  upstream: ModelLink[];
  downstream: ModelLink[];
  system: { id: string; name: string; windowSeconds: number };
  health: { status: HealthStatus; windowStart: string; windowEnd: string };
}

export interface ImpactedModel {
  hops: number;
  risk: number;
  model: ModelLink & { health: { status: HealthStatus } };
}

export interface WindowVerdict {
  status: HealthStatus;
  windowStart: string;
  windowEnd: string;
  anomalyScore: number;
}

export interface Alert {
  id: string;
  firedAt: string;
  rule: string;
  severity: string;
  value: number;
  message: string;
  model: { id: string };
  incidentId: string;
  incidentStatus: string;
}

export interface AlertRule {
  metric: string;
  operator: "<" | "<=" | ">" | ">=";
  threshold: number;
}

export interface Histogram {
  counts: number[];
  edges: number[] | null;
  categories: string[] | null;
}

export interface FeatureDrift {
  feature: string;
  kind: "NUMERIC" | "CATEGORICAL";
  test: DriftTest;
  statistic: number;
  pValue: number | null;
  adjustedPValue: number | null;
  effectSize: number;
  effectSizeMetric: DriftTest;
  threshold: number;
  drifted: boolean;
  psi: number;
  jensenShannon: number;
  wasserstein: number | null;
  skipped: string | null;
  sampled: boolean;
  referenceSampleSize: number | null;
  currentSampleSize: number | null;
  currentCount: number;
  referenceCount: number;
  missingRateCurrent: number;
  missingRateReference: number;
  unseenShare: number;
  unseenCategories: string[];
  referenceHistogram: Histogram;
  currentHistogram: Histogram;
}

export interface DriftReport {
  current: { from: string; to: string };
  reference: { from: string; to: string };
  referenceSource: string;
  currentCount: number;
  referenceCount: number;
  drifted: boolean;
  driftedFeatures: number;
  multivariateStatus: string;
  multivariate: {
    drifted: boolean;
    method: string;
    score: number;
    referenceScore: number;
    threshold: number;
    topFeatures: { feature: string; contribution: number }[];
  } | null;
  features: FeatureDrift[];
  predictionDrift: FeatureDrift | null;
  segments: {
    segment: string;
    output: string;
    drifted: boolean;
    effectSize: number;
    effectSizeMetric: DriftTest;
    threshold: number;
    currentCount: number;
    referenceCount: number;
  }[];
}

export interface HealthSignal {
  kind: string;
  name: string;
  value: number;
  threshold: number | null;
  breached: boolean;
}

export interface AnomalousPrediction {
  detector: string;
  predictionId: string;
  score: number;
  topFeatures: { feature: string; contribution: number }[];
}

export interface WindowHealth {
  status: HealthStatus;
  windowStart: string;
  windowEnd: string;
  anomalyScore: number;
  propagatedScore: number;
  signals: HealthSignal[];
  anomalies: AnomalousPrediction[];
}

export interface PerformancePoint {
  windowStart: string;
  windowEnd: string;
  metric: string;
  value: number;
  estimated: boolean;
  forecast: boolean;
  count: number;
  lower: number | null;
  upper: number | null;
}

export interface Forecast {
  direction: string;
  expectedBreachAt: string | null;
  metric: string;
  reason: string | null;
  threshold: number;
  points: PerformancePoint[];
}

// ---- Step 1: the model ------------------------------------------------------------------------

const MODEL_WINDOW_SIZE_QUERY = /* GraphQL */ `
  query ModelWindowSize($id: ID!) {
    model(id: $id) { system { windowSeconds } }
  }
`;

// Health at the start of the current window = the last closed window: the window still filling
// up is not evaluated yet, and computing it live (every model's drift and anomaly scoring) is what
// made this page slow.
const MODEL_QUERY = /* GraphQL */ `
  query ModelPage($id: ID!, $at: DateTime) {
    model(id: $id) {
      id
      key
      name
      task
      version
      features { name kind }
      upstream { id key name }
      downstream { id key name }
      system { id name windowSeconds }
      health(at: $at) { status windowStart windowEnd }
    }
    blastRadius(modelId: $id) {
      hops
      risk
      model { id key name health(at: $at) { status } }
    }
  }
`;

/**
 * The model, or null when the API does not know it (an unknown id answers `model: null`, and
 * `blastRadius` a NOT_FOUND error). Cached per request: the page and its metadata share it.
 */
export const fetchModel = cache(async (id: string): Promise<{ model: ModelInfo | null; blastRadius: ImpactedModel[] }> => {
  try {
    const size = await request<{ model: { system: { windowSeconds: number } } | null }>(MODEL_WINDOW_SIZE_QUERY, { id }, "ModelWindowSize");
    if (!size.model) return { model: null, blastRadius: [] };
    const windowMs = size.model.system.windowSeconds * 1000;
    const at = new Date(Math.floor(Date.now() / windowMs) * windowMs).toISOString();
    const data = await request<{ model: ModelInfo | null; blastRadius: ImpactedModel[] | null }>(MODEL_QUERY, { id, at }, "ModelPage");
    return { model: data.model, blastRadius: data.model ? (data.blastRadius ?? []) : [] };
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.kind === "graphql" && error.codes.every((c) => c === "NOT_FOUND" || c === "BAD_USER_INPUT") && error.codes.length > 0) {
      return { model: null, blastRadius: [] };
    }
    throw error;
  }
});

// ---- Step 2: the window timeline and the alerts ----------------------------------------------

/**
 * The verdicts of the `count` windows ending at `lastEnd` (oldest first), and the alerts of this
 * model from the system's incidents (newest first).
 */
export async function fetchTimeline(
  model: ModelInfo,
  lastEnd: Date,
  count = TIMELINE_WINDOWS,
): Promise<{ windows: WindowVerdict[]; alerts: Alert[] }> {
  const windowMs = model.system.windowSeconds * 1000;
  const fields: string[] = [];
  for (let k = 0; k < count; k++) {
    const at = new Date(lastEnd.getTime() - k * windowMs).toISOString();
    fields.push(`w${k}: health(at: "${at}") { status windowStart windowEnd anomalyScore }`);
  }
  const query = /* GraphQL */ `
    query ModelTimeline($id: ID!, $systemId: ID!) {
      model(id: $id) { ${fields.join("\n")} }
      incidents(systemId: $systemId) {
        id
        status
        alerts { id firedAt rule severity value message model { id } }
      }
    }
  `;
  type Incident = { id: string; status: string; alerts: Omit<Alert, "incidentId" | "incidentStatus">[] };
  const data = await request<{ model: Record<string, WindowVerdict> | null; incidents: Incident[] }>(query, { id: model.id, systemId: model.system.id }, "ModelTimeline");
  const windows: WindowVerdict[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const w = data.model?.[`w${k}`];
    if (w) windows.push(w);
  }
  const alerts: Alert[] = [];
  for (const incident of data.incidents ?? []) {
    for (const alert of incident.alerts) {
      if (alert.model.id === model.id) alerts.push({ ...alert, incidentId: incident.id, incidentStatus: incident.status });
    }
  }
  alerts.sort((a, b) => b.firedAt.localeCompare(a.firedAt) || a.rule.localeCompare(b.rule));
  return { windows, alerts };
}

const RULE = /^\s*([A-Za-z_][A-Za-z0-9_.:-]*)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*$/i;

/** The alert rules seen in alerts ("ctr < 0.1"): the schema exposes rules only through them. */
export function alertRulesFromAlerts(alerts: Alert[]): AlertRule[] {
  const rules = new Map<string, AlertRule>();
  for (const alert of alerts) {
    const m = RULE.exec(alert.rule);
    if (!m) continue;
    const rule = { metric: m[1], operator: m[2] as AlertRule["operator"], threshold: Number(m[3]) };
    const key = `${rule.metric} ${rule.operator} ${rule.threshold}`;
    if (!rules.has(key)) rules.set(key, rule);
  }
  return [...rules.values()];
}

// ---- Step 3: the selected window -------------------------------------------------------------

const FEATURE_DRIFT_FIELDS = /* GraphQL */ `
  feature kind test statistic pValue adjustedPValue effectSize effectSizeMetric threshold drifted
  psi jensenShannon wasserstein skipped sampled referenceSampleSize currentSampleSize currentCount referenceCount
  missingRateCurrent missingRateReference unseenShare unseenCategories
  referenceHistogram { counts edges categories }
  currentHistogram { counts edges categories }
`;

export interface WindowData {
  drift: DriftReport | null;
  /** Why the drift report could not be computed, if it could not. */
  driftError: string | null;
  health: WindowHealth;
  performance: Record<string, PerformancePoint[]>;
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
  const perf = metrics
    .map(
      (m, i) =>
        `p${i}: performance(modelId: $id, metric: ${JSON.stringify(m)}, from: $perfFrom, to: $perfTo) {
          windowStart windowEnd metric value estimated forecast count lower upper
        }`,
    )
    .join("\n");
  const main = /* GraphQL */ `
    query ModelWindow($id: ID!, $at: DateTime!, $perfFrom: DateTime!, $perfTo: DateTime!) {
      model(id: $id) {
        health(at: $at) {
          status windowStart windowEnd anomalyScore propagatedScore
          signals { kind name value threshold breached }
          anomalies(first: 10) { detector predictionId score topFeatures { feature contribution } }
        }
      }
      ${perf}
    }
  `;
  const driftQuery = /* GraphQL */ `
    query ModelDrift($id: ID!, $current: WindowInput!) {
      driftReport(modelId: $id, current: $current) {
        current { from to }
        reference { from to }
        referenceSource currentCount referenceCount drifted driftedFeatures multivariateStatus
        multivariate { drifted method score referenceScore threshold topFeatures { feature contribution } }
        features { ${FEATURE_DRIFT_FIELDS} }
        predictionDrift { ${FEATURE_DRIFT_FIELDS} }
        segments { segment output drifted effectSize effectSizeMetric threshold currentCount referenceCount }
      }
    }
  `;
  // The drift report may fail on its own (e.g. no reference yet): the rest of the page still shows.
  const [mainData, driftResult] = await Promise.all([
    request<{ model: { health: WindowHealth } | null } & Record<string, PerformancePoint[]>>(main, { id: modelId, at: window.to, perfFrom: range.from, perfTo: range.to }, "ModelWindow"),
    request<{ driftReport: DriftReport }>(driftQuery, { id: modelId, current: window }, "ModelDrift").then(
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

const FORECAST_QUERY = /* GraphQL */ `
  query ModelForecast($id: ID!, $metric: String!, $threshold: Float!, $horizon: Int!) {
    forecast(modelId: $id, metric: $metric, threshold: $threshold, horizonSeconds: $horizon) {
      direction expectedBreachAt metric reason threshold
      points { windowStart windowEnd metric value estimated forecast count lower upper }
    }
  }
`;

export async function fetchForecast(modelId: string, metric: string, threshold: number, horizonSeconds: number): Promise<Forecast> {
  const data = await request<{ forecast: Forecast }>(FORECAST_QUERY, { id: modelId, metric, threshold, horizon: horizonSeconds }, "ModelForecast");
  return data.forecast;
}
