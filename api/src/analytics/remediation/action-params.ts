// What one planned step carries to the runner (pure): ROLLBACK names the version to leave and the
// one to return to (rollbackTarget: the latest earlier version that differs from the current one and
// was never rolled back from; none → the step cannot run), FALLBACK the
// model to switch to, RETRAIN the strategy and size of the batch it will claim; WEBHOOK and NOTIFY
// carry the incident alone.
import type { PolicyStep } from "./remediation-policy.js";
import { POLICY_DEFAULTS } from "./remediation-policy.js";

export type ActionParams = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string };

/**
 * The version a ROLLBACK returns to, from the model's history (oldest first, rollbacks included):
 * a version that goes live again after others (an entry equal to an earlier one) is a return, so
 * the entry before it was rolled back from. The target is the latest earlier version that is not the
 * current one and was never rolled back from; null when there is none ([a, b, a] → null: b was bad
 * and nothing precedes a; [a, b, a, c] → a; [a, b, c, b] → a).
 */
export function rollbackTarget(versions: readonly string[]): string | null {
  const rolledBackFrom = new Set<string>();
  for (let i = 1; i < versions.length; i += 1) {
    if (versions.slice(0, i).includes(versions[i])) rolledBackFrom.add(versions[i - 1]);
  }
  const current = versions[versions.length - 1];
  for (let i = versions.length - 2; i >= 0; i -= 1) {
    if (versions[i] !== current && !rolledBackFrom.has(versions[i])) return versions[i];
  }
  return null;
}

/** `versions`: the model's versions, oldest rollout first (the last is the current one). */
export function actionParams(args: { step: PolicyStep; modelKey: string; versions: readonly string[] }): ActionParams {
  const { step } = args;
  switch (step.kind) {
    case "ROLLBACK": {
      const target = rollbackTarget(args.versions);
      if (target === null) return { ok: false, reason: `ROLLBACK: ${args.modelKey} has no previous version to roll back to` };
      return { ok: true, params: { fromVersion: args.versions[args.versions.length - 1], toVersion: target } };
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
