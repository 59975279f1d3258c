// In-process publish/subscribe for GraphQL subscriptions (graphql-ws). Topics are keyed by system.
import { createPubSub } from "@graphql-yoga/subscription";

export const TOPICS = { systemHealthChanged: "SYSTEM_HEALTH_CHANGED", incidentChanged: "INCIDENT_CHANGED" } as const;

export type TandemPubSub = ReturnType<typeof createTandemPubSub>;

export function createTandemPubSub() {
  return createPubSub<{ [TOPICS.systemHealthChanged]: [systemId: string, payload: unknown]; [TOPICS.incidentChanged]: [systemId: string, payload: unknown] }>();
}
