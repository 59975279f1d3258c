// The rows the weak-slice search reads (docs/weak-slices.md): a range's predictions with their
// features and, when present, their label; a uniform sample (sample_level) past a cap.
import type { DataSource } from "typeorm";
import type { LabeledRow } from "./health-repository.js";

export interface SliceRow extends LabeledRow {
  features: Record<string, unknown>;
  labeled: boolean;
}

export class SliceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Predictions with from ≤ ts < to and sample level ≥ minLevel, with their label (left join). */
  rows(modelId: string, from: Date, to: Date, minLevel: number): Promise<SliceRow[]> {
    return this.dataSource.query(
      `SELECT p.features, p.score, p.predicted_class AS "predictedClass", p.probabilities,
              l.value AS "labelValue", l.class AS "labelClass", (l.prediction_id IS NOT NULL) AS labeled
       FROM predictions p LEFT JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1 AND p.ts >= $2 AND p.ts < $3 AND p.sample_level >= $4`,
      [modelId, from, to, minLevel],
    );
  }
}
