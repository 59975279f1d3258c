import type { DataSource } from "typeorm";
import { databaseOverload } from "./database-errors.js";
import { poolState, type PoolState } from "./data-source.js";
import { migrationState } from "./migrate.js";

export interface Readiness {
  ready: boolean;
  /** True when not ready because Tandem is saturated (every connection busy, timeouts), not because PostgreSQL is down. */
  overloaded?: boolean;
  reason: string;
}

const TIMED_OUT = Symbol("timed out");

function busy(pool: PoolState | undefined): pool is PoolState {
  return pool !== undefined && pool.idle === 0 && pool.total >= pool.max;
}

/**
 * Database reachable and every known migration applied. When the check cannot get an answer
 * within `timeoutMs` while every pooled connection is busy, Tandem is overloaded — the database
 * is not said to be down.
 */
export async function checkReadiness(dataSource: DataSource, timeoutMs = 2_500): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    timer.unref();
  });
  const check = migrationState(dataSource);
  check.catch(() => undefined); // may settle after the timeout
  try {
    const state = await Promise.race([check, timeout]);
    if (state === TIMED_OUT) {
      const pool = poolState(dataSource);
      if (busy(pool)) {
        return { ready: false, overloaded: true, reason: `overloaded: all ${pool.max} database connections are busy (${pool.waiting} requests waiting for one)` };
      }
      return { ready: false, reason: `database did not answer within ${timeoutMs} ms` };
    }
    if (state.pending.length > 0) return { ready: false, reason: `migrations pending: ${state.pending.join(", ")}` };
    if (state.unknown.length > 0) return { ready: false, reason: `database has unknown migrations: ${state.unknown.join(", ")}` };
    return { ready: true, reason: "database reachable and migrated" };
  } catch (error) {
    const overload = databaseOverload(error);
    if (overload !== undefined) return { ready: false, overloaded: true, reason: `overloaded (${overload}): ${(error as Error).message}` };
    return { ready: false, reason: `database unreachable: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
