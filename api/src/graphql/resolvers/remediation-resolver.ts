// Remediation over GraphQL: policies, actions (also on an incident), proposals approved or
// rejected, a runner's reported result, and the audit trail. Each resolver checks its input's
// shape and calls one service method.
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import type { ActionRow } from "../../services/remediation/remediation-service.js";
import { Incident } from "../types/incident-types.js";
import { Model } from "../types/registry-types.js";
import {
  CreatedRemediationPolicy, RemediationAction, RemediationActionStatus, RemediationAttempt, RemediationAuditEntry, RemediationPolicy, RemediationPolicyInput,
} from "../types/remediation-types.js";

const actionView = (a: ActionRow) => ({ ...a, step: a.stepIndex + 1 });

@Resolver()
export class RemediationResolver {
  @Query(() => [RemediationPolicy], { description: "The system's remediation policies, in the order they are tried" })
  remediationPolicies(@Arg("systemId", () => ID) systemId: string, @Ctx() ctx: Context) {
    return ctx.services.remediation.service.policies(ctx.principal, systemId);
  }

  @Query(() => [RemediationAction], { description: "The system's remediation actions, newest first (`status` narrows)" })
  async remediationActions(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("status", () => RemediationActionStatus, { nullable: true }) status: RemediationActionStatus | null,
    @Arg("limit", () => Int, { nullable: true, defaultValue: 100 }) limit: number,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.remediation.service.actions(ctx.principal, { systemId, status: status ?? null, limit })).map(actionView);
  }

  @Query(() => [RemediationAuditEntry], { description: "Every proposal, approval, guard block, delivery attempt and outcome, newest first (`incidentId` narrows; `before` pages back)" })
  remediationAudit(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("incidentId", () => ID, { nullable: true }) incidentId: string | null,
    @Arg("limit", () => Int, { nullable: true, defaultValue: 200 }) limit: number,
    @Arg("before", () => ID, { nullable: true }) before: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.remediation.service.audit(ctx.principal, { systemId, incidentId: incidentId ?? null, limit, before: before ?? null });
  }

  @Mutation(() => CreatedRemediationPolicy, { description: "Adds a policy to a system; the signing secret is returned once. ADMIN" })
  async createRemediationPolicy(@Arg("input", () => RemediationPolicyInput) input: RemediationPolicyInput, @Ctx() ctx: Context) {
    const policy = await ctx.services.remediation.service.createPolicy(ctx.principal, {
      systemId: input.systemId, name: input.name, mode: input.mode, runnerUrl: input.runnerUrl, secret: input.secret ?? null,
      steps: input.steps.map((s) => ({ kind: s.kind, fallbackModelKey: s.fallbackModelKey ?? null, strategy: s.strategy ?? null, size: s.size ?? null })),
      selector: input.selector ? { modelKeys: input.selector.modelKeys ?? null, tasks: input.selector.tasks ?? null, minStatus: input.selector.minStatus ?? null } : null,
      cooldownSeconds: input.cooldownSeconds ?? null, maxActionsPerHour: input.maxActionsPerHour ?? null, verifyWindows: input.verifyWindows ?? null,
    });
    return { policy, secret: policy.secret };
  }

  @Mutation(() => RemediationPolicy, { description: "Turns a policy on or off (off: it starts nothing; steps under way finish). ADMIN" })
  setRemediationPolicyEnabled(@Arg("id", () => ID) id: string, @Arg("enabled") enabled: boolean, @Ctx() ctx: Context) {
    return ctx.services.remediation.service.setPolicyEnabled(ctx.principal, id, enabled);
  }

  @Mutation(() => RemediationAction, { description: "Approves a PROPOSED action: it is delivered next. ADMIN" })
  async approveRemediation(@Arg("actionId", () => ID) actionId: string, @Arg("comment", () => String, { nullable: true }) comment: string | null, @Ctx() ctx: Context) {
    return actionView(await ctx.services.remediation.service.decide(ctx.principal, { actionId, approve: true, comment: comment ?? null }));
  }

  @Mutation(() => RemediationAction, { description: "Rejects a PROPOSED action: nothing runs, and the incident's chain stops. ADMIN" })
  async rejectRemediation(@Arg("actionId", () => ID) actionId: string, @Arg("comment", () => String, { nullable: true }) comment: string | null, @Ctx() ctx: Context) {
    return actionView(await ctx.services.remediation.service.decide(ctx.principal, { actionId, approve: false, comment: comment ?? null }));
  }

  @Mutation(() => RemediationAction, { description: "A runner's result: a failure fails the action (the chain moves on); a success is recorded (the next windows still decide). ADMIN" })
  async reportRemediationResult(
    @Arg("actionId", () => ID) actionId: string,
    @Arg("succeeded") succeeded: boolean,
    @Arg("message", () => String, { nullable: true }) message: string | null,
    @Ctx() ctx: Context,
  ) {
    return actionView(await ctx.services.remediation.service.reportResult(ctx.principal, { actionId, succeeded, message: message ?? null }));
  }
}

@Resolver(() => RemediationAction)
export class RemediationActionFieldResolver {
  @FieldResolver(() => Model, { description: "The model acted on (the incident's root)" })
  model(@Root() action: RemediationAction, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(action.modelId);
  }

  @FieldResolver(() => [Model], { description: "The cascade the action was verified on (besides the root)" })
  async cascade(@Root() action: RemediationAction, @Ctx() ctx: Context) {
    return (await Promise.all(action.members.slice(1).map((id) => ctx.loaders.modelById.load(id)))).filter((m) => m != null);
  }

  @FieldResolver(() => RemediationPolicy, { nullable: true })
  policy(@Root() action: RemediationAction, @Ctx() ctx: Context) {
    return ctx.services.remediation.service.policyOf(action.policyId);
  }

  @FieldResolver(() => [RemediationAttempt], { description: "Every delivery attempt, oldest first" })
  attempts(@Root() action: RemediationAction, @Ctx() ctx: Context) {
    return ctx.services.remediation.service.attemptsOf([action.id]);
  }
}

@Resolver(() => Incident)
export class IncidentRemediationResolver {
  @FieldResolver(() => [RemediationAction], { description: "The remediation actions run for this incident, in order, with their outcome" })
  async remediationActions(@Root() incident: Incident, @Ctx() ctx: Context) {
    return (await ctx.services.remediation.service.actionsOfIncidents([incident.id])).map(actionView);
  }

  @FieldResolver(() => RemediationAction, { nullable: true, description: "The action credited with the recovery (its root and cascade healthy within K windows)" })
  async creditedAction(@Root() incident: Incident, @Ctx() ctx: Context) {
    const credited = (await ctx.services.remediation.service.actionsOfIncidents([incident.id])).find((a) => a.status === "CREDITED");
    return credited ? actionView(credited) : null;
  }
}
