// The failed-authentication limit per client address, as pure arithmetic (the clock is an argument).
// Rule: an address may fail `maxFailures` times in a window of `windowMs` that opens with its first
// failure; further failed attempts inside that window are refused (HTTP 429) until it closes, and the
// window after it opens with the next failure. Only failures count: a valid key is accepted before
// this limit is consulted, so one attacker behind a shared NAT cannot lock its legitimate users out.

export interface FailedAuthRule {
  /** Failed attempts allowed per window. */
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_FAILED_AUTH_RULE: FailedAuthRule = { maxFailures: 20, windowMs: 60_000 };

/** One address's failures in its current window. */
export interface FailedAuthState {
  windowStart: number;
  failures: number;
}

export type FailedAuthDecision =
  /** Answer UNAUTHENTICATED (401); store `state`. */
  | { limited: false; state: FailedAuthState }
  /** Answer 429 with Retry-After; the state is unchanged (refused attempts do not extend the window). */
  | { limited: true; state: FailedAuthState; retryAfterSeconds: number };

/** Records one failed attempt at `now` (ms) for an address whose state is `state` (undefined: none yet). */
export function recordFailedAttempt(args: { state: FailedAuthState | undefined; now: number; rule?: FailedAuthRule }): FailedAuthDecision {
  const rule = args.rule ?? DEFAULT_FAILED_AUTH_RULE;
  if (!(rule.maxFailures >= 1) || !(rule.windowMs > 0)) {
    throw new Error(`services/api-key-rate-limit: expected maxFailures ≥ 1 and windowMs > 0, got ${rule.maxFailures} and ${rule.windowMs}`);
  }
  const open = args.state !== undefined && args.now >= args.state.windowStart && args.now < args.state.windowStart + rule.windowMs;
  if (!open) return { limited: false, state: { windowStart: args.now, failures: 1 } };
  const state = args.state!;
  if (state.failures >= rule.maxFailures) {
    const retryAfterSeconds = Math.max(1, Math.ceil((state.windowStart + rule.windowMs - args.now) / 1000));
    return { limited: true, state, retryAfterSeconds };
  }
  return { limited: false, state: { windowStart: state.windowStart, failures: state.failures + 1 } };
}

/** True when the state's window has closed at `now`, so it may be forgotten. */
export function isExpired(args: { state: FailedAuthState; now: number; rule?: FailedAuthRule }): boolean {
  const rule = args.rule ?? DEFAULT_FAILED_AUTH_RULE;
  return args.now >= args.state.windowStart + rule.windowMs || args.now < args.state.windowStart;
}
