// Remediation inside a window's transaction (after its incidents were stored): first every
// accepted action is verified on the window (analytics/remediation/verify-action.ts: credited when
// the root and its cascade are healthy within K windows, failed after K), then proposed and pending
// actions of resolved incidents are cancelled, then each open incident's policy decides its next
// step (next-step.ts), the guards judge it (remediation-guards.ts) and the step is stored — PENDING
// for AUTO policies (the delivery loop of any process sends it), PROPOSED for PROPOSE ones. The
// window is stored exactly once (the store step decides), and (incident, seq) is unique, so each
// step is planned exactly once whatever the number of processes.
import type { QueryRunner } from "typeorm";
import type { ActionRow, IncidentFacts, RemediationActionRepository } from "../../db/repositories/remediation-action-repository.js";
import type { RemediationAuditRepository } from "../../db/repositories/remediation-audit-repository.js";
import type { PolicyRow, RemediationPolicyRepository } from "../../db/repositories/remediation-policy-repository.js";
import type { ModelVersionRepository } from "../../db/repositories/model-version-repository.js";
import { verifyWindow } from "../../analytics/remediation/verify-action.js";
import { nextStep } from "../../analytics/remediation/next-step.js";
import { checkGuards } from "../../analytics/remediation/remediation-guards.js";
import { matchPolicy, selectorMatches, type PolicyStep } from "../../analytics/remediation/remediation-policy.js";
import { actionParams } from "../../analytics/remediation/action-params.js";
import { isFinalStatus } from "../../analytics/remediation/remediation-lists.js";

export interface RemediationPlannerDeps {
  actions: RemediationActionRepository;
  policies: RemediationPolicyRepository;
  audit: RemediationAuditRepository;
  versions: ModelVersionRepository;
}

/** What the window's evaluation hands over: its start and end, and each model's status. */
export interface EvaluatedWindow {
  systemId: string;
  windowStart: Date;
  at: Date;
  statuses: ReadonlyMap<string, string>;
  /** Incidents that changed this window (opened, grew, aged, resolved, merged). */
  changed: readonly string[];
}

const HOUR_MS = 3_600_000;

interface PlanContext {
  w: EvaluatedWindow;
  keyOf: (id: string) => string;
  models: Map<string, { id: string; key: string; task: string }>;
  versionsOf: (modelId: string) => string[];
  guardRows: ActionRow[];
  escalated: Set<string>;
}

export class RemediationPlanner {
  constructor(private readonly deps: RemediationPlannerDeps) {}

  async afterWindow(q: QueryRunner, w: EvaluatedWindow): Promise<void> {
    const policies = await this.deps.policies.ofSystem(w.systemId, q);
    if (policies.length === 0) return;
    const { incidents, models } = await this.deps.actions.incidentsAndModels(q, w.systemId);
    const byId = new Map(models.map((m) => [m.id, m]));
    const keyOf = (id: string) => byId.get(id)?.key ?? id;
    await this.verify(q, w, policies, keyOf);
    for (const a of await this.deps.actions.cancelResolved(q, w.systemId)) {
      await this.deps.audit.record(q, { systemId: w.systemId, incidentId: a.incidentId, actionId: a.id, policyId: a.policyId, event: "CANCELLED", actor: "verifier", detail: a.outcome ?? "cancelled" });
    }
    const versions = await this.deps.versions.ofSystem(w.systemId, q);
    const ctx: PlanContext = {
      w, keyOf, models: byId,
      versionsOf: (modelId) => versions.filter((v) => v.modelId === modelId).map((v) => v.version),
      guardRows: await this.deps.actions.guardRows(q, w.systemId, new Date(w.at.getTime() - HOUR_MS)),
      escalated: await this.deps.audit.escalated(q, incidents.map((i) => i.id)),
    };
    const last = new Map((await this.deps.actions.lastOfIncidents(q, incidents.map((i) => i.id))).map((a) => [a.incidentId, a]));
    for (const incident of incidents) await this.planIncident(q, ctx, policies, incident, last.get(incident.id) ?? null);
  }

  /** Counts this window for every accepted action planned before it; credits or fails them. */
  private async verify(q: QueryRunner, w: EvaluatedWindow, policies: PolicyRow[], keyOf: (id: string) => string): Promise<void> {
    for (const a of await this.deps.actions.accepted(q, w.systemId)) {
      if (w.windowStart.getTime() <= a.plannedWindowStart.getTime()) continue;
      if (a.lastWindowStart !== null && w.windowStart.getTime() <= a.lastWindowStart.getTime()) continue;
      const policy = policies.find((p) => p.id === a.policyId);
      const v = verifyWindow({ windowsBefore: a.windowsObserved, verifyWindows: policy?.verifyWindows ?? 1, statuses: w.statuses, models: a.members, keyOf });
      await this.deps.actions.countWindow(q, a.id, v.windows, w.windowStart);
      if (v.outcome === "WAITING") continue;
      await this.deps.actions.transition(q, a.id, ["ACCEPTED"], { status: v.outcome, outcome: v.message, final: true });
      await this.deps.audit.record(q, { systemId: w.systemId, incidentId: a.incidentId, actionId: a.id, policyId: a.policyId, event: v.outcome, actor: "verifier", detail: v.message });
    }
  }

  /** Runs the incident's chain as far as this window allows (a step that cannot run fails at once and the next is tried). */
  private async planIncident(q: QueryRunner, ctx: PlanContext, policies: PolicyRow[], incident: IncidentFacts, last: ActionRow | null): Promise<void> {
    const root = incident.rootCauseModelId;
    if (root === null || !ctx.models.has(root)) return;
    const model = ctx.models.get(root)!;
    const policy = last ? policies.find((p) => p.id === last.policyId) ?? null : matchPolicy({ policies, root: { key: model.key, task: model.task, status: ctx.w.statuses.get(root) ?? "UNKNOWN" } });
    if (!policy || !policy.enabled) return;
    const triggered = ctx.w.changed.includes(incident.id) && incident.healthyWindows === 0 && incident.lastWindowStart.getTime() === ctx.w.windowStart.getTime();
    const base = { systemId: ctx.w.systemId, incidentId: incident.id, policyId: policy.id };
    let previous = last;
    for (let guard = 0; guard <= policy.steps.length; guard += 1) {
      const step = nextStep({ last: previous && { seq: previous.seq, stepIndex: previous.stepIndex, status: previous.status }, triggered, chainLength: policy.steps.length, escalated: ctx.escalated.has(incident.id) });
      if (step.kind === "none") return;
      // A new episode (not the chain moving on) needs the root itself in trouble, as the selector says.
      if (step.kind === "run" && !step.continuation && !selectorMatches(policy.selector, { key: model.key, task: model.task, status: ctx.w.statuses.get(root) ?? "UNKNOWN" })) return;
      if (step.kind === "escalate") {
        ctx.escalated.add(incident.id);
        await this.deps.audit.record(q, { ...base, actionId: null, event: "ESCALATED", actor: "policy", detail: `escalated to a person: ${step.reason}` });
        return;
      }
      const verdict = checkGuards({
        at: ctx.w.at, modelId: root, observed: (ctx.w.statuses.get(root) ?? "UNKNOWN") !== "UNKNOWN",
        inFlight: ctx.guardRows.some((a) => a.modelId === root && !isFinalStatus(a.status)),
        lastPlannedAt: ctx.guardRows.filter((a) => a.modelId === root).reduce<Date | null>((m, a) => (m === null || a.plannedAt > m ? a.plannedAt : m), null),
        plannedInLastHour: new Set(ctx.guardRows.filter((a) => a.plannedAt.getTime() > ctx.w.at.getTime() - HOUR_MS).map((a) => a.id)).size,
        cooldownSeconds: policy.cooldownSeconds, maxActionsPerHour: policy.maxActionsPerHour, continuation: step.continuation,
      });
      if (!verdict.allowed) {
        if (triggered || step.continuation) await this.deps.audit.record(q, { ...base, actionId: null, event: "BLOCKED", actor: "policy", detail: `step ${step.stepIndex + 1} (${policy.steps[step.stepIndex]!.kind}) blocked by ${verdict.guard}: ${verdict.reason}` });
        return;
      }
      const stored = await this.store(q, ctx, policy, incident, { seq: step.seq, stepIndex: step.stepIndex });
      if (!stored) return; // another evaluation planned it
      ctx.guardRows.push(stored);
      if (stored.status !== "FAILED") return;
      previous = stored; // the step could not run: the chain moves on in this window
    }
  }

  private async store(q: QueryRunner, ctx: PlanContext, policy: PolicyRow, incident: IncidentFacts, at: { seq: number; stepIndex: number }): Promise<ActionRow | null> {
    const root = incident.rootCauseModelId!;
    const step = policy.steps[at.stepIndex] as PolicyStep;
    const params = actionParams({ step, modelKey: ctx.keyOf(root), versions: ctx.versionsOf(root) });
    const members = [root, ...incident.affected.filter((id) => id !== root)];
    const status = !params.ok ? "FAILED" : policy.mode === "PROPOSE" ? "PROPOSED" : "PENDING";
    const row = await this.deps.actions.insert(q, {
      systemId: ctx.w.systemId, incidentId: incident.id, policyId: policy.id, seq: at.seq, stepIndex: at.stepIndex, kind: step.kind, modelId: root, members, status,
      params: params.ok ? params.params : {}, plannedAt: ctx.w.at, plannedWindowStart: ctx.w.windowStart,
    });
    if (!row) return null;
    if (!params.ok) await this.deps.actions.transition(q, row.id, ["FAILED"], { status: "FAILED", outcome: params.reason, final: true });
    const what = `step ${at.stepIndex + 1} of '${policy.name}': ${step.kind} on ${ctx.keyOf(root)}`;
    const event = !params.ok ? "FAILED" : status === "PROPOSED" ? "PROPOSED" : "PLANNED";
    await this.deps.audit.record(q, { systemId: ctx.w.systemId, incidentId: incident.id, actionId: row.id, policyId: policy.id, event, actor: "policy", detail: params.ok ? what : `${what}: ${params.reason}` });
    return { ...row, status };
  }
}

