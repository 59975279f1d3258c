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
