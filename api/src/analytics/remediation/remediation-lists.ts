// The lists of remediation (docs/remediation.md), defined once: what a policy step does, how a
// policy acts (AUTO delivers at once, PROPOSE waits for a person), the lifecycle of an action and
// the events of the audit trail. GraphQL enums and the database's values derive from these.

/** ROLLBACK to the previous version, FALLBACK to a named model, RETRAIN with a claimed batch, WEBHOOK to any runner, NOTIFY (not verified). */
export const ACTION_KINDS = ["ROLLBACK", "FALLBACK", "RETRAIN", "WEBHOOK", "NOTIFY"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const POLICY_MODES = ["AUTO", "PROPOSE"] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

/**
 * PROPOSED (waits for approval) → PENDING (due for delivery) → ACCEPTED (the runner took it; being
 * verified) → CREDITED (recovered within K windows) or FAILED (refused, undeliverable or not
 * recovered); REJECTED (a person said no); DONE (a NOTIFY delivered: nothing to verify);
 * CANCELLED (its incident resolved before it ran).
 */
export const ACTION_STATUSES = ["PROPOSED", "PENDING", "ACCEPTED", "CREDITED", "FAILED", "REJECTED", "DONE", "CANCELLED"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Statuses after which an action no longer changes. */
export const FINAL_ACTION_STATUSES: ReadonlySet<ActionStatus> = new Set<ActionStatus>(["CREDITED", "FAILED", "REJECTED", "DONE", "CANCELLED"]);

export const AUDIT_EVENTS = ["POLICY_CREATED", "POLICY_ENABLED", "POLICY_DISABLED", "PROPOSED", "PLANNED", "APPROVED", "REJECTED", "BLOCKED", "ATTEMPT", "ACCEPTED", "FAILED", "CREDITED", "DONE", "CANCELLED", "ESCALATED", "RESULT_REPORTED", "VERSION_CHANGED"] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === "string" && (ACTION_KINDS as readonly string[]).includes(value);
}

export function isFinalStatus(status: string): boolean {
  return FINAL_ACTION_STATUSES.has(status as ActionStatus);
}
