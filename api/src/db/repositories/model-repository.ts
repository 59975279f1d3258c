import type { DataSource } from "typeorm";
import { In } from "typeorm";
import { ModelEntity, type FeatureSpec, type ModelTaskValue } from "../entities/index.js";

export class ModelRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ModelEntity);
  }

  byId(id: string): Promise<ModelEntity | null> {
    return this.repo.findOneBy({ id });
  }

  byIds(ids: readonly string[]): Promise<ModelEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.findBy({ id: In([...ids]) });
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

  /** Inserts the model, or updates name/version/features of the existing one with that key; null when that key exists with another task. */
  async upsert(args: { systemId: string; key: string; name: string; task: ModelTaskValue; version: string | null; features: FeatureSpec[] }): Promise<ModelEntity | null> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO models (system_id, key, name, task, version, features)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (system_id, key) DO UPDATE
         SET name = EXCLUDED.name, version = EXCLUDED.version, features = EXCLUDED.features, updated_at = now()
         WHERE models.task = EXCLUDED.task
       RETURNING id`,
      [args.systemId, args.key, args.name, args.task, args.version, JSON.stringify(args.features)],
    );
    if (rows.length === 0) return null;
    const model = await this.byId(rows[0]!.id);
    if (!model) throw new Error("db/model-repository: upserted model vanished");
    return model;
  }
}
