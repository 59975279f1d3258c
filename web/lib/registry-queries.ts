/**
 * The registry of a system as the dashboard edits it (server-side only: the API key goes through
 * ./graphql): its models (retired ones included) and current dependencies, whether the dashboard's
 * key may change them, the changes themselves, and the system's change history. Result types come
 * from the documents (web/lib/generated, `npm run codegen`).
 */
import { GraphQLRequestError, graphqlRequest } from "./graphql";
import { graphql } from "./generated";
import type { RegistryChangesQuery, RegistrySystemQuery } from "./generated/graphql";

export type RegistrySystem = NonNullable<RegistrySystemQuery["system"]>;
export type RegistryModel = RegistrySystem["models"][number];
export type RegistryDependency = RegistrySystem["dependencies"][number];
export type RegistryChange = RegistryChangesQuery["registryChanges"][number];


const REGISTRY_SYSTEM_QUERY = graphql(`
  query RegistrySystem($id: ID!) {
    system(id: $id) {
      id
      name
      windowSeconds
      models(includeRetired: true) {
        id key name description task version retiredAt retiredFrom
        features { name kind deprecated }
      }
      dependencies { id from { id key } to { id key } weight feature validFrom }
    }
  }
`);

/** The system with every model (retired ones too) and the current wiring; null when unknown. */
export async function fetchRegistrySystem(id: string): Promise<RegistrySystem | null> {
  const data = await graphqlRequest(REGISTRY_SYSTEM_QUERY, { id });
  return data.system;
}

const ADMIN_PROBE_QUERY = graphql(`
  query AdminProbe { apiKeys { id } }
`);

/**
 * Whether the dashboard's key has the ADMIN scope. The API has no "who am I" query; listing the
 * keys needs ADMIN, so its answer tells: "admin" when it lists them, "not-admin" on FORBIDDEN or
 * UNAUTHENTICATED, "unknown" on anything else (the page then shows the controls and the API's own
 * refusal if there is one).
 */
export async function probeAdmin(): Promise<"admin" | "not-admin" | "unknown"> {
  try {
    await graphqlRequest(ADMIN_PROBE_QUERY, {});
    return "admin";
  } catch (error) {
    if (error instanceof GraphQLRequestError && (error.codes.includes("FORBIDDEN") || error.codes.includes("UNAUTHENTICATED"))) return "not-admin";
    return "unknown";
  }
}

const KEY_LABELS_QUERY = graphql(`
  query KeyLabels { apiKeys { id label prefix } }
`);

/** What each API key is called (label, else its prefix), to name who made a change; empty when the key may not list keys. */
export async function fetchKeyLabels(): Promise<Map<string, string>> {
  try {
    const data = await graphqlRequest(KEY_LABELS_QUERY, {});
    return new Map(data.apiKeys.map((k) => [k.id, k.label ? `${k.label} (${k.prefix}…)` : `${k.prefix}…`]));
  } catch {
    return new Map();
  }
}

// ---- Changes -----------------------------------------------------------------------------------

export const UPDATE_MODEL_MUTATION = graphql(`
  mutation UpdateModel($id: ID!, $name: String, $description: String, $version: String, $addFeatures: [FeatureInput!], $deprecateFeatures: [String!]) {
    updateModel(id: $id, name: $name, description: $description, version: $version, addFeatures: $addFeatures, deprecateFeatures: $deprecateFeatures) {
      id name description version features { name kind deprecated }
    }
  }
`);

export const RETIRE_MODEL_MUTATION = graphql(`
  mutation RetireModel($id: ID!) { retireModel(id: $id) { id key retiredAt retiredFrom } }
`);

export const ADD_DEPENDENCY_MUTATION = graphql(`
  mutation AddDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String) {
    addDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature) { id weight feature validFrom }
  }
`);

export const UPDATE_DEPENDENCY_MUTATION = graphql(`
  mutation UpdateDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String, $clearFeature: Boolean) {
    updateDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature, clearFeature: $clearFeature) {
      id weight feature validFrom
    }
  }
`);

export const REMOVE_DEPENDENCY_MUTATION = graphql(`
  mutation RemoveDependency($systemId: ID!, $fromKey: String!, $toKey: String!) {
    removeDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey) { id validTo }
  }
`);

// ---- History -----------------------------------------------------------------------------------

/** Changes listed per page of the history. */
export const CHANGES_PAGE_SIZE = 25;

const REGISTRY_CHANGES_QUERY = graphql(`
  query RegistryChanges($systemId: ID!, $limit: Int, $before: ID) {
    system(id: $systemId) { id name models(includeRetired: true) { id key } }
    registryChanges(systemId: $systemId, limit: $limit, before: $before) {
      id kind actorKeyId at effectiveFrom modelId summary details
    }
  }
`);

export interface ChangesPage {
  system: NonNullable<RegistryChangesQuery["system"]>;
  changes: RegistryChange[];
  /** The `before` of the next (older) page; null when this page is the last. */
  olderBefore: string | null;
}

/** One page of the system's history, newest first, older than change `before` when given. */
export async function fetchChanges(systemId: string, before: string | null, pageSize = CHANGES_PAGE_SIZE): Promise<ChangesPage | null> {
  // One more than shown: whether an older page exists.
  const data = await graphqlRequest(REGISTRY_CHANGES_QUERY, { systemId, limit: pageSize + 1, before });
  if (!data.system) return null;
  const changes = data.registryChanges.slice(0, pageSize);
  const olderBefore = data.registryChanges.length > pageSize ? (changes.at(-1)?.id ?? null) : null;
  return { system: data.system, changes, olderBefore };
}
