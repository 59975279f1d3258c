// Incidents: the GraphQL operations of the incidents pages, their result types, and the pure
// helpers that derive what the pages show (severity, timeline, threshold of an alert).
// Server-side only (it imports the GraphQL client that holds the API key).
import { graphqlRequest } from "./graphql";
import { graphql } from "./generated";
import { IncidentStatus, type IncidentContextQuery, type IncidentDetailQuery, type IncidentListQuery } from "./generated/graphql";
import { isWindowBoundary, windowLengthMs } from "./time-window";

export { IncidentStatus };

/** The order the pages list statuses in; every value of the generated enum has its place. */
const STATUS_ORDER: Record<IncidentStatus, number> = { OPEN: 0, ACKNOWLEDGED: 1, RESOLVED: 2 };
export const INCIDENT_STATUSES: readonly IncidentStatus[] = Object.values(IncidentStatus).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);

export function parseIncidentStatus(value: unknown): IncidentStatus | null {
  const text = typeof value === "string" ? value.trim().toUpperCase() : "";
  return (INCIDENT_STATUSES as readonly string[]).includes(text) ? (text as IncidentStatus) : null;
}

export type IncidentListData = IncidentListQuery;
export type IncidentListItem = IncidentListQuery["incidents"][number];
export type IncidentDetail = IncidentDetailQuery["incidents"][number];
export type IncidentAlert = IncidentDetail["alerts"][number];
export type ModelLink = IncidentAlert["model"];
export type SystemInfo = NonNullable<IncidentDetailQuery["system"]>;
export type RootCauseEntry = NonNullable<IncidentContextQuery["atLast"]>[number];
export type ImpactedModel = NonNullable<IncidentContextQuery["blastRadius"]>[number];
type ContextModel = NonNullable<IncidentContextQuery["system"]>["models"][number];
/** `then` is null when the model has no verdict for the incident's last window. */
export type AffectedHealth = Omit<ContextModel, "then"> & { then: ContextModel["then"] | null };

const INCIDENT_LIST_QUERY = graphql(`
  query IncidentList($systemId: ID!, $status: IncidentStatus) {
    system(id: $systemId) { id name windowSeconds models { id key name } }
    every: incidents(systemId: $systemId) { id status openedAt resolvedAt }
    incidents(systemId: $systemId, status: $status) {
      id status summary openedAt updatedAt resolvedAt
      rootCause { id key name }
      affected { id key name }
      alerts { severity firedAt }
    }
  }
`);

export function fetchIncidentList(systemId: string, status: IncidentStatus | null): Promise<IncidentListData> {
  return graphqlRequest(INCIDENT_LIST_QUERY, { systemId, status });
}

// The API has no incident(id) query: the incident is found among its system's incidents.
const INCIDENT_QUERY = graphql(`
  query IncidentDetail($systemId: ID!) {
    system(id: $systemId) { id name windowSeconds models { id key name } }
    incidents(systemId: $systemId) {
      id status summary openedAt updatedAt resolvedAt
      mergedInto { id summary }
      rootCause { id key name }
      affected { id key name }
      alerts { id firedAt message rule severity value model { id key name } }
      remediationActions { id seq step kind status plannedAt finishedAt outcome model { key } }
    }
  }
`);

export async function fetchIncident(systemId: string, incidentId: string): Promise<{ system: SystemInfo | null; incident: IncidentDetail | null }> {
  const data = await graphqlRequest(INCIDENT_QUERY, { systemId });
  return { system: data.system, incident: data.incidents.find((i) => i.id === incidentId) ?? null };
}

const CONTEXT_QUERY = graphql(`
  query IncidentContext($systemId: ID!, $at: DateTime, $opened: DateTime, $rootId: ID!, $hasRoot: Boolean!) {
    atLast: rootCauses(systemId: $systemId, at: $at) @include(if: $hasRoot) {
      rank score explanation model { id key }
      evidence { kind name value threshold breached }
    }
    atOpen: rootCauses(systemId: $systemId, at: $opened) @include(if: $hasRoot) {
      rank score explanation model { id key }
      evidence { kind name value threshold breached }
    }
    blastRadius(modelId: $rootId) @include(if: $hasRoot) {
      hops risk
      model { id key name health { status } }
    }
    system(id: $systemId) {
      models {
        id key name
        now: health { status windowEnd }
        then: health(at: $at) { status windowEnd }
      }
    }
  }
`);

export interface IncidentContext {
  /** The root cause as ranked in the incident's last window with alerts (else its first one). */
  rootCause: RootCauseEntry | null;
  blastRadius: ImpactedModel[];
  affected: AffectedHealth[];
}

export async function fetchIncidentContext(systemId: string, incident: IncidentDetail): Promise<IncidentContext> {
  const last = lastAlertAt(incident) ?? incident.updatedAt;
  const root = incident.rootCause;
  const data = await graphqlRequest(CONTEXT_QUERY, {
    systemId,
    at: last,
    opened: incident.openedAt,
    rootId: root?.id ?? "",
    hasRoot: root !== null,
  });
  const find = (list?: RootCauseEntry[]) => (root ? list?.find((r) => r.model.id === root.id) ?? null : null);
  const byId = new Map((data.system?.models ?? []).map((m) => [m.id, m]));
  return {
    rootCause: find(data.atLast) ?? find(data.atOpen),
    blastRadius: [...(data.blastRadius ?? [])].sort((a, b) => b.risk - a.risk || a.hops - b.hops || a.model.key.localeCompare(b.model.key)),
    affected: incident.affected.map((m) => byId.get(m.id) ?? { ...m, now: { status: "UNKNOWN", windowEnd: "" }, then: null }),
  };
}

const ACKNOWLEDGE = graphql(`
  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { id status updatedAt } }
`);
const RESOLVE = graphql(`
  mutation ResolveIncident($id: ID!) { resolveIncident(id: $id) { id status updatedAt resolvedAt } }
`);

export type IncidentAction = "acknowledge" | "resolve";

export async function changeIncidentStatus(id: string, action: IncidentAction): Promise<IncidentStatus> {
  if (action === "acknowledge") {
    const data = await graphqlRequest(ACKNOWLEDGE, { id });
    return data.acknowledgeIncident.status;
  }
  const data = await graphqlRequest(RESOLVE, { id });
  return data.resolveIncident.status;
}

// ---- Derived facts --------------------------------------------------------------------------

/** Worst first; an unknown severity ranks after these. */
const SEVERITY_ORDER = ["critical", "warning"];

function severityRank(severity: string): number {
  const rank = SEVERITY_ORDER.indexOf(severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

/** The worst severity among the incident's alerts ("critical" before "warning"), or null. */
export function incidentSeverity(alerts: ReadonlyArray<{ severity: string }>): string | null {
  let worst: string | null = null;
  for (const a of alerts) if (worst === null || severityRank(a.severity) < severityRank(worst)) worst = a.severity;
  return worst;
}

export function lastAlertAt(incident: { alerts: ReadonlyArray<{ firedAt: string }> }): string | null {
  let last: string | null = null;
  for (const a of incident.alerts) if (last === null || Date.parse(a.firedAt) > Date.parse(last)) last = a.firedAt;
  return last;
}

/** The threshold an alert's message states ("… = 0.72 (threshold 0.1)"), if any. */
export function alertThreshold(message: string): number | null {
  const match = /\(threshold (-?[0-9.eE+-]+)\)\s*$/.exec(message);
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

/** "drift:speed" → { kind: "drift", name: "speed" }; a rule such as "ctr < 0.1" has no kind. */
export function alertSignal(rule: string): { kind: string | null; name: string } {
  const match = /^([a-z_]+):(.+)$/.exec(rule);
  return match ? { kind: match[1]!.replace(/_/g, " "), name: match[2]! } : { kind: null, name: rule };
}

/** Whether an instant falls on a window boundary (evaluations change incidents at window ends). */
export function onWindowBoundary(iso: string, windowSeconds: number): boolean {
  return isWindowBoundary(Date.parse(iso), windowLengthMs(windowSeconds));
}

export interface AlertWindow {
  /** End of the window: when its alerts fired. */
  end: string;
  start: string;
  alerts: IncidentAlert[];
  /** Models with alerts in this window that had none before in this incident. */
  joined: ModelLink[];
  /** Windows without alerts since the previous window with alerts. */
  quietBefore: number;
}

/** The incident's alerts grouped by the window they fired in, oldest first. */
export function alertWindows(incident: IncidentDetail, windowSeconds: number): AlertWindow[] {
  const groups = new Map<string, IncidentAlert[]>();
  for (const alert of incident.alerts) {
    const key = new Date(alert.firedAt).toISOString();
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }
  const seen = new Set<string>();
  let previous: number | null = null;
  return [...groups.entries()]
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([end, alerts]) => {
      const endMs = Date.parse(end);
      const joined: ModelLink[] = [];
      for (const a of alerts) {
        if (!seen.has(a.model.id)) {
          seen.add(a.model.id);
          if (!joined.some((m) => m.id === a.model.id)) joined.push(a.model);
        }
      }
      const quietBefore = previous === null || windowSeconds <= 0 ? 0 : Math.max(0, Math.round((endMs - previous) / (windowSeconds * 1000)) - 1);
      previous = endMs;
      return { end, start: new Date(endMs - windowSeconds * 1000).toISOString(), alerts, joined, quietBefore };
    });
}
