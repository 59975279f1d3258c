/**
 * Queries of the system map and report pages (server-side only: they use the API key through
 * ./graphql). Types describe the *selected* shapes.
 */
import { graphqlRequest } from "./graphql";
import type { HealthStatus } from "./status";

export interface MapModelRef {
  id: string;
  key: string;
}

export interface MapModel extends MapModelRef {
  name: string;
  task: string;
  version: string | null;
}

export interface MapDependency {
  id: string;
  from: MapModelRef;
  to: MapModelRef;
  weight: number;
  feature: string | null;
}

export interface MapSignal {
  kind: string;
  name: string;
  value: number;
  threshold: number | null;
  breached: boolean;
}

export interface MapModelHealth {
  model: MapModelRef;
  status: HealthStatus;
  anomalyScore: number;
  propagatedScore: number;
  signals: MapSignal[];
}

export interface MapRootCause {
  rank: number;
  score: number;
  explanation: string;
  /** Shows no anomaly itself (or no data) but would explain anomalous models downstream. */
  latent: boolean;
  model: MapModelRef & { name: string };
}

export interface MapCascade {
  root: MapModelRef;
  affected: MapModelRef[];
  startedAt: string;
}

export interface MapSystemHealth {
  at: string;
  windowStart: string;
  windowEnd: string;
  status: HealthStatus;
  score: number;
  stored: boolean;
  models: MapModelHealth[];
  cascades: MapCascade[];
  rootCauses: MapRootCause[];
}

export interface MapSystem {
  id: string;
  name: string;
  description: string | null;
  windowSeconds: number;
  models: MapModel[];
  dependencies: MapDependency[];
  health: MapSystemHealth;
}

export type IncidentStatus = "OPEN" | "ACKNOWLEDGED" | "RESOLVED";

export interface MapIncident {
  id: string;
  status: IncidentStatus;
  summary: string;
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  rootCause: MapModelRef | null;
  affected: MapModelRef[];
}

const SYSTEM_MAP_QUERY = /* GraphQL */ `
  query SystemMap($id: ID!, $at: DateTime) {
    system(id: $id) {
      id
      name
      description
      windowSeconds
      models { id key name task version }
      dependencies { id from { id key } to { id key } weight feature }
      health(at: $at) {
        at
        windowStart
        windowEnd
        status
        score
        stored
        models {
          model { id key }
          status
          anomalyScore
          propagatedScore
          signals { kind name value threshold breached }
        }
        cascades { root { id key } affected { id key } startedAt }
        rootCauses { rank score explanation latent model { id key name } }
      }
    }
  }
`;

const INCIDENTS_QUERY = /* GraphQL */ `
  query SystemIncidents($id: ID!) {
    incidents(systemId: $id) {
      id
      status
      summary
      openedAt
      updatedAt
      resolvedAt
      rootCause { id key }
      affected { id key }
    }
  }
`;

/** The system with its graph and its health in the window before `at` (now when null); null if unknown. */
export async function fetchSystemMap(id: string, at: string | null): Promise<MapSystem | null> {
  const data = await graphqlRequest<{ system: MapSystem | null }, { id: string; at: string | null }>(
    SYSTEM_MAP_QUERY,
    { id, at },
    { operationName: "SystemMap" },
  );
  return data.system;
}

/** Every incident of the system, newest first. */
export async function fetchIncidents(systemId: string): Promise<MapIncident[]> {
  const data = await graphqlRequest<{ incidents: MapIncident[] }, { id: string }>(INCIDENTS_QUERY, { id: systemId }, {
    operationName: "SystemIncidents",
  });
  return data.incidents;
}

/** Incidents not resolved yet (OPEN or ACKNOWLEDGED). */
export function unresolved(incidents: readonly MapIncident[]): MapIncident[] {
  return incidents.filter((i) => i.status !== "RESOLVED");
}

/** Incidents going on at instant `t` (opened before it, not resolved yet then). */
export function activeAt(incidents: readonly MapIncident[], t: number): MapIncident[] {
  return incidents.filter((i) => Date.parse(i.openedAt) < t && (i.resolvedAt === null || Date.parse(i.resolvedAt) >= t));
}

// ---- Windows of the time slider ------------------------------------------------------------

export interface WindowSummary {
  windowStart: string;
  windowEnd: string;
  status: HealthStatus;
  score: number;
  stored: boolean;
  /** False when the window's verdict was not asked (see `checked` of fetchWindows): status is UNKNOWN then. */
  checked: boolean;
}

/** How many windows the slider looks back at first, and at most (when incidents are older). */
export const WINDOWS_SCAN = 48;
export const WINDOWS_MAX = 144;
/**
 * Verdicts asked per slider render, counted in model-windows: computing a window's health costs
 * about one unit per model, so a large system gets the statuses of its most recent windows only.
 */
export const MODEL_WINDOWS_BUDGET = 600;

/**
 * The windows the slider offers. There is no "list windows" query: the slider covers the
 * `count` windows ending with the one that contains `now`, and asks the verdict of the most recent
 * `checked` of them with one aliased `systemHealth(at)` query (at = the window's end selects that
 * window). Older windows are listed without their status.
 */
export async function fetchWindows(
  systemId: string,
  windowSeconds: number,
  now: number,
  count: number,
  checked = count,
  /** A window whose verdict is known already (the one the page shows): not asked again. */
  known?: Omit<WindowSummary, "checked">,
): Promise<WindowSummary[]> {
  const size = windowSeconds * 1000;
  const currentEnd = Math.floor(now / size) * size + size;
  const ends: number[] = [];
  for (let i = count - 1; i >= 0; i -= 1) ends.push(currentEnd - i * size);
  const knownEnd = known ? Date.parse(known.windowEnd) : NaN;
  const asked = ends.slice(Math.max(0, ends.length - checked)).filter((end) => end !== knownEnd);
  const fields = asked
    .map((end, i) => `w${i}: systemHealth(systemId: $id, at: "${new Date(end).toISOString()}") { windowStart windowEnd status score stored }`)
    .join("\n");
  const data =
    asked.length === 0
      ? {}
      : await graphqlRequest<Record<string, Omit<WindowSummary, "checked">>, { id: string }>(`query SystemWindows($id: ID!) {\n${fields}\n}`, { id: systemId }, {
          operationName: "SystemWindows",
          timeoutMs: 30_000,
        });
  const verdicts = new Map<number, WindowSummary>();
  asked.forEach((end, i) => {
    const w = (data as Record<string, Omit<WindowSummary, "checked">>)[`w${i}`];
    if (w) verdicts.set(end, { ...w, checked: true });
  });
  if (known) {
    const { windowStart, windowEnd, status, score, stored } = known;
    verdicts.set(knownEnd, { windowStart, windowEnd, status, score, stored, checked: true });
  }
  return ends.map(
    (end) =>
      verdicts.get(end) ?? {
        windowStart: new Date(end - size).toISOString(),
        windowEnd: new Date(end).toISOString(),
        status: "UNKNOWN",
        score: 1,
        stored: false,
        checked: false,
      },
  );
}

/**
 * Keeps the windows from the first one with data (stored, or a status other than UNKNOWN) on:
 * older empty windows say nothing. Windows whose verdict was not asked are kept. Keeps at least
 * `min` windows.
 */
export function trimEmpty(windows: WindowSummary[], min = 6): WindowSummary[] {
  const first = windows.findIndex((w) => !w.checked || w.stored || w.status !== "UNKNOWN");
  const from = first < 0 ? windows.length - min : Math.min(first, windows.length - min);
  return windows.slice(Math.max(0, from));
}

// ---- Drift (report) --------------------------------------------------------------------------

export interface DriftFeature {
  feature: string;
  drifted: boolean;
  test: string;
  statistic: number;
  pValue: number | null;
  adjustedPValue: number | null;
  effectSize: number;
  effectSizeMetric: string;
  threshold: number;
  skipped: string | null;
}

export interface DriftSummary {
  drifted: boolean;
  driftedFeatures: number;
  referenceSource: string;
  reference: { from: string; to: string };
  currentCount: number;
  features: DriftFeature[];
  predictionDrift: DriftFeature | null;
}

const DRIFT_QUERY = /* GraphQL */ `
  query ReportDrift($modelId: ID!, $from: DateTime!, $to: DateTime!) {
    driftReport(modelId: $modelId, current: { from: $from, to: $to }) {
      drifted
      driftedFeatures
      referenceSource
      reference { from to }
      currentCount
      features { feature drifted test statistic pValue adjustedPValue effectSize effectSizeMetric threshold skipped }
      predictionDrift { feature drifted test statistic pValue adjustedPValue effectSize effectSizeMetric threshold skipped }
    }
  }
`;

/** A model's drift report for one window; the error message when there is none (e.g. no reference yet). */
export async function fetchDrift(modelId: string, from: string, to: string): Promise<DriftSummary | { error: string }> {
  try {
    const data = await graphqlRequest<{ driftReport: DriftSummary }, { modelId: string; from: string; to: string }>(
      DRIFT_QUERY,
      { modelId, from, to },
      { operationName: "ReportDrift", timeoutMs: 20_000 },
    );
    return data.driftReport;
  } catch (error) {
    return { error: error instanceof Error ? error.message.replace(/^The Tandem API at \S+ answered with an error: /, "") : String(error) };
  }
}
