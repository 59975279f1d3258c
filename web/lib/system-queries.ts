/**
 * Queries of the system map and report pages (server-side only: they use the API key through
 * ./graphql). Result types come from the documents (web/lib/generated, `npm run codegen`).
 */
import { graphqlRequest, runtimeDocument } from "./graphql";
import { graphql } from "./generated";
import type { ReportDriftQuery, SystemIncidentsQuery, SystemMapQuery, WindowSummaryFieldsFragment } from "./generated/graphql";
import { nextBoundary } from "./time-window";

export type { IncidentStatus } from "./generated/graphql";
export type MapSystem = NonNullable<SystemMapQuery["system"]>;
export type MapModel = MapSystem["models"][number];
export type MapDependency = MapSystem["dependencies"][number];
export type MapModelRef = MapDependency["from"];
export type MapSystemHealth = MapSystem["health"];
export type MapModelHealth = MapSystemHealth["models"][number];
export type MapSignal = MapModelHealth["signals"][number];
export type MapCascade = MapSystemHealth["cascades"][number];
/** `latent`: shows no anomaly itself (or no data) but would explain anomalous models downstream. */
export type MapRootCause = MapSystemHealth["rootCauses"][number];
export type MapIncident = SystemIncidentsQuery["incidents"][number];

const SYSTEM_MAP_QUERY = graphql(`
  query SystemMap($id: ID!, $at: DateTime, $wiringAt: DateTime) {
    system(id: $id) {
      id
      name
      description
      windowSeconds
      models(at: $wiringAt) { id key name task version retiredAt }
      dependencies(at: $wiringAt) { id from { id key } to { id key } weight feature validFrom validTo }
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
`);

const INCIDENTS_QUERY = graphql(`
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
      remediationActions { id step kind status outcome }
    }
  }
`);

/**
 * The system with its health in the window before `at` (now when null) and its graph: the models and
 * dependencies of the window at `wiringAt` (the one the slider shows), or the current wiring when
 * null (the live map: a model retired or an edge removed leaves it at once). Null if unknown.
 */
export async function fetchSystemMap(id: string, at: string | null, wiringAt: string | null = at): Promise<MapSystem | null> {
  const data = await graphqlRequest(SYSTEM_MAP_QUERY, { id, at, wiringAt });
  return data.system;
}

/** Every incident of the system, newest first. */
export async function fetchIncidents(systemId: string): Promise<MapIncident[]> {
  const data = await graphqlRequest(INCIDENTS_QUERY, { id: systemId });
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

const WINDOW_SUMMARY_FIELDS = graphql(`
  fragment WindowSummaryFields on SystemHealth { windowStart windowEnd status score stored }
`);

export interface WindowSummary extends WindowSummaryFieldsFragment {
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
  known?: WindowSummaryFieldsFragment,
): Promise<WindowSummary[]> {
  const size = windowSeconds * 1000;
  const currentEnd = nextBoundary(now, size);
  const ends: number[] = [];
  for (let i = count - 1; i >= 0; i -= 1) ends.push(currentEnd - i * size);
  const knownEnd = known ? Date.parse(known.windowEnd) : NaN;
  const asked = ends.slice(Math.max(0, ends.length - checked)).filter((end) => end !== knownEnd);
  const fields = asked
    .map((end, i) => `w${i}: systemHealth(systemId: $id, at: "${new Date(end).toISOString()}") { ...WindowSummaryFields }`)
    .join("\n");
  const document = runtimeDocument<Partial<Record<string, WindowSummaryFieldsFragment>>, { id: string }>(
    `query SystemWindows($id: ID!) {\n${fields}\n}\n${WINDOW_SUMMARY_FIELDS}`,
  );
  const data =
    asked.length === 0
      ? {}
      : await graphqlRequest(document, { id: systemId }, { timeoutMs: 30_000 });
  const verdicts = new Map<number, WindowSummary>();
  asked.forEach((end, i) => {
    const w = (data as Partial<Record<string, WindowSummaryFieldsFragment>>)[`w${i}`];
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

export type DriftSummary = ReportDriftQuery["driftReport"];
export type DriftFeature = DriftSummary["features"][number];

graphql(`
  fragment ReportFeatureDrift on FeatureDrift {
    feature drifted test statistic pValue adjustedPValue effectSize effectSizeMetric threshold skipped
  }
`);

const DRIFT_QUERY = graphql(`
  query ReportDrift($modelId: ID!, $from: DateTime!, $to: DateTime!) {
    driftReport(modelId: $modelId, current: { from: $from, to: $to }) {
      drifted
      driftedFeatures
      referenceSource
      reference { from to }
      currentCount
      features { ...ReportFeatureDrift }
      predictionDrift { ...ReportFeatureDrift }
    }
  }
`);

/** A model's drift report for one window; the error message when there is none (e.g. no reference yet). */
export async function fetchDrift(modelId: string, from: string, to: string): Promise<DriftSummary | { error: string }> {
  try {
    const data = await graphqlRequest(DRIFT_QUERY, { modelId, from, to }, { timeoutMs: 20_000 });
    return data.driftReport;
  } catch (error) {
    return { error: error instanceof Error ? error.message.replace(/^The Tandem API at \S+ answered with an error: /, "") : String(error) };
  }
}
