// Model versions (rollouts, a version may go live again: a rollback): registered with the time they went live, and the labelled predictions
// of one version for the before/after comparison. A prediction stored without a version belongs to
// the version live at its timestamp (the latest rollout at or before it).
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";

export interface ModelVersionRow {
  id: string;
  systemId: string;
  modelId: string;
  version: string;
  notes: string;
  liveAt: Date;
  registeredAt: Date;
}

export interface VersionedPredictionRow {
  score: number | null;
  predictedClass: string | null;
  probabilities: Record<string, number> | null;
  labelValue: number | null;
  labelClass: string | null;
  features: Record<string, unknown>;
}

const COLUMNS = `id, system_id AS "systemId", model_id AS "modelId", version, notes, live_at AS "liveAt", registered_at AS "registeredAt"`;

export class ModelVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A rollout (`actionId`: the remediation action that rolled back to it); null when the same (time, version) exists. */
  async insert(q: Queryable, row: Omit<ModelVersionRow, "id" | "registeredAt"> & { actionId?: string | null }): Promise<ModelVersionRow | null> {
    const rows: ModelVersionRow[] = await q.query(
      `INSERT INTO model_versions (system_id, model_id, version, notes, live_at, action_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (model_id, live_at, version) DO NOTHING RETURNING ${COLUMNS}`,
      [row.systemId, row.modelId, row.version, row.notes, row.liveAt, row.actionId ?? null],
    );
    return rows[0] ?? null;
  }

  /** Marks the model's current version (models.version) on the same connection. */
  async setCurrent(q: Queryable, modelId: string, version: string): Promise<void> {
    await q.query(`UPDATE models SET version = $2 WHERE id = $1`, [modelId, version]);
  }

  /** The model's versions, oldest rollout first. */
  ofModel(modelId: string, q: Queryable = this.dataSource): Promise<ModelVersionRow[]> {
    return q.query(`SELECT ${COLUMNS} FROM model_versions WHERE model_id = $1 ORDER BY live_at, registered_at`, [modelId]);
  }

  /** Every version of the system's models, oldest rollout first. */
  ofSystem(systemId: string, q: Queryable = this.dataSource): Promise<ModelVersionRow[]> {
    return q.query(`SELECT ${COLUMNS} FROM model_versions WHERE system_id = $1 ORDER BY live_at, registered_at`, [systemId]);
  }

  /**
   * The most recent `limit` predictions of one version (with their labels, if any): those tagged
   * with it, and the untagged ones inside the intervals it was live (`from` inclusive, `to`
   * exclusive, null: open).
   */
  predictionsOf(modelId: string, version: string, intervals: ReadonlyArray<{ from: Date; to: Date | null }>, limit: number): Promise<VersionedPredictionRow[]> {
    return this.dataSource.query(
      `SELECT p.score, p.predicted_class AS "predictedClass", p.probabilities, l.value AS "labelValue", l.class AS "labelClass", p.features
         FROM predictions p LEFT JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
        WHERE p.model_id = $1 AND (p.model_version = $2 OR (p.model_version IS NULL AND EXISTS (
          SELECT 1 FROM unnest($3::timestamptz[], $4::timestamptz[]) AS r(f, t) WHERE p.ts >= r.f AND (r.t IS NULL OR p.ts < r.t))))
        ORDER BY p.ts DESC LIMIT $5`,
      [modelId, version, intervals.map((i) => i.from), intervals.map((i) => i.to), limit],
    );
  }

  /** The model's stored health statuses of the windows starting at or before `atOrBefore`, newest first (at most `limit`). */
  async statusHistory(modelId: string, atOrBefore: Date, limit: number): Promise<Array<{ windowStart: Date; status: string }>> {
    const rows: Array<{ windowStart: Date | string; status: string }> = await this.dataSource.query(
      `SELECT window_start AS "windowStart", status FROM model_health WHERE model_id = $1 AND window_start <= $2 ORDER BY window_start DESC LIMIT $3`,
      [modelId, atOrBefore, limit],
    );
    return rows.map((r) => ({ windowStart: new Date(r.windowStart), status: r.status }));
  }
}
