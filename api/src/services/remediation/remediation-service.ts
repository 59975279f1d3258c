// Remediation use-cases behind the GraphQL API: policies (checked by analytics/remediation/
// remediation-policy.ts; the signing secret is shown once, when the policy is created), the
// actions of a system or an incident with their attempts, approving or rejecting a proposal, a
// runner reporting a result, and the audit trail. Planning and verification run inside the
// window's transaction (remediation-planner.ts); delivery in remediation-delivery.ts.
import type { ActionRow, AttemptRow, RemediationActionRepository } from "../../db/repositories/remediation-action-repository.js";
import type { AuditRow, RemediationAuditRepository } from "../../db/repositories/remediation-audit-repository.js";
import type { PolicyRow, RemediationPolicyRepository } from "../../db/repositories/remediation-policy-repository.js";
import { policyErrors, POLICY_DEFAULTS, type PolicyDefinition, type PolicyStep } from "../../analytics/remediation/remediation-policy.js";
import { ACTION_STATUSES, POLICY_MODES, type PolicyMode } from "../../analytics/remediation/remediation-lists.js";
import type { ModelTaskName } from "../../analytics/model-tasks.js";
import { requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import type { RegistryService } from "../registry-service.js";
import { newPolicySecret } from "./sign-request.js";

export interface RemediationServiceDeps {
  registry: RegistryService;
  policies: RemediationPolicyRepository;
  actions: RemediationActionRepository;
  audit: RemediationAuditRepository;
}

export interface PolicyInput {
  systemId: string;
  name: string;
  mode: string;
  runnerUrl: string;
  secret: string | null;
  steps: PolicyStep[];
  selector: { modelKeys: string[] | null; tasks: string[] | null; minStatus: string | null } | null;
  cooldownSeconds: number | null;
  maxActionsPerHour: number | null;
  verifyWindows: number | null;
}

export class RemediationService {
  constructor(private readonly deps: RemediationServiceDeps) {}

  async createPolicy(principal: Principal, input: PolicyInput): Promise<PolicyRow> {
    const system = await this.deps.registry.requireSystem(principal, input.systemId);
    requireScope(principal, "ADMIN", "createRemediationPolicy");
    if (!(POLICY_MODES as readonly string[]).includes(input.mode)) throw new BadInputError(`mode: expected one of ${POLICY_MODES.join(", ")}, got ${input.mode}`);
    if (input.secret !== null && (input.secret.length < 16 || input.secret.length > 200)) throw new BadInputError("secret: expected 16 to 200 characters");
    const definition: PolicyDefinition = {
      name: input.name.trim(), mode: input.mode as PolicyMode, runnerUrl: input.runnerUrl,
      steps: input.steps.map((s) => ({ kind: s.kind, fallbackModelKey: s.fallbackModelKey ?? null, strategy: s.strategy ?? null, size: s.size ?? null })),
      selector: { modelKeys: input.selector?.modelKeys ?? [], tasks: (input.selector?.tasks ?? []) as ModelTaskName[], minStatus: (input.selector?.minStatus ?? POLICY_DEFAULTS.minStatus) as "DEGRADED" },
      cooldownSeconds: input.cooldownSeconds ?? POLICY_DEFAULTS.cooldownSeconds,
      maxActionsPerHour: input.maxActionsPerHour ?? POLICY_DEFAULTS.maxActionsPerHour,
      verifyWindows: input.verifyWindows ?? POLICY_DEFAULTS.verifyWindows,
    };
    const models = await this.deps.registry.modelsOfSystems([system.id]);
    const errors = policyErrors({ policy: definition, modelKeys: new Set(models.map((m) => m.key)) });
    if (errors.length > 0) throw new BadInputError(errors.join("; "));
    const row = await this.deps.policies.insert({ systemId: system.id, ...definition, secret: input.secret ?? newPolicySecret() });
    if (!row) throw new BadInputError(`name: the system already has a policy named "${definition.name}"`);
    await this.deps.audit.record(this.deps.audit.db, { systemId: system.id, incidentId: null, actionId: null, policyId: row.id, event: "POLICY_CREATED", actor: principal.keyId, detail: `policy '${row.name}' created (${row.mode}, ${row.steps.map((s) => s.kind).join(" → ")})` });
    return row;
  }

  async setPolicyEnabled(principal: Principal, id: string, enabled: boolean): Promise<PolicyRow> {
    const policy = await this.requirePolicy(principal, id);
    requireScope(principal, "ADMIN", "setRemediationPolicyEnabled");
    const updated = (await this.deps.policies.setEnabled(policy.id, enabled))!;
    await this.deps.audit.record(this.deps.audit.db, { systemId: policy.systemId, incidentId: null, actionId: null, policyId: policy.id, event: enabled ? "POLICY_ENABLED" : "POLICY_DISABLED", actor: principal.keyId, detail: `policy '${policy.name}' ${enabled ? "enabled" : "disabled"}` });
    return updated;
  }

  async policies(principal: Principal, systemId: string): Promise<PolicyRow[]> {
    const system = await this.deps.registry.requireSystem(principal, systemId);
    requireScope(principal, "READ", "remediationPolicies");
    return this.deps.policies.ofSystem(system.id);
  }

  async actions(principal: Principal, args: { systemId: string; status: string | null; limit: number }): Promise<ActionRow[]> {
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    requireScope(principal, "READ", "remediationActions");
    if (args.status !== null && !(ACTION_STATUSES as readonly string[]).includes(args.status)) throw new BadInputError(`status: expected one of ${ACTION_STATUSES.join(", ")}`);
    if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > 1_000) throw new BadInputError(`limit: expected an integer from 1 to 1000, got ${args.limit}`);
    return this.deps.actions.list(system.id, args.status, args.limit);
  }

  /** The actions of incidents the caller has already read (their system's visibility was checked). */
  actionsOfIncidents(incidentIds: readonly string[]): Promise<ActionRow[]> {
    return this.deps.actions.ofIncidents(incidentIds);
  }

  attemptsOf(actionIds: readonly string[]): Promise<AttemptRow[]> {
    return this.deps.actions.attemptsOf(actionIds);
  }

  policyOf(id: string): Promise<PolicyRow | null> {
    return this.deps.policies.byId(id);
  }

  /** A person approves (PENDING: delivered next) or rejects (REJECTED: nothing runs) a proposal. */
  async decide(principal: Principal, args: { actionId: string; approve: boolean; comment: string | null }): Promise<ActionRow> {
    const action = await this.requireAction(principal, args.actionId);
    requireScope(principal, "ADMIN", args.approve ? "approveRemediation" : "rejectRemediation");
    const next = args.approve ? "PENDING" : "REJECTED";
    const updated = await this.deps.actions.transition(this.deps.audit.db, action.id, ["PROPOSED"], { status: next, outcome: args.approve ? null : `rejected${args.comment ? `: ${args.comment}` : ""}`, final: !args.approve, due: args.approve, openIncident: args.approve });
    if (!updated) {
      const now = await this.deps.actions.byId(action.id);
      if (now?.status === "PROPOSED") throw new BadInputError(`actionId: action '${action.id}' belongs to incident '${action.incidentId}', which is resolved: it cannot be approved`);
      throw new BadInputError(`actionId: action '${action.id}' is ${now?.status ?? action.status}, not PROPOSED`);
    }
    await this.deps.audit.record(this.deps.audit.db, { systemId: action.systemId, incidentId: action.incidentId, actionId: action.id, policyId: action.policyId, event: args.approve ? "APPROVED" : "REJECTED", actor: principal.keyId, detail: `${action.kind} ${args.approve ? "approved" : "rejected"}${args.comment ? `: ${args.comment}` : ""}` });
    return updated;
  }

  /** The runner's later word on an action: a failure fails it (the chain moves on at the next window); a success is recorded (the windows still decide). */
  async reportResult(principal: Principal, args: { actionId: string; succeeded: boolean; message: string | null }): Promise<ActionRow> {
    const action = await this.requireAction(principal, args.actionId);
    requireScope(principal, "ADMIN", "reportRemediationResult");
    const message = (args.message ?? "").slice(0, 1_000);
    const reported = () => this.deps.audit.record(this.deps.audit.db, { systemId: action.systemId, incidentId: action.incidentId, actionId: action.id, policyId: action.policyId, event: "RESULT_REPORTED", actor: principal.keyId, detail: `the runner reported ${args.succeeded ? "success" : "failure"}${message ? `: ${message}` : ""}` });
    if (args.succeeded) {
      await reported();
      return action;
    }
    const failed = await this.deps.actions.transition(this.deps.audit.db, action.id, ["ACCEPTED", "PENDING"], { status: "FAILED", outcome: `the runner reported failure${message ? `: ${message}` : ""}`, final: true, unleased: true });
    if (!failed) {
      const now = await this.deps.actions.byId(action.id);
      if (now?.status === "PENDING") throw new BadInputError(`actionId: action '${action.id}' is being delivered: report its result after the delivery answers`);
      throw new BadInputError(`actionId: action '${action.id}' is ${now?.status ?? action.status}: only a pending or accepted action can fail`);
    }
    await reported();
    await this.deps.audit.record(this.deps.audit.db, { systemId: action.systemId, incidentId: action.incidentId, actionId: action.id, policyId: action.policyId, event: "FAILED", actor: "runner", detail: failed.outcome ?? "failed" });
    return failed;
  }

  async audit(principal: Principal, args: { systemId: string; incidentId: string | null; limit: number; before: string | null }): Promise<AuditRow[]> {
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    requireScope(principal, "READ", "remediationAudit");
    if (args.incidentId !== null && !isId(args.incidentId)) throw new BadInputError(`incidentId: not an id: "${args.incidentId}"`);
    if (args.before !== null && !/^\d{1,18}$/.test(args.before)) throw new BadInputError(`before: not an audit entry id: "${args.before}"`);
    if (!Number.isInteger(args.limit) || args.limit < 1 || args.limit > 1_000) throw new BadInputError(`limit: expected an integer from 1 to 1000, got ${args.limit}`);
    return this.deps.audit.list({ systemId: system.id, incidentId: args.incidentId, limit: args.limit, beforeId: args.before });
  }

  private async requirePolicy(principal: Principal, id: string): Promise<PolicyRow> {
    if (!isId(id)) throw new BadInputError(`id: not a policy id: "${id}"`);
    const policy = await this.deps.policies.byId(id);
    if (!policy) throw new NotFoundError(`policy '${id}' not found`);
    await this.deps.registry.requireSystem(principal, policy.systemId).catch(() => {
      throw new NotFoundError(`policy '${id}' not found`);
    });
    return policy;
  }

  private async requireAction(principal: Principal, id: string): Promise<ActionRow> {
    if (!isId(id)) throw new BadInputError(`actionId: not an action id: "${id}"`);
    const action = await this.deps.actions.byId(id);
    if (!action) throw new NotFoundError(`action '${id}' not found`);
    await this.deps.registry.requireSystem(principal, action.systemId).catch(() => {
      throw new NotFoundError(`action '${id}' not found`);
    });
    return action;
  }
}

export { ACTION_KINDS, ACTION_STATUSES, AUDIT_EVENTS, POLICY_MODES } from "../../analytics/remediation/remediation-lists.js";
export type { ActionRow } from "../../db/repositories/remediation-action-repository.js";
