// Data loading shared by the map page and the report (server only), and their error state.
import { notFound } from "next/navigation";
import { connection } from "next/server";
import type { ReactElement } from "react";
import { PageErrorState } from "@/components/api-error-state";
import { graphqlRequest } from "@/lib/graphql";
import { graphql } from "@/lib/generated";
import { lastClosedWindowAt } from "@/lib/queries";
import { activeAt, fetchIncidents, fetchSystemMap, unresolved, type MapIncident, type MapSystem } from "@/lib/system-queries";
import { statusLook } from "@/lib/status";
import { formatScore, type MapView, type NodeView } from "./model";
import type { NodeDetail } from "./map-viewport";
import { firstParam } from "@/lib/search-params";

export interface SystemPageData {
  system: MapSystem;
  /** All incidents (null when they could not be loaded: the page still shows the map). */
  incidents: MapIncident[] | null;
  incidentsError: string | null;
  /** Incidents going on in the shown window (live: the unresolved ones). */
  active: MapIncident[];
  /** No `at`: the page shows now and follows live updates. */
  live: boolean;
  /** The `at` query parameter was given but is not a date. */
  invalidAt: string | null;
}

/** `?at=` → an ISO instant, or null (live). Accepts anything Date.parse understands. */
export function parseAt(raw: string | string[] | undefined): { at: string | null; invalid: string | null } {
  const value = firstParam(raw);
  if (value === undefined || value === "" || value === "now") return { at: null, invalid: null };
  const t = Date.parse(value);
  if (!Number.isFinite(t)) return { at: null, invalid: value };
  return { at: new Date(t).toISOString(), invalid: null };
}

/** The route props of the system pages (map, report). */
export interface SystemPageProps {
  params: Promise<{ systemId: string }>;
  searchParams: Promise<{ at?: string | string[] }>;
}

interface LoadFailure {
  /** The page's heading and the error state's title and test id when the API fails. */
  heading: string;
  title: string;
  testId: string;
  /** For the server log: "the system map". */
  what: string;
}

/**
 * The preamble of the system pages: render at request time, load the system at `?at=`. An unknown
 * system is a 404; when the API fails, `failed` is the page to render instead.
 */
export async function loadSystemPageFor(props: SystemPageProps, failure: LoadFailure): Promise<{ data: SystemPageData; failed?: never } | { data?: never; failed: ReactElement }> {
  await connection();
  const { systemId } = await props.params;
  const { at } = await props.searchParams;
  let data: SystemPageData | null;
  try {
    data = await loadSystemPage(systemId, at);
  } catch (error) {
    console.error(`[tandem-web] failed to load ${failure.what}:`, error);
    return { failed: <PageErrorState heading={failure.heading} title={failure.title} error={error} testId={failure.testId} /> };
  }
  if (!data) notFound();
  return { data };
}

/** Null when the system does not exist. Throws when the API fails. */
export async function loadSystemPage(systemId: string, rawAt: string | string[] | undefined): Promise<SystemPageData | null> {
  const { at, invalid } = parseAt(rawAt);
  // Live, the map shows the last closed window (the one the evaluator judges), not the window still
  // filling up: a partial window has too little data to mean much.
  const shown = at ?? (await lastClosedAt(systemId));
  const [system, incidents] = await Promise.all([
    // A past window shows the wiring it had; live, the current one (the registry's latest state).
    fetchSystemMap(systemId, shown, at),
    fetchIncidents(systemId).then(
      (list) => ({ list, error: null as string | null }),
      (error: unknown) => ({ list: null, error: error instanceof Error ? error.message : String(error) }),
    ),
  ]);
  if (!system) return null;
  const live = at === null;
  const list = incidents.list;
  const active = list ? (live ? unresolved(list) : activeAt(list, Date.parse(system.health.windowEnd))) : [];
  return { system, incidents: list, incidentsError: incidents.error, active, live, invalidAt: invalid };
}

const SYSTEM_WINDOW_SIZE_QUERY = graphql(`
  query SystemWindowSize($id: ID!) { system(id: $id) { windowSeconds } }
`);

/** The instant that selects the system's last closed window (null: unknown system, let the map query say so). */
async function lastClosedAt(systemId: string): Promise<string | null> {
  const data = await graphqlRequest(SYSTEM_WINDOW_SIZE_QUERY, { id: systemId });
  return data.system ? lastClosedWindowAt(data.system.windowSeconds) : null;
}

export function tooltipDetails(view: MapView): Record<string, NodeDetail> {
  const details: Record<string, NodeDetail> = {};
  for (const n of view.nodes) details[n.id] = detailOf(n);
  return details;
}

function detailOf(n: NodeView): NodeDetail {
  const look = statusLook(n.status);
  return {
    key: n.key,
    name: n.name,
    statusLabel: look.label,
    symbol: look.symbol,
    anomaly: formatScore(n.anomalyScore),
    propagated: formatScore(n.propagatedScore),
    rootCause: n.rootCauseRank ? `root cause #${n.rootCauseRank} (score ${formatScore(n.rootCauseScore)})` : n.incidentRoot ? "root cause of an incident" : null,
    inCascade: n.inCascade,
    breached: n.breached,
    upstream: n.upstream,
    downstream: n.downstream,
  };
}
