import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { ModelEntity, type FeatureSpec, type ModelTaskValue } from "../entities/index.js";
import type { Queryable } from "../queryable.js";

const COLUMNS = `id, system_id AS "systemId", key, name, task, version, features, description, retired_at AS "retiredAt", retired_from AS "retiredFrom", created_at AS "createdAt", updated_at AS "updatedAt"`;

export class ModelRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ModelEntity);
  }

  /** The model, unless its system is being deleted (then it is gone for every reader). */
  async byId(id: string): Promise<ModelEntity | null> {
    return (await this.byIds([id]))[0] ?? null;
  }

  async byIds(ids: readonly string[]): Promise<ModelEntity[]> {
    if (ids.length === 0) return [];
    const rows: ModelEntity[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM models m WHERE id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM systems s WHERE s.id = m.system_id AND s.deleting_since IS NOT NULL)`,
      [[...ids]],
    );
    return rows.map((r) => Object.assign(new ModelEntity(), r));
  }

  byKey(systemId: string, key: string): Promise<ModelEntity | null> {
    return this.repo.findOneBy({ systemId, key });
  }

  byKeys(systemId: string, keys: readonly string[]): Promise<ModelEntity[]> {
    return this.repo.findBy({ systemId, key: In([...keys]) });
  }

  /** Models of many systems in one query, ordered by key. */
  bySystems(systemIds: readonly string[]): Promise<ModelEntity[]> {
    return systemIds.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { systemId: In([...systemIds]) }, order: { key: "ASC" } });
  }

  /** Inserts the model, or updates name/version/features of the existing one with that key; null when that key exists with another task or is retired. */
  async upsert(args: { systemId: string; key: string; name: string; task: ModelTaskValue; version: string | null; features: FeatureSpec[] }, q: Queryable = this.dataSource): Promise<ModelEntity | null> {
    const rows: Array<{ id: string }> = await q.query(
      `INSERT INTO models (system_id, key, name, task, version, features)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (system_id, key) DO UPDATE
         SET name = EXCLUDED.name, version = EXCLUDED.version, features = EXCLUDED.features, updated_at = now()
         WHERE models.task = EXCLUDED.task AND models.retired_at IS NULL
       RETURNING id`,
      [args.systemId, args.key, args.name, args.task, args.version, JSON.stringify(args.features)],
    );
    if (rows.length === 0) return null;
    return this.byIdIn(q, rows[0]!.id);
  }

  /** The model, locked for a change in the caller's transaction. */
  async byIdForUpdate(q: Queryable, id: string): Promise<ModelEntity | null> {
    const rows: Array<{ id: string }> = await q.query(`SELECT id FROM models WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length === 0 ? null : this.byIdIn(q, id);
  }

  async update(q: Queryable, id: string, fields: { name: string; description: string | null; version: string | null; features: FeatureSpec[] }): Promise<ModelEntity> {
    await q.query(`UPDATE models SET name = $2, description = $3, version = $4, features = $5::jsonb, updated_at = now() WHERE id = $1`, [id, fields.name, fields.description, fields.version, JSON.stringify(fields.features)]);
    return this.byIdIn(q, id);
  }

  async retire(q: Queryable, id: string, retiredAt: Date, retiredFrom: Date | null): Promise<ModelEntity> {
    await q.query(`UPDATE models SET retired_at = $2, retired_from = $3, updated_at = now() WHERE id = $1`, [id, retiredAt, retiredFrom]);
    return this.byIdIn(q, id);
  }

  /** Models of the system by key, on the caller's connection (inside its transaction). */
  async byKeysIn(q: Queryable, systemId: string, keys: readonly string[]): Promise<ModelEntity[]> {
    const rows: ModelEntity[] = await q.query(`SELECT ${COLUMNS} FROM models WHERE system_id = $1 AND key = ANY($2::text[])`, [systemId, [...keys]]);
    return rows.map((r) => Object.assign(new ModelEntity(), r));
  }

  private async byIdIn(q: Queryable, id: string): Promise<ModelEntity> {
    const rows: ModelEntity[] = await q.query(`SELECT ${COLUMNS} FROM models WHERE id = $1`, [id]);
    if (!rows[0]) throw new Error(`db/model-repository: model ${id} vanished`);
    return Object.assign(new ModelEntity(), rows[0]);
  }
}

/**
 * Whether telemetry may still be written for the model, read inside the writer's transaction after
 * it took the model's write lock (so a retirement or a system deletion that committed first is seen).
 */
export async function modelWriteState(q: Queryable, modelId: string): Promise<"open" | "retired" | "gone"> {
  const rows: Array<{ retired: boolean }> = await q.query(
    `SELECT m.retired_at IS NOT NULL AS retired FROM models m JOIN systems s ON s.id = m.system_id WHERE m.id = $1 AND s.deleting_since IS NULL`,
    [modelId],
  );
  if (rows.length === 0) return "gone";
  return rows[0]!.retired ? "retired" : "open";
}
