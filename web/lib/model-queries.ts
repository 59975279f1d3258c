/**
 * Data of the model page (/models/[modelId]), read over GraphQL on the server. Result types come
 * from the documents (web/lib/generated, `npm run codegen`).
 *
 * Loading happens in steps, each one a single request:
 * 1. the model (with its system), its verdict now and its blast radius;
 * 2. the last {@link TIMELINE_WINDOWS} windows' verdicts (to pick the current window) and the
 *    system's incidents (the model's alerts and its alert rules, which the schema only exposes
 *    through alerts such as "ctr < 0.1");
 * 3. for the selected window: the drift report, the verdict with its anomalies, and the
 *    performance series of each candidate metric (./model-window-queries);
 * 4. the forecast of the chosen metric (its threshold may come from the series' baseline).
 */
import { cache } from "react";
import { GraphQLRequestError, graphqlRequest, runtimeDocument } from "./graphql";
import { graphql } from "./generated";
import type { IncidentStatus, ModelPageQuery, TimelineIncidentFieldsFragment, WindowVerdictFieldsFragment } from "./generated/graphql";
import { TIMELINE_WINDOWS } from "./model-metrics";
import { parseAlertRule, type AlertRule } from "./alert-rule";
import { alignToWindow } from "./time-window";

export type { DriftTest, HealthStatus } from "./generated/graphql";
export type ModelInfo = NonNullable<ModelPageQuery["model"]>;
export type ModelLink = ModelInfo["upstream"][number];
export type ImpactedModel = ModelPageQuery["blastRadius"][number];
export type WindowVerdict = WindowVerdictFieldsFragment;
export type Alert = TimelineIncidentFieldsFragment["alerts"][number] & { incidentId: string; incidentStatus: IncidentStatus };

export type { AlertRule };

// ---- Step 1: the model ------------------------------------------------------------------------

const MODEL_WINDOW_SIZE_QUERY = graphql(`
  query ModelWindowSize($id: ID!) {
    model(id: $id) { system { windowSeconds } }
  }
`);

// Health at the start of the current window = the last closed window: the window still filling
// up is not evaluated yet, and computing it live (every model's drift and anomaly scoring) is what
// made this page slow.
const MODEL_QUERY = graphql(`
  query ModelPage($id: ID!, $at: DateTime) {
    model(id: $id) {
      id
      key
      name
      task
      version
      features { name kind }
      metrics { name lowerIsBetter }
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
`);

/**
 * The model, or null when the API does not know it (an unknown id answers `model: null`, and
 * `blastRadius` a NOT_FOUND error). Cached per request: the page and its metadata share it.
 */
export const fetchModel = cache(async (id: string): Promise<{ model: ModelInfo | null; blastRadius: ImpactedModel[] }> => {
  try {
    const size = await graphqlRequest(MODEL_WINDOW_SIZE_QUERY, { id });
    if (!size.model) return { model: null, blastRadius: [] };
    const windowMs = size.model.system.windowSeconds * 1000;
    const at = new Date(alignToWindow(Date.now(), windowMs)).toISOString();
    const data = await graphqlRequest(MODEL_QUERY, { id, at });
    return { model: data.model ?? null, blastRadius: data.model ? (data.blastRadius ?? []) : [] };
  } catch (error) {
    if (error instanceof GraphQLRequestError && error.kind === "graphql" && error.codes.every((c) => c === "NOT_FOUND" || c === "BAD_USER_INPUT") && error.codes.length > 0) {
      return { model: null, blastRadius: [] };
    }
    throw error;
  }
});

// ---- Step 2: the window timeline and the alerts ----------------------------------------------

const WINDOW_VERDICT_FIELDS = graphql(`
  fragment WindowVerdictFields on ModelHealth { status windowStart windowEnd anomalyScore }
`);

const TIMELINE_INCIDENT_FIELDS = graphql(`
  fragment TimelineIncidentFields on Incident {
    id
    status
    alerts { id firedAt rule severity value message model { id } }
  }
`);

type TimelineData = {
  model: Partial<Record<string, WindowVerdictFieldsFragment>> | null;
  incidents: TimelineIncidentFieldsFragment[];
};

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
    fields.push(`w${k}: health(at: "${at}") { ...WindowVerdictFields }`);
  }
  const document = runtimeDocument<TimelineData, { id: string; systemId: string }>(`
    query ModelTimeline($id: ID!, $systemId: ID!) {
      model(id: $id) { ${fields.join("\n")} }
      incidents(systemId: $systemId) { ...TimelineIncidentFields }
    }
    ${WINDOW_VERDICT_FIELDS}
    ${TIMELINE_INCIDENT_FIELDS}
  `);
  const data = await graphqlRequest(document, { id: model.id, systemId: model.system.id });
  const windows: WindowVerdict[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const w = data.model?.[`w${k}`];
    if (w) windows.push(w);
  }
  return { windows, alerts: alertsOf(model.id, data.incidents ?? []) };
}

/** The alerts of one model in the system's incidents, newest first. */
function alertsOf(modelId: string, incidents: TimelineIncidentFieldsFragment[]): Alert[] {
  const alerts: Alert[] = [];
  for (const incident of incidents) {
    for (const alert of incident.alerts) {
      if (alert.model.id === modelId) alerts.push({ ...alert, incidentId: incident.id, incidentStatus: incident.status });
    }
  }
  alerts.sort((a, b) => b.firedAt.localeCompare(a.firedAt) || a.rule.localeCompare(b.rule));
  return alerts;
}

/** The alert rules seen in alerts ("ctr < 0.1"): the schema exposes rules only through them. */
export function alertRulesFromAlerts(alerts: Alert[]): AlertRule[] {
  const rules = new Map<string, AlertRule>();
  for (const alert of alerts) {
    const rule = parseAlertRule(alert.rule);
    if (!rule) continue;
    const key = `${rule.metric} ${rule.operator} ${rule.threshold}`;
    if (!rules.has(key)) rules.set(key, rule);
  }
  return [...rules.values()];
}
