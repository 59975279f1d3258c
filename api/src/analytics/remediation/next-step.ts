// What a policy does next for one incident in a window (pure): the chain's next step, nothing, or
// an escalation when the chain is used up. An incident that opened or grew this window starts the
// chain (again, after an action was credited); a failed action moves the chain on whatever the
// window did; an action in flight (proposed, pending, accepted) waits; a rejected proposal stops
// the chain for that incident (a person said no).
import { isFinalStatus } from "./remediation-lists.js";

export interface LastAction {
  seq: number;
  stepIndex: number;
  status: string;
}

export type NextStep =
  | { kind: "run"; seq: number; stepIndex: number; /** true: the chain moving on after a failure (no cooldown). */ continuation: boolean }
  | { kind: "none"; reason: string }
  | { kind: "escalate"; seq: number; reason: string };

export function nextStep(args: { last: LastAction | null; triggered: boolean; chainLength: number; escalated: boolean }): NextStep {
  const { last, triggered, chainLength } = args;
  if (chainLength < 1) throw new Error("analytics/remediation/next-step: a chain has at least one step");
  if (last === null) return triggered ? { kind: "run", seq: 0, stepIndex: 0, continuation: false } : { kind: "none", reason: "the incident did not open or grow" };
  if (!isFinalStatus(last.status)) return { kind: "none", reason: `action ${last.seq} is ${last.status.toLowerCase()}` };
  switch (last.status) {
    case "REJECTED":
      return { kind: "none", reason: "the proposal was rejected" };
    case "FAILED":
      if (last.stepIndex + 1 < chainLength) return { kind: "run", seq: last.seq + 1, stepIndex: last.stepIndex + 1, continuation: true };
      return args.escalated ? { kind: "none", reason: "escalated: every step failed" } : { kind: "escalate", seq: last.seq, reason: `all ${chainLength} step(s) failed` };
    case "DONE":
      // A NOTIFY step has nothing to verify: the chain goes on at once.
      if (last.stepIndex + 1 < chainLength) return { kind: "run", seq: last.seq + 1, stepIndex: last.stepIndex + 1, continuation: true };
      return { kind: "none", reason: "the chain ended with a notification" };
    default:
      // CREDITED or CANCELLED: a new episode of the same incident starts the chain again.
      return triggered ? { kind: "run", seq: last.seq + 1, stepIndex: 0, continuation: false } : { kind: "none", reason: `action ${last.seq} is ${last.status.toLowerCase()}` };
  }
}
