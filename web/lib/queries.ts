import { graphqlRequest } from "./graphql";
import type { SystemsQueryResult } from "./types";

export const SYSTEMS_QUERY = /* GraphQL */ `
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
`;

export async function fetchSystems(): Promise<SystemsQueryResult["systems"]> {
  const data = await graphqlRequest<SystemsQueryResult>(SYSTEMS_QUERY, undefined, {
    operationName: "Systems",
  });
  if (!Array.isArray(data.systems)) {
    throw new Error("The Tandem API answered the Systems query without a `systems` list");
  }
  return data.systems;
}

export const SYSTEM_OVERVIEW_QUERY = /* GraphQL */ `
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
`;

/**
 * The instant that selects a system's last closed window: `health(at)` describes the window that
 * contains the instant just before `at`, so the start of the current window picks the one that just
 * ended (the current window is still filling and is not evaluated yet).
 */
export function lastClosedWindowAt(windowSeconds: number, now: Date = new Date()): string {
  const size = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / size) * size).toISOString();
}

export async function fetchSystemOverview(system: { id: string; windowSeconds: number }): Promise<SystemOverview> {
  const data = await graphqlRequest<{ system: { health: SystemOverview["health"] } | null; open: SystemOverview["open"]; acknowledged: { id: string }[] }, { id: string; at: string }>(
    SYSTEM_OVERVIEW_QUERY,
    { id: system.id, at: lastClosedWindowAt(system.windowSeconds) },
    { operationName: "SystemOverview" },
  );
  if (!data.system) throw new Error(`The Tandem API no longer knows system ${system.id}`);
  return { health: data.system.health, open: data.open, acknowledgedCount: data.acknowledged.length };
}

export interface SystemOverview {
  health: {
    status: string;
    score: number;
    stored: boolean;
    windowStart: string;
    windowEnd: string;
    models: { model: { id: string }; status: string; anomalyScore: number; propagatedScore: number }[];
    rootCauses: { rank: number; model: { id: string; key: string; name: string }; explanation: string }[];
  };
  open: { id: string; summary: string; openedAt: string; rootCause: { id: string; key: string; name: string } | null }[];
  acknowledgedCount: number;
}
