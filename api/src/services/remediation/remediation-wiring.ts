// Builds the remediation services over one DataSource: the planner (called in the window's
// transaction), the delivery loop, the GraphQL use-cases and model versions.
import type { DataSource } from "typeorm";
import { RemediationActionRepository, type ClaimedAction } from "../../db/repositories/remediation-action-repository.js";
import { RemediationAuditRepository } from "../../db/repositories/remediation-audit-repository.js";
import { RemediationPolicyRepository } from "../../db/repositories/remediation-policy-repository.js";
import { ModelVersionRepository } from "../../db/repositories/model-version-repository.js";
import type { IncidentRepository } from "../../db/repositories/incident-repository.js";
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { Transactions } from "../../db/transactions.js";
import type { RegistryService } from "../registry-service.js";
import type { RetrainingService } from "../retraining/retraining-service.js";
import { RemediationPlanner } from "./remediation-planner.js";
import { RemediationDelivery } from "./remediation-delivery.js";
import { RemediationService } from "./remediation-service.js";
import { ModelVersionService } from "./model-version-service.js";

export interface Remediation {
  planner: RemediationPlanner;
  delivery: RemediationDelivery;
  service: RemediationService;
  versions: ModelVersionService;
}

/** How long a RETRAIN step's batch stays leased to the job it is handed to. */
export const RETRAIN_LEASE_SECONDS = 3_600;

export function createRemediation(args: {
  dataSource: DataSource;
  registry: RegistryService;
  models: ModelRepository;
  incidents: IncidentRepository;
  retraining: () => RetrainingService;
  transactions: Transactions;
  now: () => Date;
  log?: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
}): Remediation {
  const actions = new RemediationActionRepository(args.dataSource);
  const policies = new RemediationPolicyRepository(args.dataSource);
  const audit = new RemediationAuditRepository(args.dataSource);
  const versions = new ModelVersionRepository(args.dataSource);
  const describe = async (action: ClaimedAction) => {
    const [incident, models] = await Promise.all([args.incidents.byId(action.incidentId), args.models.byIds(action.members)]);
    const byId = new Map(models.map((m) => [m.id, m]));
    const root = byId.get(action.modelId);
    return {
      system: { id: action.systemId },
      incident: { id: action.incidentId, summary: incident?.summary ?? null, status: incident?.status ?? null },
      model: { id: action.modelId, key: root?.key ?? null, version: root?.version ?? null },
      cascade: action.members.slice(1).map((id) => byId.get(id)?.key ?? id),
    };
  };
  const claimBatch = async (action: ClaimedAction) => {
    const principal = { keyId: "remediation", scopes: new Set(["RETRAIN"] as const), systemId: action.systemId };
    const batch = await args.retraining().claim(principal, { modelId: action.modelId, size: Number(action.params.size), strategy: String(action.params.strategy), leaseSeconds: RETRAIN_LEASE_SECONDS });
    return batch.id;
  };
  const modelVersions = new ModelVersionService({ registry: args.registry, versions, transactions: args.transactions, now: args.now });
  // An accepted ROLLBACK: the version it returns to goes live again (predictions without a version belong to it).
  const onAccepted = async (action: ClaimedAction) => {
    if (action.kind !== "ROLLBACK" || typeof action.params.toVersion !== "string") return null;
    const row = await modelVersions.recordRollback({ systemId: action.systemId, modelId: action.modelId, toVersion: action.params.toVersion, actionId: action.id });
    return row ? `version ${row.version} live again from ${row.liveAt.toISOString()}` : null;
  };
  return {
    planner: new RemediationPlanner({ actions, policies, audit, versions }),
    delivery: new RemediationDelivery({ actions, policies, audit, describe, claimBatch, onAccepted, log: args.log }),
    service: new RemediationService({ registry: args.registry, policies, actions, audit }),
    versions: modelVersions,
  };
}
