// At most `perKey` expensive resolver executions (live health, drift reports, performance…) run
// at once per API key; up to `queuePerKey` more wait for a slot (an operation with many aliases
// runs them a few at a time); beyond that the execution is answered OVERLOADED. A waiting
// execution whose request is aborted (client gone, deadline passed) leaves the queue at once.
import { OverloadedError } from "../services/errors.js";

export interface ExpensiveLimits {
  perKey: number;
  queuePerKey: number;
}

export type Admission = "run" | "wait" | "refuse";

/** Whether one more expensive execution of a key runs now, waits for a slot, or is refused. */
export function admit(args: { running: number; waiting: number; limits: ExpensiveLimits }): Admission {
  if (args.running < args.limits.perKey) return "run";
  if (args.waiting < args.limits.queuePerKey) return "wait";
  return "refuse";
}

interface KeyState {
  running: number;
  waiting: Array<{ start: () => void }>;
}

export class ExpensiveLimiter {
  private readonly keys = new Map<string, KeyState>();

  constructor(readonly limits: ExpensiveLimits) {
    if (!(limits.perKey >= 1) || !(limits.queuePerKey >= 0)) throw new Error("graphql/expensive-limiter: perKey must be ≥ 1 and queuePerKey ≥ 0");
  }

  /** Expensive executions of `key` running now (for tests and metrics). */
  running(key: string): number {
    return this.keys.get(key)?.running ?? 0;
  }

  /** Runs `work` when `key` has a free slot; rejects with the signal's reason once it is aborted. */
  async run<T>(key: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    const state = this.keys.get(key) ?? { running: 0, waiting: [] };
    this.keys.set(key, state);
    const decision = admit({ running: state.running, waiting: state.waiting.length, limits: this.limits });
    if (decision === "refuse") {
      throw new OverloadedError(
        `overloaded: this API key already has ${state.running} expensive operations running and ${state.waiting.length} waiting ` +
          `(TANDEM_EXPENSIVE_PER_KEY=${this.limits.perKey}, TANDEM_EXPENSIVE_QUEUE_PER_KEY=${this.limits.queuePerKey}); retry when some have finished`,
        1,
      );
    }
    if (decision === "wait") await this.waitForSlot(state, signal);
    else state.running += 1;
    try {
      signal?.throwIfAborted();
      return await work();
    } finally {
      this.release(key, state);
    }
  }

  /** Resolves once a finishing execution hands its slot over (running stays counted). */
  private waitForSlot(state: KeyState, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = state.waiting.indexOf(entry);
        if (i >= 0) state.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      state.waiting.push(entry);
    });
  }

  private release(key: string, state: KeyState): void {
    const next = state.waiting.shift();
    if (next) {
      next.start(); // the slot passes to the next one in line
      return;
    }
    state.running -= 1;
    if (state.running === 0 && this.keys.get(key) === state) this.keys.delete(key);
  }
}
