// Remediation (docs/remediation.md): policies, their steps and selector, actions with their
// delivery attempts, and the audit trail.
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSON } from "graphql-scalars";
import { ACTION_KINDS, ACTION_STATUSES, AUDIT_EVENTS, POLICY_MODES } from "../../services/remediation/remediation-service.js";
import { enumFromList } from "./enum-from-list.js";
import { ModelTask } from "./enums.js";
import { HealthStatus } from "./health-types.js";
import { Model } from "./registry-types.js";

export const RemediationActionKind = enumFromList(ACTION_KINDS);
export type RemediationActionKind = (typeof ACTION_KINDS)[number];
registerEnumType(RemediationActionKind, { name: "RemediationActionKind", description: "ROLLBACK to the previous version, FALLBACK to a named model, RETRAIN with a claimed batch, WEBHOOK to a runner, NOTIFY (not verified)" });
export const RemediationMode = enumFromList(POLICY_MODES);
export type RemediationMode = (typeof POLICY_MODES)[number];
registerEnumType(RemediationMode, { name: "RemediationMode", description: "AUTO: steps are delivered at once; PROPOSE: a person approves each step first" });
export const RemediationActionStatus = enumFromList(ACTION_STATUSES);
export type RemediationActionStatus = (typeof ACTION_STATUSES)[number];
registerEnumType(RemediationActionStatus, { name: "RemediationActionStatus", description: "PROPOSED → PENDING → ACCEPTED → CREDITED or FAILED; REJECTED, DONE (NOTIFY), CANCELLED" });
export const RemediationAuditEvent = enumFromList(AUDIT_EVENTS);
export type RemediationAuditEvent = (typeof AUDIT_EVENTS)[number];
registerEnumType(RemediationAuditEvent, { name: "RemediationAuditEvent" });

@InputType()
export class RemediationStepInput {
  @Field(() => RemediationActionKind) kind!: RemediationActionKind;
  @Field(() => String, { nullable: true, description: "FALLBACK: the model key to switch to" }) fallbackModelKey?: string | null;
  @Field(() => String, { nullable: true, description: "RETRAIN: the prioritization strategy of the batch (default COMBINED)" }) strategy?: string | null;
  @Field(() => Int, { nullable: true, description: "RETRAIN: the batch size (default 500)" }) size?: number | null;
}

@InputType()
export class RemediationSelectorInput {
  @Field(() => [String], { nullable: true, description: "Root model keys (absent or empty: any)" }) modelKeys?: string[] | null;
  @Field(() => [ModelTask], { nullable: true, description: "Root model tasks (absent or empty: any)" }) tasks?: ModelTask[] | null;
  @Field(() => HealthStatus, { nullable: true, description: "DEGRADED (default: also FAILING) or FAILING only" }) minStatus?: HealthStatus | null;
}

@InputType()
export class RemediationPolicyInput {
  @Field(() => ID) systemId!: string;
  @Field() name!: string;
  @Field(() => RemediationMode) mode!: RemediationMode;
  @Field({ description: "Where signed action requests are POSTed" }) runnerUrl!: string;
  @Field(() => String, { nullable: true, description: "HMAC-SHA256 secret (16 to 200 characters); absent: generated and returned once" }) secret?: string | null;
  @Field(() => [RemediationStepInput]) steps!: RemediationStepInput[];
  @Field(() => RemediationSelectorInput, { nullable: true }) selector?: RemediationSelectorInput | null;
  @Field(() => Int, { nullable: true, description: "No new action on a model for this long after the last (default 3600)" }) cooldownSeconds?: number | null;
  @Field(() => Int, { nullable: true, description: "At most this many actions per hour in the system (default 10)" }) maxActionsPerHour?: number | null;
  @Field(() => Int, { nullable: true, description: "K: windows within which the root and its cascade must recover (default 3)" }) verifyWindows?: number | null;
}

@ObjectType()
export class RemediationSelector {
  @Field(() => [String]) modelKeys!: string[];
  @Field(() => [ModelTask]) tasks!: ModelTask[];
  @Field(() => HealthStatus) minStatus!: HealthStatus;
}

@ObjectType()
export class RemediationStep {
  @Field(() => RemediationActionKind) kind!: RemediationActionKind;
  @Field(() => String, { nullable: true }) fallbackModelKey!: string | null;
  @Field(() => String, { nullable: true }) strategy!: string | null;
  @Field(() => Int, { nullable: true }) size!: number | null;
}

@ObjectType({ description: "When an incident whose root matches the selector opens or grows, its steps run in order until one is credited" })
export class RemediationPolicy {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => RemediationMode) mode!: RemediationMode;
  @Field(() => RemediationSelector) selector!: RemediationSelector;
  @Field(() => [RemediationStep]) steps!: RemediationStep[];
  @Field() runnerUrl!: string;
  @Field(() => Int) cooldownSeconds!: number;
  @Field(() => Int) maxActionsPerHour!: number;
  @Field(() => Int) verifyWindows!: number;
  @Field() enabled!: boolean;
  @Field(() => Date) createdAt!: Date;
  systemId!: string;
}

@ObjectType()
export class CreatedRemediationPolicy {
  @Field(() => RemediationPolicy) policy!: RemediationPolicy;
  @Field({ description: "The signing secret: shown here once" }) secret!: string;
}

@ObjectType({ description: "One delivery attempt of an action" })
export class RemediationAttempt {
  @Field(() => Int) attempt!: number;
  @Field(() => Date) at!: Date;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true, description: "The runner's answer (first 2000 characters)" }) answer!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({ description: "One step of a policy run for an incident" })
export class RemediationAction {
  @Field(() => ID) id!: string;
  @Field(() => ID) incidentId!: string;
  @Field(() => Int, { description: "The incident's n-th action (0-based)" }) seq!: number;
  @Field(() => Int, { description: "The policy step (1-based)" }) step!: number;
  @Field(() => RemediationActionKind) kind!: RemediationActionKind;
  @Field(() => RemediationActionStatus) status!: RemediationActionStatus;
  @Field(() => GraphQLJSON, { description: "What the runner is given (ROLLBACK: fromVersion/toVersion; FALLBACK: fallbackModelKey; RETRAIN: strategy, size, batchId)" }) params!: unknown;
  @Field(() => Date, { description: "The end of the window it was planned in" }) plannedAt!: Date;
  @Field(() => Int, { description: "Windows counted by verification so far" }) windowsObserved!: number;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  modelId!: string;
  members!: string[];
  policyId!: string;
}

@ObjectType({ description: "Who did what, when: proposals, approvals, guard blocks, attempts, outcomes" })
export class RemediationAuditEntry {
  @Field(() => ID) id!: string;
  @Field(() => RemediationAuditEvent) event!: RemediationAuditEvent;
  @Field({ description: "An API key id, or policy / runner / verifier" }) actor!: string;
  @Field() detail!: string;
  @Field(() => Date) at!: Date;
  @Field(() => ID, { nullable: true }) incidentId!: string | null;
  @Field(() => ID, { nullable: true }) actionId!: string | null;
  @Field(() => ID, { nullable: true }) policyId!: string | null;
}


