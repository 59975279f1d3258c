// Multivariate drift detectors, one per (model, reference): claimed by one trainer at a time,
// stored as JSON when ready, or with the reason they failed.
import type { DataSource } from "typeorm";

export type DetectorStatus = "training" | "ready" | "failed";

export interface DetectorRecord<T> {
  status: DetectorStatus;
  detector: T | null;
  error: string | null;
  referenceRows: number | null;
  startedAt: Date;
}

export class DriftDetectorRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get<T>(modelId: string, from: Date, to: Date): Promise<DetectorRecord<T> | null> {
    const rows: Array<{ status: DetectorStatus; detector: T | null; error: string | null; reference_rows: number | null; started_at: Date }> = await this.dataSource.query(
      `SELECT status, detector, error, reference_rows, started_at FROM drift_detectors WHERE model_id = $1 AND reference_from = $2 AND reference_to = $3`,
      [modelId, from, to],
    );
    const r = rows[0];
    return r ? { status: r.status, detector: r.detector, error: r.error, referenceRows: r.reference_rows, startedAt: r.started_at } : null;
  }

  /**
   * Claims the training of this detector: true when this caller should train it (no row yet, or a
   * "training" row older than `staleAfterMs` — its trainer died). Atomic across processes.
   */
  async claim(modelId: string, from: Date, to: Date, staleAfterMs: number): Promise<boolean> {
    const rows: Array<{ claimed: boolean }> = await this.dataSource.query(
      `INSERT INTO drift_detectors (model_id, reference_from, reference_to, status) VALUES ($1, $2, $3, 'training')
       ON CONFLICT (model_id, reference_from, reference_to) DO UPDATE
         SET status = 'training', started_at = now(), error = NULL, detector = NULL, finished_at = NULL
         WHERE drift_detectors.status = 'training' AND drift_detectors.started_at < now() - ($4 || ' milliseconds')::interval
       RETURNING true AS claimed`,
      [modelId, from, to, String(staleAfterMs)],
    );
    return rows.length > 0;
  }

  async finish<T>(modelId: string, from: Date, to: Date, result: { detector: T; referenceRows: number } | { error: string }): Promise<void> {
    if ("error" in result) {
      await this.dataSource.query(
        `UPDATE drift_detectors SET status = 'failed', error = $4, finished_at = now() WHERE model_id = $1 AND reference_from = $2 AND reference_to = $3`,
        [modelId, from, to, result.error],
      );
    } else {
      await this.dataSource.query(
        `UPDATE drift_detectors SET status = 'ready', detector = $4::jsonb, reference_rows = $5, finished_at = now()
         WHERE model_id = $1 AND reference_from = $2 AND reference_to = $3`,
        [modelId, from, to, JSON.stringify(result.detector), result.referenceRows],
      );
    }
  }
}
