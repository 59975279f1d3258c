// How a delivery attempt's answer is read and when the next attempt is due (pure). A 2xx answer is
// the runner's word: {"status": "failed"} refuses the action, anything else accepts it. A 4xx
// (except 408 and 429) is a refusal that retrying will not change; 5xx, 408, 429 and network
// errors are retried with exponential backoff until MAX_ATTEMPTS.

export const DELIVERY = { maxAttempts: 5, baseBackoffMs: 1_000, maxBackoffMs: 60_000, timeoutMs: 10_000, leaseMs: 60_000 } as const;

export type AttemptOutcome = { kind: "accepted"; message: string } | { kind: "refused"; message: string } | { kind: "retry"; message: string; delayMs: number } | { kind: "gave-up"; message: string };

export function backoffMs(attempt: number): number {
  return Math.min(DELIVERY.maxBackoffMs, DELIVERY.baseBackoffMs * 2 ** Math.max(0, attempt - 1));
}

function runnerSays(body: string): { failed: boolean; message: string } {
  try {
    const parsed = JSON.parse(body) as { status?: unknown; message?: unknown };
    const message = typeof parsed.message === "string" ? parsed.message.slice(0, 500) : "";
    return { failed: typeof parsed.status === "string" && parsed.status.toLowerCase() === "failed", message };
  } catch {
    return { failed: false, message: "" };
  }
}

/** The outcome of attempt number `attempt` (1-based): HTTP status and body, or a transport error. */
export function attemptOutcome(args: { attempt: number; statusCode: number | null; body: string; error: string | null }): AttemptOutcome {
  const { attempt, statusCode } = args;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    const said = runnerSays(args.body);
    return said.failed ? { kind: "refused", message: `the runner answered failed${said.message ? `: ${said.message}` : ""}` } : { kind: "accepted", message: said.message || `HTTP ${statusCode}` };
  }
  const what = statusCode === null ? args.error ?? "no answer" : `HTTP ${statusCode}`;
  if (statusCode !== null && statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429) return { kind: "refused", message: `the runner refused the request (${what})` };
  if (attempt >= DELIVERY.maxAttempts) return { kind: "gave-up", message: `not delivered after ${attempt} attempt(s) (${what})` };
  return { kind: "retry", message: what, delayMs: backoffMs(attempt) };
}
