// What one planned step carries to the runner (pure): ROLLBACK names the version to leave and the
// one to return to (the version before the current one; none → the step cannot run), FALLBACK the
// model to switch to, RETRAIN the strategy and size of the batch it will claim; WEBHOOK and NOTIFY
// carry the incident alone.
import type { PolicyStep } from "./remediation-policy.js";
import { POLICY_DEFAULTS } from "./remediation-policy.js";

export type ActionParams = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string };

/** `versions`: the model's versions, oldest rollout first (the last is the current one). */
export function actionParams(args: { step: PolicyStep; modelKey: string; versions: readonly string[] }): ActionParams {
  const { step } = args;
  switch (step.kind) {
    case "ROLLBACK": {
      const n = args.versions.length;
      if (n < 2) return { ok: false, reason: `ROLLBACK: ${args.modelKey} has no previous version to roll back to` };
      return { ok: true, params: { fromVersion: args.versions[n - 1], toVersion: args.versions[n - 2] } };
    }
    case "FALLBACK":
      return { ok: true, params: { fallbackModelKey: step.fallbackModelKey } };
    case "RETRAIN":
      return { ok: true, params: { strategy: step.strategy ?? POLICY_DEFAULTS.retrainStrategy, size: step.size ?? POLICY_DEFAULTS.retrainSize, batchId: null } };
    case "WEBHOOK":
    case "NOTIFY":
      return { ok: true, params: {} };
    default: {
      const never: never = step.kind;
      throw new Error(`analytics/remediation/action-params: unknown kind ${String(never)}`);
    }
  }
}
