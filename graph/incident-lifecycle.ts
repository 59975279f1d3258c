// The incident lifecycle of one evaluated window, decided purely. The window's alerts are grouped
// (incidents.ts); a group that continues an open incident grows it — its affected models unite
// (groups continuing the same incident were merged by the grouping), its healthy-window count
// restarts, it stays in its status — and any other group (not standalone) opens a new incident.
// Every open incident the window did not touch ages: a window in which one of its models is
// unhealthy restarts its count; a window in which its models were seen (with data) and healthy adds
// one; a window none of them sent data for leaves the count as it was (no sign of recovery). An
// incident resolves by itself once its count reaches `resolveAfterWindows`. The caller loads the
// open incidents, stores the steps in order, and publishes the changed ones.
// Incidents follow the explanation across windows (incidents.ts): a group whose models hold the
// root cause of an open incident absorbs it — continuing it re-rooted at the group's root when the
// group opened nothing, else closing it as merged into the group's incident (`merge` step).
import { groupAlertsIntoIncidents, type GroupAlertsArgs } from "./incidents.js";
import type { SystemGraph } from "./system-graph.js";

export type IncidentStatus = "OPEN" | "ACKNOWLEDGED" | "RESOLVED";

export interface OpenIncident {
  id: string;
  status: IncidentStatus;
  rootCause: string | null;
  affected: string[];
  summary: string;
  healthyWindows: number;
}

export interface IncidentLifecycleArgs {
  openIncidents: readonly OpenIncident[];
  cascades: GroupAlertsArgs["cascades"];
  alerts: GroupAlertsArgs["alerts"];
  /** Models whose alerts are not an incident this window (the window decision's standalone alerts). */
  standalone: string[];
  /** Models DEGRADED or FAILING in the window. */
  unhealthy: ReadonlySet<string>;
  /** Models with data in the window (status not UNKNOWN). */
  observed: ReadonlySet<string>;
  /** Healthy windows after which an incident resolves by itself (≥ 1). */
  resolveAfterWindows: number;
  /** A model's key, for summaries. */
  keyOf: (modelId: string) => string;
  /** The system graph: standalone alerts downstream of an open incident join it (incidents.ts). */
  graph?: SystemGraph | null;
}

/** What to store, in order. `open` and `grow` link their alerts to the incident; every step sets the window as the incident's last. */
export type IncidentStep =
  | { kind: "open"; rootCause: string | null; affected: string[]; summary: string; alertIds: string[] }
  | { kind: "grow"; incidentId: string; status: IncidentStatus; rootCause: string | null; affected: string[]; summary: string; alertIds: string[] }
  | { kind: "merge"; incidentId: string; into: string; summary: string }
  | { kind: "age"; incidentId: string; status: IncidentStatus; affected: string[]; summary: string; healthyWindows: number; resolved: boolean };

const PREFIX = "graph/incident-lifecycle";

/** One line about an incident: its root cause and the models downstream of it. */
export function summarizeIncident(args: { rootCause: string | null; affected: readonly string[]; keyOf: (modelId: string) => string }): string {
  const others = args.affected.filter((m) => m !== args.rootCause).map(args.keyOf);
  if (args.rootCause === null) return `${others.length} model(s) unhealthy: ${others.join(", ")}`;
  const root = args.keyOf(args.rootCause);
  return others.length === 0 ? `${root} is unhealthy` : `${root} started it; ${others.length} downstream model(s) affected: ${others.join(", ")}`;
}

/** The healthy-window count of an untouched open incident after this window. */
export function nextHealthyWindows(args: { incident: Pick<OpenIncident, "rootCause" | "affected" | "healthyWindows">; unhealthy: ReadonlySet<string>; observed: ReadonlySet<string> }): number {
  const { incident } = args;
  const models = incident.rootCause === null ? incident.affected : [incident.rootCause, ...incident.affected];
  if (models.some((m) => args.unhealthy.has(m))) return 0;
  return models.some((m) => args.observed.has(m)) ? incident.healthyWindows + 1 : incident.healthyWindows;
}

export function incidentLifecycle(args: IncidentLifecycleArgs): IncidentStep[] {
  if (!Number.isInteger(args.resolveAfterWindows) || args.resolveAfterWindows < 1) {
    throw new Error(`${PREFIX}: resolveAfterWindows must be an integer ≥ 1, got ${args.resolveAfterWindows}`);
  }
  const open = new Map(args.openIncidents.map((i) => [i.id, i]));
  const groups = groupAlertsIntoIncidents({
    cascades: args.cascades,
    alerts: args.alerts,
    standalone: args.standalone,
    openIncidents: args.openIncidents.map((i) => ({ id: i.id, rootCause: i.rootCause, affected: i.affected })),
    ...(args.graph ? { graph: args.graph } : {}),
  });
  const steps: IncidentStep[] = [];
  const touched = new Set<string>();
  for (const g of groups) {
    if (g.standalone) continue; // alerts only: stored without an incident
    const existing = g.incidentId === null ? undefined : open.get(g.incidentId);
    const affected = [...new Set([...(existing?.affected ?? []), ...g.affected])];
    // A continued incident keeps its root cause unless the window's decision explains it by the group's root.
    const rootCause = existing && !g.rootChanged ? existing.rootCause : g.rootCause;
    const summary = summarizeIncident({ rootCause, affected, keyOf: args.keyOf });
    if (existing) {
      touched.add(existing.id);
      for (const id of g.merged ?? []) {
        touched.add(id);
        steps.push({ kind: "merge", incidentId: id, into: existing.id, summary: `merged into the incident rooted at ${rootCause === null ? "several models" : args.keyOf(rootCause)}: ${summary}` });
      }
      steps.push({ kind: "grow", incidentId: existing.id, status: existing.status, rootCause, affected, summary, alertIds: g.alertIds });
    } else {
      steps.push({ kind: "open", rootCause: g.rootCause, affected, summary, alertIds: g.alertIds });
    }
  }
  for (const incident of args.openIncidents) {
    if (touched.has(incident.id)) continue;
    const healthyWindows = nextHealthyWindows({ incident, unhealthy: args.unhealthy, observed: args.observed });
    const resolved = healthyWindows >= args.resolveAfterWindows;
    steps.push({ kind: "age", incidentId: incident.id, status: resolved ? "RESOLVED" : incident.status, affected: incident.affected, summary: incident.summary, healthyWindows, resolved });
  }
  return steps;
}
