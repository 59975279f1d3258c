// The system a remediation page is about (its name for the navigation); null when it does not exist.
import { graphqlRequest } from "./graphql";
import { graphql } from "./generated";

const SYSTEM_NAME = graphql(`
  query RemediationSystem($systemId: ID!) { system(id: $systemId) { id name } }
`);

export async function fetchSystemName(systemId: string): Promise<{ id: string; name: string } | null> {
  return (await graphqlRequest(SYSTEM_NAME, { systemId })).system ?? null;
}
