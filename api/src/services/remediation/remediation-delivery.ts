// Delivery of planned actions to their policy's runner, by any number of processes: each round
// claims one due action at a time (a lease in the database: RemediationActionRepository.claimDue),
// sends it signed (sign-request.ts; at least once, with the action's id as a stable idempotency key), stores the attempt, and settles it (delivery-schedule.ts:
// accepted → ACCEPTED and verified on the next windows; NOTIFY → DONE; refused → FAILED; else
// retried with backoff). A process that dies mid-attempt leaves a lease that runs out and another
// process takes over. `stop()` ends the loop and waits for the attempt under way.
import type { ClaimedAction, RemediationActionRepository } from "../../db/repositories/remediation-action-repository.js";
import type { RemediationAuditRepository } from "../../db/repositories/remediation-audit-repository.js";
import type { PolicyRow, RemediationPolicyRepository } from "../../db/repositories/remediation-policy-repository.js";
import { attemptOutcome, DELIVERY } from "../../analytics/remediation/delivery-schedule.js";
import { signedHeaders } from "./sign-request.js";

export interface DeliveryDeps {
  actions: RemediationActionRepository;
  policies: RemediationPolicyRepository;
  audit: RemediationAuditRepository;
  /** What the runner is told about the action besides its row (incident, model keys and versions). */
  describe: (action: ClaimedAction) => Promise<Record<string, unknown>>;
  /** RETRAIN: claims a prioritized batch for the action's model; returns its id. */
  claimBatch: (action: ClaimedAction) => Promise<string>;
  /** After the runner accepted an action (ROLLBACK: the version it returns to goes live). */
  onAccepted?: (action: ClaimedAction) => Promise<string | null>;
  /** Wall clock, for the signature's timestamp (seconds). */
  clock?: () => number;
  log?: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
}

export class RemediationDelivery {
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private busy = false;

  constructor(private readonly deps: DeliveryDeps) {}

  /** Delivers due actions until none is left; returns how many attempts were made. */
  async drain(): Promise<number> {
    let attempts = 0;
    while (!this.stopped) {
      const action = await this.deps.actions.claimDue(DELIVERY.leaseMs);
      if (!action) break;
      await this.attempt(action);
      attempts += 1;
    }
    return attempts;
  }

  /** Polls for due actions every `everyMs` (0: never). */
  start(everyMs: number): void {
    if (!(everyMs > 0)) return;
    this.stopped = false;
    const tick = () => {
      if (this.busy || this.stopped) return;
      this.busy = true;
      this.running = this.drain()
        .then(() => undefined, (error: unknown) => this.deps.log?.("warn", "remediation: delivery round failed; it will be retried", error))
        .finally(() => {
          this.busy = false;
        });
    };
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async attempt(action: ClaimedAction): Promise<void> {
    const policy = await this.deps.policies.byId(action.policyId);
    if (!policy) return;
    let params = action.params;
    if (action.kind === "RETRAIN" && !params.batchId) {
      try {
        params = { ...params, batchId: await this.deps.claimBatch(action) };
        await this.deps.actions.setParams(action.id, action.leaseToken, params);
      } catch (error) {
        await this.settle(action, policy, { kind: "refused", message: `RETRAIN: no batch could be claimed: ${(error as Error).message}` }, null, null);
        return;
      }
    }
    const deliveryId = `${action.id}:${action.attempts}`;
    const timestamp = Math.floor((this.deps.clock?.() ?? Date.now()) / 1000);
    const body = JSON.stringify({ event: "remediation.action", deliveryId, actionId: action.id, attempt: action.attempts, sentAt: new Date(timestamp * 1000).toISOString(), action: { id: action.id, kind: action.kind, seq: action.seq, step: action.stepIndex + 1, params }, policy: { id: policy.id, name: policy.name, mode: policy.mode }, ...(await this.deps.describe(action)) });
    let statusCode: number | null = null;
    let answer = "";
    let error: string | null = null;
    try {
      const res = await fetch(policy.runnerUrl, { method: "POST", headers: signedHeaders({ secret: policy.secret, body, timestamp, deliveryId, actionId: action.id }), body, signal: AbortSignal.timeout(DELIVERY.timeoutMs) });
      statusCode = res.status;
      answer = (await res.text().catch(() => "")).slice(0, 2_000);
    } catch (e) {
      error = (e as Error).message;
    }
    await this.deps.actions.recordAttempt({ actionId: action.id, attempt: action.attempts, statusCode, answer: answer || null, error });
    await this.settle(action, policy, attemptOutcome({ attempt: action.attempts, statusCode, body: answer, error }), statusCode, error);
  }

  private async afterAccepted(action: ClaimedAction, base: { systemId: string; incidentId: string; actionId: string; policyId: string; actor: string }): Promise<void> {
    try {
      const changed = await this.deps.onAccepted?.(action);
      if (changed) await this.deps.audit.record(this.deps.audit.db, { ...base, actor: "policy", event: "VERSION_CHANGED", detail: changed });
    } catch (error) {
      this.deps.log?.("warn", `remediation: action ${action.id} accepted, but its effect could not be recorded`, error);
    }
  }

  private async settle(action: ClaimedAction, policy: PolicyRow, outcome: ReturnType<typeof attemptOutcome>, statusCode: number | null, error: string | null): Promise<void> {
    const base = { systemId: action.systemId, incidentId: action.incidentId, actionId: action.id, policyId: policy.id, actor: "runner" };
    await this.deps.audit.record(this.deps.audit.db, { ...base, event: "ATTEMPT", detail: `attempt ${action.attempts} to ${policy.runnerUrl}: ${statusCode !== null ? `HTTP ${statusCode}` : error ?? "no request"}` });
    let settled: boolean;
    switch (outcome.kind) {
      case "accepted": {
        const status = action.kind === "NOTIFY" ? "DONE" : "ACCEPTED";
        settled = await this.deps.actions.settle(action.id, action.leaseToken, { status, outcome: outcome.message, final: status === "DONE" });
        if (settled) await this.deps.audit.record(this.deps.audit.db, { ...base, event: status, detail: `${action.kind} ${status === "DONE" ? "delivered" : "accepted by the runner"}: ${outcome.message}` });
        if (settled) await this.afterAccepted(action, base);
        break;
      }
      case "refused":
      case "gave-up":
        settled = await this.deps.actions.settle(action.id, action.leaseToken, { status: "FAILED", outcome: outcome.message, final: true });
        if (settled) await this.deps.audit.record(this.deps.audit.db, { ...base, event: "FAILED", detail: outcome.message });
        break;
      case "retry":
        settled = await this.deps.actions.settle(action.id, action.leaseToken, { retryInMs: outcome.delayMs, outcome: `attempt ${action.attempts}: ${outcome.message}; retry in ${outcome.delayMs} ms` });
        break;
      default: {
        const never: never = outcome;
        throw new Error(`services/remediation: unknown outcome ${JSON.stringify(never)}`);
      }
    }
    if (!settled) this.deps.log?.("warn", `remediation: action ${action.id} lost its lease during attempt ${action.attempts}`);
  }
}
