// Window profiles (docs/privacy.md): one row per model, window and column holding the encoded
// mergeable profile (analytics/profiles/profile-codec.ts); the reference bins numeric columns are
// counted on; accepted client uploads. Writers merge under the model's profile lock inside the
// transaction of the rows they count, so a profile never counts a row that was not committed.
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";
import type { FeatureKindValue } from "../entities/index.js";

export interface StoredProfileRow {
  windowStart: Date;
  windowSeconds: number;
  column: string;
  kind: FeatureKindValue;
  rowCount: number;
  profile: Record<string, unknown>;
}

export interface ProfileUpsert {
  windowStart: Date;
  column: string;
  kind: string;
  rowCount: number;
  profile: object;
}

export interface StoredReferenceBins {
  from: Date;
  to: Date;
  bins: Record<string, { edges: number[]; deciles: number[] }>;
  exact: boolean;
}

const SELECT_ROWS = `SELECT window_start AS "windowStart", window_seconds AS "windowSeconds", column_name AS "column", kind, row_count::float8 AS "rowCount", profile FROM window_profiles`;

export class ProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serializes the writers of one model's profiles until the end of the transaction. */
  async lock(q: Queryable, modelId: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`profiles:${modelId}`]);
  }

  /** The window length of the system (profiles are per window of it), on the transaction's connection. */
  async windowSecondsOf(q: Queryable, systemId: string): Promise<number> {
    const rows: Array<{ s: number }> = await q.query(`SELECT window_seconds AS s FROM systems WHERE id = $1`, [systemId]);
    if (!rows[0]) throw new Error(`db/profile-repository: system '${systemId}' not found`);
    return rows[0].s;
  }

  /** The stored profiles of these windows (by start), every column, on the transaction's connection. */
  windowsOf(q: Queryable, modelId: string, starts: readonly Date[]): Promise<StoredProfileRow[]> {
    if (starts.length === 0) return Promise.resolve([]);
    return q.query(`${SELECT_ROWS} WHERE model_id = $1 AND window_start = ANY($2::timestamptz[])`, [modelId, starts]);
  }

  /** Deletes the stored profiles of these windows (by start), on the transaction's connection. */
  async deleteWindows(q: Queryable, modelId: string, starts: readonly Date[]): Promise<void> {
    if (starts.length === 0) return;
    await q.query(`WITH d AS (DELETE FROM window_profiles WHERE model_id = $1 AND window_start = ANY($2::timestamptz[]) RETURNING 1) SELECT count(*) FROM d`, [modelId, starts]);
  }

  /** The model's stored predictions in [from, to), as ingestion writes them (for rebuilding that window's profile). */
  storedPredictions(q: Queryable, modelId: string, from: Date, to: Date): Promise<Array<{ i: string; t: string; f: Record<string, number | string | null>; s: number | null; c: string | null; g: string | null }>> {
    return q.query(
      `SELECT prediction_id AS i, to_json(ts) #>> '{}' AS t, features AS f, score AS s, predicted_class AS c, segment AS g
       FROM predictions WHERE model_id = $1 AND ts >= $2 AND ts < $3`,
      [modelId, from, to],
    );
  }

  /** Profiles of the windows starting in [from, to) (columns: all, or only these). */
  inRange(modelId: string, from: Date, to: Date, columns?: readonly string[]): Promise<StoredProfileRow[]> {
    return columns
      ? this.dataSource.query(`${SELECT_ROWS} WHERE model_id = $1 AND window_start >= $2 AND window_start < $3 AND column_name = ANY($4::text[]) ORDER BY window_start`, [modelId, from, to, columns])
      : this.dataSource.query(`${SELECT_ROWS} WHERE model_id = $1 AND window_start >= $2 AND window_start < $3 ORDER BY window_start`, [modelId, from, to]);
  }

  /** Rows profiled per window starting in [from, to) (the output column counts every row once). */
  async rowsPerWindow(modelId: string, from: Date, to: Date, column: string): Promise<Array<{ windowStart: Date; windowSeconds: number; rowCount: number }>> {
    return this.dataSource.query(
      `SELECT window_start AS "windowStart", window_seconds AS "windowSeconds", row_count::float8 AS "rowCount" FROM window_profiles
       WHERE model_id = $1 AND column_name = $4 AND window_start >= $2 AND window_start < $3 ORDER BY window_start`,
      [modelId, from, to, column],
    );
  }

  /** The first window (start, length) whose profiles count at least `min` rows, or null. */
  async firstWindowWithAtLeast(modelId: string, column: string, min: number): Promise<{ windowStart: Date; windowSeconds: number } | null> {
    const rows: Array<{ windowStart: Date; windowSeconds: number }> = await this.dataSource.query(
      `SELECT window_start AS "windowStart", window_seconds AS "windowSeconds" FROM window_profiles
       WHERE model_id = $1 AND column_name = $2 AND row_count >= $3 ORDER BY window_start LIMIT 1`,
      [modelId, column, min],
    );
    return rows[0] ?? null;
  }

  /** Creates or replaces profile rows (the caller merged them under the lock). */
  async upsert(q: Queryable, scope: { systemId: string; modelId: string; windowSeconds: number }, rows: readonly ProfileUpsert[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    const payload = rows.map((r) => ({ w: r.windowStart.toISOString(), c: r.column, k: r.kind, n: r.rowCount, p: r.profile }));
    await q.query(
      `INSERT INTO window_profiles (model_id, system_id, window_start, window_seconds, column_name, kind, row_count, profile, updated_at)
       SELECT $1, $2, u.w, $3, u.c, u.k, u.n, u.p, $5
       FROM jsonb_to_recordset($4::jsonb) AS u(w timestamptz, c text, k text, n bigint, p jsonb)
       ON CONFLICT (model_id, window_start, column_name) DO UPDATE
         SET profile = EXCLUDED.profile, row_count = EXCLUDED.row_count, kind = EXCLUDED.kind, window_seconds = EXCLUDED.window_seconds, updated_at = EXCLUDED.updated_at`,
      [scope.modelId, scope.systemId, scope.windowSeconds, JSON.stringify(payload), at],
    );
  }

  /** Records an accepted upload id; false when it was accepted before (a retry: nothing to do). */
  async recordUpload(q: Queryable, args: { systemId: string; modelId: string; uploadId: string; rows: number; windows: number }): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `WITH ins AS (INSERT INTO profile_uploads (model_id, system_id, upload_id, row_count, windows) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (model_id, upload_id) DO NOTHING RETURNING 1) SELECT * FROM ins`,
      [args.modelId, args.systemId, args.uploadId, args.rows, args.windows],
    );
    return rows.length > 0;
  }

  async referenceBins(q: Queryable, modelId: string): Promise<StoredReferenceBins | null> {
    const rows: Array<{ from: Date; to: Date; bins: StoredReferenceBins["bins"]; exact: boolean }> = await q.query(
      `SELECT reference_from AS "from", reference_to AS "to", bins, exact FROM profile_reference_bins WHERE model_id = $1`,
      [modelId],
    );
    return rows[0] ?? null;
  }

  async saveReferenceBins(q: Queryable, args: { systemId: string; modelId: string } & StoredReferenceBins, at: Date): Promise<void> {
    await q.query(
      `INSERT INTO profile_reference_bins (model_id, system_id, reference_from, reference_to, bins, exact, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
       ON CONFLICT (model_id) DO UPDATE SET reference_from = EXCLUDED.reference_from, reference_to = EXCLUDED.reference_to, bins = EXCLUDED.bins, exact = EXCLUDED.exact, updated_at = EXCLUDED.updated_at`,
      [args.modelId, args.systemId, args.from, args.to, JSON.stringify(args.bins), args.exact, at],
    );
  }

  /** Every stored prediction of [from, to) with its timestamp (rebuilding the reference windows' profiles). */
  rawRows(q: Queryable, modelId: string, from: Date, to: Date): Promise<Array<{ ts: Date; features: Record<string, unknown>; score: number | null; predictedClass: string | null; segment: string | null }>> {
    return q.query(
      `SELECT ts, features, score, predicted_class AS "predictedClass", segment FROM predictions WHERE model_id = $1 AND ts >= $2 AND ts < $3`,
      [modelId, from, to],
    );
  }

  /** Stored bytes of the model's profiles (pg_column_size of the profile values) and their row count. */
  async storedBytes(modelId: string): Promise<{ bytes: number; rows: number }> {
    const rows: Array<{ bytes: number; rows: number }> = await this.dataSource.query(
      `SELECT COALESCE(sum(pg_column_size(profile)), 0)::float8 AS bytes, count(*)::int AS rows FROM window_profiles WHERE model_id = $1`,
      [modelId],
    );
    return rows[0]!;
  }
}
