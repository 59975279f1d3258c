// The unit of work of a registry change: one transaction, the system's change lock (changes of one
// system are serialized: each reads what the previous one wrote), the window the change takes
// effect from, and its record in the history — committed together or not at all.
import type { QueryRunner } from "typeorm";
import type { RegistryChangeRepository } from "../../db/repositories/registry-change-repository.js";
import type { Transactions } from "../../db/transactions.js";
import type { SystemEntity } from "../../db/entities/index.js";
import { changeBoundary } from "../../analytics/registry/wiring-in-time.js";
import type { RegistryChangeKind } from "../../analytics/registry/change-summaries.js";
import type { Principal } from "../auth.js";

export interface ChangeUnitDeps {
  changes: RegistryChangeRepository;
  transactions: Transactions;
}

export interface ChangeContext {
  q: QueryRunner;
  /** First window the change applies to (null: from the beginning — no window judged yet). */
  boundary: Date | null;
  record(change: { kind: RegistryChangeKind; modelId?: string | null; summary: string; details?: Record<string, unknown>; effectiveFrom?: Date | null }): Promise<void>;
}

/** Runs `fn` as one recorded change of `system` (for a system being created: its id and window). */
export async function inChange<T>(deps: ChangeUnitDeps, principal: Principal, system: Pick<SystemEntity, "id" | "windowSeconds">, fn: (c: ChangeContext) => Promise<T>): Promise<T> {
  const tx = await deps.transactions.begin();
  let result: T;
  try {
    await deps.changes.lockSystem(tx.q, system.id);
    const boundary = changeBoundary(await deps.changes.lastStoredWindowStart(tx.q, system.id), system.windowSeconds);
    const record: ChangeContext["record"] = async (c) => {
      await deps.changes.record(tx.q, { systemId: system.id, modelId: c.modelId ?? null, kind: c.kind, actorKeyId: principal.keyId, effectiveFrom: c.effectiveFrom === undefined ? boundary : c.effectiveFrom, summary: c.summary, details: c.details ?? {} });
    };
    result = await fn({ q: tx.q, boundary, record });
  } catch (error) {
    await tx.abort(error);
    throw error;
  }
  await tx.commit();
  return result;
}
