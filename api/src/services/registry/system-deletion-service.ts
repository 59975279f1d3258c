// Deleting a whole system (ADMIN, confirmed by its name): first marked as being deleted (from that
// commit on, no reader, writer or evaluator sees it), then each model's in-flight writes are waited
// for and its telemetry deleted in chunks, then everything else in one transaction. Other systems'
// rows and locks are never touched, so their ingestion goes on. A deletion stopped half-way (a
// crash) is finished by calling deleteSystem again; the system stays invisible meanwhile.
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import { CHUNKED_MODEL_TABLES, type SystemDeletionRepository } from "../../db/repositories/system-deletion-repository.js";
import { TELEMETRY_KINDS } from "../ingest/telemetry-kinds.js";
import { canSeeSystem, requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import { inChange, type ChangeUnitDeps } from "./change-unit.js";
import { systemSummary } from "../../analytics/registry/change-summaries.js";

export interface SystemDeletionDeps extends ChangeUnitDeps {
  systems: SystemRepository;
  models: ModelRepository;
  deletion: SystemDeletionRepository;
  now: () => Date;
}

export interface SystemDeletion {
  systemId: string;
  name: string;
  /** Rows deleted per table. */
  deleted: Array<{ table: string; rows: number }>;
  totalRows: number;
}

export class SystemDeletionService {
  constructor(private readonly deps: SystemDeletionDeps) {}

  async deleteSystem(principal: Principal, args: { id: string; confirmName: string }): Promise<SystemDeletion> {
    const system = isId(args.id) && canSeeSystem(principal, args.id) ? await this.deps.systems.byIdEvenDeleting(args.id) : null;
    if (!system) throw new NotFoundError(`system '${args.id}' not found`);
    requireScope(principal, "ADMIN", "deleteSystem");
    if (args.confirmName !== system.name) {
      throw new BadInputError(`confirmName: type the system's name exactly to delete it and all its data ("${system.name}"), got "${args.confirmName}"`);
    }
    // 1. Gone for everyone, recorded (the record of a deletion outlives the system: see below).
    await inChange(this.deps, principal, system, async (c) => {
      await this.deps.systems.markDeleting(c.q, system.id, this.deps.now());
    });
    // 2. Telemetry, model by model, after its in-flight writes committed (they saw the system alive).
    const models = await this.deps.models.bySystems([system.id]);
    const counts: Record<string, number> = {};
    for (const model of models) {
      await this.deps.deletion.waitForWriters(model.id, TELEMETRY_KINDS);
      for (const table of CHUNKED_MODEL_TABLES) counts[table] = (counts[table] ?? 0) + (await this.deps.deletion.deleteModelRowsChunked(table, model.id));
    }
    // 3. The rest, with the system's own history, then one record that it was deleted.
    Object.assign(counts, await this.deps.deletion.deleteRest(system.id, models.map((m) => m.id)));
    const deleted = Object.entries(counts).map(([table, rows]) => ({ table, rows }));
    const totalRows = deleted.reduce((s, d) => s + d.rows, 0);
    await inChange(this.deps, principal, system, (c) =>
      c.record({ kind: "SYSTEM_DELETED", summary: systemSummary("SYSTEM_DELETED", { name: system.name, totalRows }), details: { name: system.name, models: models.map((m) => m.key), deleted: counts } }),
    );
    return { systemId: system.id, name: system.name, deleted, totalRows };
  }
}
