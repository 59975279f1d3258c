// The guards an action passes before it is planned (pure): never on a model whose data is missing
// in the window, one action in flight per model, a cooldown per model (not for the chain moving on
// after a failure: that is the same episode), at most N actions per hour per system. Times are the
// window ends the actions were planned at, so the guards judge the data's time, not the clock's.

export interface GuardArgs {
  /** The window's end (when the action would be planned). */
  at: Date;
  /** The model the action is on (the incident's root). */
  modelId: string;
  /** The model had data in the window (its status is not UNKNOWN). */
  observed: boolean;
  /** The model has an action that is not final (proposed, pending, accepted). */
  inFlight: boolean;
  /** When the last action on this model was planned (null: never). */
  lastPlannedAt: Date | null;
  /** When the system's actions of the last hour before `at` were planned. */
  plannedInLastHour: number;
  cooldownSeconds: number;
  maxActionsPerHour: number;
  /** The chain moving on after a failed step (no cooldown). */
  continuation: boolean;
}

export type GuardVerdict = { allowed: true } | { allowed: false; guard: "MISSING_DATA" | "IN_FLIGHT" | "COOLDOWN" | "RATE_LIMIT"; reason: string };

export function checkGuards(args: GuardArgs): GuardVerdict {
  if (!args.observed) return { allowed: false, guard: "MISSING_DATA", reason: "the model has no data in this window" };
  if (args.inFlight) return { allowed: false, guard: "IN_FLIGHT", reason: "another action on the model is in flight" };
  if (!args.continuation && args.lastPlannedAt !== null) {
    const since = (args.at.getTime() - args.lastPlannedAt.getTime()) / 1000;
    if (since < args.cooldownSeconds) return { allowed: false, guard: "COOLDOWN", reason: `cooldown: the last action on the model was ${since} s ago (cooldown ${args.cooldownSeconds} s)` };
  }
  if (args.plannedInLastHour >= args.maxActionsPerHour) return { allowed: false, guard: "RATE_LIMIT", reason: `rate limit: ${args.plannedInLastHour} action(s) in the system in the last hour (at most ${args.maxActionsPerHour})` };
  return { allowed: true };
}
