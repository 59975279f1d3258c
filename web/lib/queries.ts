// Queries of the systems page (server-side only: they use the API key through ./graphql). Result
// types come from the documents (web/lib/generated, `npm run codegen`).
import { graphqlRequest } from "./graphql";
import { graphql } from "./generated";
import type { SystemOverviewQuery, SystemsQuery } from "./generated/graphql";
import { lastClosedWindowEnd, windowLengthMs } from "./time-window";

export const SYSTEMS_QUERY = graphql(`
  query Systems {
    systems {
      id
      name
      description
      windowSeconds
      models {
        id
        key
        name
        task
        version
        features { name kind }
        upstream { id key }
        downstream { id key }
      }
      dependencies {
        id
        from { id key }
        to { id key }
        weight
        feature
      }
    }
  }
`);

export type System = SystemsQuery["systems"][number];
export type Model = System["models"][number];
export type ModelRef = Model["upstream"][number];

export async function fetchSystems(): Promise<System[]> {
  const data = await graphqlRequest(SYSTEMS_QUERY, {});
  if (!Array.isArray(data.systems)) {
    throw new Error("The Tandem API answered the Systems query without a `systems` list");
  }
  return data.systems;
}

export const SYSTEM_OVERVIEW_QUERY = graphql(`
  query SystemOverview($id: ID!, $at: DateTime) {
    system(id: $id) {
      id
      health(at: $at) {
        status
        score
        stored
        windowStart
        windowEnd
        models { model { id } status anomalyScore propagatedScore }
        rootCauses { rank model { id key name } explanation }
      }
    }
    open: incidents(systemId: $id, status: OPEN) { id summary openedAt rootCause { id key name } }
    acknowledged: incidents(systemId: $id, status: ACKNOWLEDGED) { id }
  }
`);

/**
 * The instant that selects a system's last closed window: `health(at)` describes the window that
 * contains the instant just before `at`, so the start of the current window picks the one that just
 * ended (the current window is still filling and is not evaluated yet).
 */
export function lastClosedWindowAt(windowSeconds: number, now: Date = new Date()): string {
  return new Date(lastClosedWindowEnd(now.getTime(), windowLengthMs(windowSeconds))).toISOString();
}

export interface SystemOverview {
  health: NonNullable<SystemOverviewQuery["system"]>["health"];
  open: SystemOverviewQuery["open"];
  acknowledgedCount: number;
}

export async function fetchSystemOverview(system: { id: string; windowSeconds: number }): Promise<SystemOverview> {
  const data = await graphqlRequest(SYSTEM_OVERVIEW_QUERY, { id: system.id, at: lastClosedWindowAt(system.windowSeconds) });
  if (!data.system) throw new Error(`The Tandem API no longer knows system ${system.id}`);
  return { health: data.system.health, open: data.open, acknowledgedCount: data.acknowledged.length };
}
