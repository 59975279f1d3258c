// The background evaluator's round: for every system, the closed windows without a stored verdict
// since the last evaluated one (bounded, see `windowsToCatchUp`), evaluated oldest first, so an
// outage leaves no hole in the health history. Any number of API processes run rounds against one
// database: a claim (evaluation_claims, a short lease renewed while working) decides who computes a
// window, and the store step's existence check under an advisory lock decides who stores it.
//
// A failed evaluation gives its claim back at once. When it cannot (the database is away) the
// claim is remembered and given back at the start of a later round; if the process dies instead,
// the lease runs out after EVALUATION_LEASE_MS.
import type { HealthRepository } from "../../db/repositories/health-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { SystemEntity } from "../../db/entities/index.js";
import { lastClosedWindow, windowsToCatchUp, type TimeWindow } from "../../analytics/health/time-window.js";

/** At most this many closed windows back (the last closed one included) are evaluated after an outage. */
export const CATCH_UP_WINDOWS = 48;
/** A claim not renewed for this long (its process died or lost the database) may be taken over. */
export const EVALUATION_LEASE_MS = 60_000;
/** A claim is renewed this often while its window is being evaluated. */
export const LEASE_RENEW_MS = 20_000;

export interface EvaluatorDeps {
  systems: SystemRepository;
  health: HealthRepository;
  now: () => Date;
  /** Computes and stores the window (false: another evaluator had stored it). */
  evaluateWindow: (system: SystemEntity, window: TimeWindow) => Promise<{ stored: boolean }>;
}

export class ClosedWindowEvaluator {
  /** Claims a failed evaluation could not give back (the database was away), to retry. */
  private readonly unreleased = new Map<string, { systemId: string; windowStart: Date; token: string }>();

  constructor(private readonly deps: EvaluatorDeps) {}

  /**
   * One round over every system; returns how many window verdicts it stored. A system whose
   * evaluation fails stops at that window (later ones wait for it) and the others go on; the first
   * failure is then rethrown. `signal` stops the round between windows (shutdown).
   */
  async run(signal?: AbortSignal): Promise<number> {
    await this.releaseLeftovers();
    let stored = 0;
    let failure: { error: unknown } | undefined;
    for (const system of await this.deps.systems.list()) {
      if (signal?.aborted) break;
      try {
        stored += await this.catchUp(system, signal);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
    return stored;
  }

  private async catchUp(system: SystemEntity, signal: AbortSignal | undefined): Promise<number> {
    const now = this.deps.now();
    const last = lastClosedWindow(now, system.windowSeconds);
    const lastEvaluated = await this.deps.health.lastEvaluatedWindow(system.id, last.from);
    if (lastEvaluated !== null && lastEvaluated.getTime() >= last.from.getTime()) return 0; // the usual case: nothing owed
    const firstActivity = lastEvaluated === null ? await this.deps.health.firstActivity(system.id) : null;
    const windows = windowsToCatchUp({ now, windowSeconds: system.windowSeconds, lastEvaluated, firstActivity, maxWindows: CATCH_UP_WINDOWS });
    let stored = 0;
    for (const window of windows) {
      if (signal?.aborted) break;
      const token = await this.deps.health.claimEvaluation(system.id, window.from, EVALUATION_LEASE_MS);
      if (token === null) {
        if (await this.deps.health.isEvaluated(system.id, window.from)) continue;
        // Another evaluator is on this window: the later ones wait for its verdict (next round).
        break;
      }
      if (await this.evaluateClaimed(system, window, token)) stored += 1;
    }
    return stored;
  }

  private async evaluateClaimed(system: SystemEntity, window: TimeWindow, token: string): Promise<boolean> {
    let current = token;
    let renewing: Promise<void> = Promise.resolve();
    const renew = setInterval(() => {
      renewing = this.deps.health.renewClaim(system.id, window.from, current).then(
        (next) => {
          if (next !== null) current = next;
        },
        () => undefined, // the lease runs out; the store step still decides
      );
    }, LEASE_RENEW_MS);
    renew.unref();
    try {
      return (await this.deps.evaluateWindow(system, window)).stored;
    } catch (error) {
      clearInterval(renew);
      await renewing; // give back the claim with its latest token
      await this.release(system.id, window.from, current);
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  private async release(systemId: string, windowStart: Date, token: string): Promise<void> {
    try {
      await this.deps.health.releaseClaim(systemId, windowStart, token);
    } catch {
      this.unreleased.set(`${systemId}|${windowStart.toISOString()}`, { systemId, windowStart, token });
    }
  }

  private async releaseLeftovers(): Promise<void> {
    for (const [key, c] of [...this.unreleased]) {
      try {
        await this.deps.health.releaseClaim(c.systemId, c.windowStart, c.token);
        this.unreleased.delete(key);
      } catch {
        return; // still away: the next round tries again
      }
    }
  }
}
