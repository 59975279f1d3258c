// Dependencies between models, versioned in time: a row is one version of an edge, in effect for
// the windows starting in [valid_from, valid_to) (NULL: unbounded). Readers of the current wiring
// see the open rows only; the window graph reads every version and picks (analytics/registry).
import type { DataSource } from "typeorm";
import { In, IsNull } from "typeorm";
import { DependencyEntity } from "../entities/index.js";
import type { Queryable } from "../queryable.js";

export class DependencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(DependencyEntity);
  }

  /** The current wiring of the systems (edges still in effect). */
  bySystems(systemIds: readonly string[]): Promise<DependencyEntity[]> {
    return systemIds.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { systemId: In([...systemIds]), validTo: IsNull() }, order: { createdAt: "ASC", id: "ASC" } });
  }

  /** Every version of every edge of the systems, current and past. */
  allVersionsOfSystems(systemIds: readonly string[]): Promise<DependencyEntity[]> {
    return systemIds.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { systemId: In([...systemIds]) }, order: { createdAt: "ASC", id: "ASC" } });
  }

  /** Current edges entering any of the models (their upstream). */
  intoModels(modelIds: readonly string[]): Promise<DependencyEntity[]> {
    return modelIds.length === 0 ? Promise.resolve([]) : this.repo.findBy({ toModelId: In([...modelIds]), validTo: IsNull() });
  }

  /** Current edges leaving any of the models (their downstream). */
  outOfModels(modelIds: readonly string[]): Promise<DependencyEntity[]> {
    return modelIds.length === 0 ? Promise.resolve([]) : this.repo.findBy({ fromModelId: In([...modelIds]), validTo: IsNull() });
  }

  /** The edge from → to in effect now, if any. */
  between(fromModelId: string, toModelId: string): Promise<DependencyEntity | null> {
    return this.repo.findOneBy({ fromModelId, toModelId, validTo: IsNull() });
  }

  /** Current edges touching the model (in or out), locked for a change in the caller's transaction. */
  async currentOfModelForUpdate(q: Queryable, modelId: string): Promise<DependencyEntity[]> {
    const rows: RawDependency[] = await q.query(`SELECT ${COLUMNS} FROM dependencies WHERE (from_model_id = $1 OR to_model_id = $1) AND valid_to IS NULL ORDER BY created_at, id FOR UPDATE`, [modelId]);
    return rows.map(toEntity);
  }

  /** The current edge from → to, locked for a change in the caller's transaction. */
  async currentForUpdate(q: Queryable, fromModelId: string, toModelId: string): Promise<DependencyEntity | null> {
    const rows: RawDependency[] = await q.query(`SELECT ${COLUMNS} FROM dependencies WHERE from_model_id = $1 AND to_model_id = $2 AND valid_to IS NULL FOR UPDATE`, [fromModelId, toModelId]);
    return rows[0] ? toEntity(rows[0]) : null;
  }

  async create(args: { systemId: string; fromModelId: string; toModelId: string; weight: number; feature: string | null; validFrom?: Date | null }, q: Queryable = this.dataSource): Promise<DependencyEntity> {
    const rows: RawDependency[] = await q.query(
      `INSERT INTO dependencies (system_id, from_model_id, to_model_id, weight, feature, valid_from) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [args.systemId, args.fromModelId, args.toModelId, args.weight, args.feature, args.validFrom ?? null],
    );
    return toEntity(rows[0]!);
  }

  /** Ends a version at `validTo` (the windows before keep it). */
  async close(q: Queryable, id: string, validTo: Date): Promise<void> {
    await q.query(`UPDATE dependencies SET valid_to = $2 WHERE id = $1`, [id, validTo]);
  }

  /** Removes a version that was never in effect for a judged window. */
  async delete(q: Queryable, id: string): Promise<void> {
    await q.query(`DELETE FROM dependencies WHERE id = $1`, [id]);
  }
}

const COLUMNS = `id, system_id AS "systemId", from_model_id AS "fromModelId", to_model_id AS "toModelId", weight, feature, created_at AS "createdAt", valid_from AS "validFrom", valid_to AS "validTo"`;

type RawDependency = Omit<DependencyEntity, "weight"> & { weight: number | string };

function toEntity(row: RawDependency): DependencyEntity {
  return Object.assign(new DependencyEntity(), { ...row, weight: Number(row.weight) });
}
