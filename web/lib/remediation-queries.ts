// Remediation (docs/remediation.md): the GraphQL operations of the dashboard's policies, proposals,
// actions, audit and model versions. Server-side only (it imports the GraphQL client that holds the API key).
import { graphqlRequest } from "./graphql";
import { graphql } from "./generated";
import type { ModelVersionsQuery, SystemRemediationQuery } from "./generated/graphql";

export type RemediationData = SystemRemediationQuery;
export type RemediationPolicyView = SystemRemediationQuery["remediationPolicies"][number];
export type RemediationActionView = SystemRemediationQuery["remediationActions"][number];
export type RemediationAuditView = SystemRemediationQuery["remediationAudit"][number];
export type ModelVersionsData = ModelVersionsQuery;

const SYSTEM_REMEDIATION = graphql(`
  query SystemRemediation($systemId: ID!, $actions: Int!, $audit: Int!) {
    remediationPolicies(systemId: $systemId) {
      id name mode enabled runnerUrl cooldownSeconds maxActionsPerHour verifyWindows
      selector { modelKeys tasks minStatus }
      steps { kind fallbackModelKey strategy size }
    }
    remediationActions(systemId: $systemId, limit: $actions) {
      id incidentId seq step kind status params plannedAt windowsObserved outcome finishedAt
      model { id key }
      cascade { id key }
      policy { id name }
      attempts { attempt at statusCode error }
    }
    remediationAudit(systemId: $systemId, limit: $audit) { id event actor detail at incidentId actionId }
  }
`);

export function fetchRemediation(systemId: string, limits: { actions: number; audit: number } = { actions: 100, audit: 200 }): Promise<RemediationData> {
  return graphqlRequest(SYSTEM_REMEDIATION, { systemId, actions: limits.actions, audit: limits.audit });
}

const APPROVE = graphql(`
  mutation ApproveRemediation($actionId: ID!, $comment: String) { approveRemediation(actionId: $actionId, comment: $comment) { id status } }
`);
const REJECT = graphql(`
  mutation RejectRemediation($actionId: ID!, $comment: String) { rejectRemediation(actionId: $actionId, comment: $comment) { id status } }
`);

export type RemediationDecision = "approve" | "reject";

export async function decideRemediation(actionId: string, decision: RemediationDecision, comment: string | null): Promise<string> {
  if (decision === "approve") return (await graphqlRequest(APPROVE, { actionId, comment })).approveRemediation.status;
  return (await graphqlRequest(REJECT, { actionId, comment })).rejectRemediation.status;
}

const MODEL_VERSIONS = graphql(`
  query ModelVersions($modelId: ID!) {
    model(id: $modelId) { id key versions { id version notes liveAt } }
    compareModelVersions(modelId: $modelId) {
      before { version predictions labeled }
      after { version predictions labeled }
      liveAt regressed sentence
      metrics { metric before after delta worse }
      shifts { feature statistic pValue drifted }
    }
  }
`);

export function fetchModelVersions(modelId: string): Promise<ModelVersionsData> {
  return graphqlRequest(MODEL_VERSIONS, { modelId });
}

/** "ROLLBACK (1.1 → 1.0)", "FALLBACK to backup", "RETRAIN (COMBINED, 500, batch …)". */
export function describeAction(a: Pick<RemediationActionView, "kind" | "params">): string {
  const p = (a.params ?? {}) as Record<string, unknown>;
  switch (a.kind) {
    case "ROLLBACK":
      return p.fromVersion ? `ROLLBACK ${String(p.fromVersion)} → ${String(p.toVersion)}` : "ROLLBACK";
    case "FALLBACK":
      return `FALLBACK to ${String(p.fallbackModelKey)}`;
    case "RETRAIN":
      return `RETRAIN (${String(p.strategy)}, ${String(p.size)} samples${p.batchId ? `, batch ${String(p.batchId).slice(0, 8)}` : ""})`;
    default:
      return a.kind;
  }
}
