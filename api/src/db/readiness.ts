import type { DataSource } from "typeorm";
import { migrationState } from "./migrate.js";

export interface Readiness {
  ready: boolean;
  reason: string;
}

/** Database reachable and every known migration applied. */
export async function checkReadiness(dataSource: DataSource): Promise<Readiness> {
  try {
    const state = await migrationState(dataSource);
    if (state.pending.length > 0) return { ready: false, reason: `migrations pending: ${state.pending.join(", ")}` };
    if (state.unknown.length > 0) return { ready: false, reason: `database has unknown migrations: ${state.unknown.join(", ")}` };
    return { ready: true, reason: "database reachable and migrated" };
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${(error as Error).message}` };
  }
}
