// Model health: alert rules, the rows performance is computed from, and stored verdicts.
import type { DataSource, QueryRunner } from "typeorm";
import { withTransaction } from "../queryable.js";
import { lockErasures } from "./erasure-repository.js";

export interface AlertRuleRow {
  id: string;
  systemId: string;
  modelId: string;
  metric: string;
  operator: "<" | "<=" | ">" | ">=";
  threshold: number;
}

export interface LabeledRow {
  score: number | null;
  predictedClass: string | null;
  probabilities: Record<string, number> | null;
  labelValue: number | null;
  labelClass: string | null;
}

export interface StoredSignal {
  kind: string;
  name: string;
  value: number;
  threshold: number | null;
  breached: boolean;
}

export interface ModelVerdict {
  modelId: string;
  status: string;
  anomalyScore: number;
  propagatedScore: number;
  signals: StoredSignal[];
}

export interface FiredAlert {
  modelId: string;
  rule: string;
  severity: string;
  message: string;
  value: number;
}

export interface FlaggedAnomaly {
  modelId: string;
  predictionId: string;
  detector: string;
  score: number;
  topFeatures: Array<{ feature: string; share: number }>;
}

export interface StoredSystemVerdict {
  status: string;
  score: number;
  graph: unknown;
  models: ModelVerdict[];
}

/** A window's verdicts as stored: the system's, every model's, the anomalies flagged and the alerts fired (at `firedAt`). */
export interface WindowVerdicts {
  systemId: string;
  windowStart: Date;
  windowEnd: Date;
  system: { status: string; score: number; graph: unknown };
  models: ModelVerdict[];
  alerts: FiredAlert[];
  anomalies: FlaggedAnomaly[];
  firedAt: Date;
}

export interface StoredAlertId {
  id: string;
  modelId: string;
}

const RULE_COLUMNS = `id, system_id AS "systemId", model_id AS "modelId", metric, operator, threshold`;

export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createRule(rule: Omit<AlertRuleRow, "id">): Promise<AlertRuleRow> {
    const rows: AlertRuleRow[] = await this.dataSource.query(
      `INSERT INTO alert_rules (system_id, model_id, metric, operator, threshold) VALUES ($1, $2, $3, $4, $5) RETURNING ${RULE_COLUMNS}`,
      [rule.systemId, rule.modelId, rule.metric, rule.operator, rule.threshold],
    );
    return rows[0]!;
  }

  rulesOfModels(modelIds: readonly string[]): Promise<AlertRuleRow[]> {
    return modelIds.length === 0
      ? Promise.resolve([])
      : this.dataSource.query(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE model_id = ANY($1::uuid[]) ORDER BY created_at, id`, [modelIds]);
  }

  /** Predictions of the window that have a label, with it. */
  labeledRows(modelId: string, from: Date, to: Date): Promise<LabeledRow[]> {
    return this.dataSource.query(
      `SELECT p.score, p.predicted_class AS "predictedClass", p.probabilities, l.value AS "labelValue", l.class AS "labelClass"
       FROM predictions p JOIN labels l ON l.model_id = p.model_id AND l.prediction_id = p.prediction_id
       WHERE p.model_id = $1 AND p.ts >= $2 AND p.ts < $3`,
      [modelId, from, to],
    );
  }

  /** Scores of the window's predictions with sample level ≥ minLevel (a uniform sample). */
  async scores(modelId: string, from: Date, to: Date, minLevel: number): Promise<number[]> {
    const rows: Array<{ score: number }> = await this.dataSource.query(
      `SELECT score FROM predictions WHERE model_id = $1 AND sample_level >= $4 AND ts >= $2 AND ts < $3 AND score IS NOT NULL`,
      [modelId, from, to, minLevel],
    );
    return rows.map((r) => r.score);
  }

  /**
   * Mean value and count of each custom metric in the window. Values are clamped to the ingest
   * bound (±1e15, validate-values.ts) so rows stored before it existed cannot overflow avg().
   */
  async metricMeans(modelId: string, from: Date, to: Date): Promise<Array<{ name: string; value: number; count: number }>> {
    const rows: Array<{ name: string; value: number; count: number }> = await this.dataSource.query(
      `SELECT name, avg(LEAST(GREATEST(value, -1e15), 1e15))::float8 AS value, count(*)::int AS count FROM metric_points WHERE model_id = $1 AND ts >= $2 AND ts < $3 GROUP BY name ORDER BY name`,
      [modelId, from, to],
    );
    return rows;
  }

  /** `metricMeans` for many models in one query: model id → its metrics (absent: none). */
  async metricMeansByModel(modelIds: string[], from: Date, to: Date): Promise<Map<string, Array<{ name: string; value: number; count: number }>>> {
    const out = new Map<string, Array<{ name: string; value: number; count: number }>>();
    if (modelIds.length === 0) return out;
    const rows: Array<{ model_id: string; name: string; value: number; count: number }> = await this.dataSource.query(
      `SELECT model_id, name, avg(LEAST(GREATEST(value, -1e15), 1e15))::float8 AS value, count(*)::int AS count FROM metric_points
       WHERE model_id = ANY($1::uuid[]) AND ts >= $2 AND ts < $3 GROUP BY model_id, name ORDER BY model_id, name`,
      [modelIds, from, to],
    );
    for (const r of rows) {
      const list = out.get(r.model_id) ?? [];
      list.push({ name: r.name, value: r.value, count: r.count });
      out.set(r.model_id, list);
    }
    return out;
  }

  /**
   * Takes the evaluation of (system, window) unless another evaluator holds an unexpired claim or
   * it is stored. Returns the claim's token (its claimed_at, exact to the microsecond) or null.
   */
  async claimEvaluation(systemId: string, windowStart: Date, leaseMs: number): Promise<string | null> {
    const rows: Array<{ token: string }> = await this.dataSource.query(
      `INSERT INTO evaluation_claims (system_id, window_start) SELECT $1, $2
       WHERE NOT EXISTS (SELECT 1 FROM system_health WHERE system_id = $1 AND window_start = $2)
       ON CONFLICT (system_id, window_start) DO UPDATE SET claimed_at = now()
         WHERE evaluation_claims.claimed_at < now() - ($3 || ' milliseconds')::interval
       RETURNING claimed_at::text AS token`,
      [systemId, windowStart, String(leaseMs)],
    );
    return rows[0]?.token ?? null;
  }

  /** Extends a claim that is still ours (nobody took it over): its new token, or null. */
  async renewClaim(systemId: string, windowStart: Date, token: string): Promise<string | null> {
    const rows: Array<{ token: string }> = await this.dataSource.query(
      `UPDATE evaluation_claims SET claimed_at = now() WHERE system_id = $1 AND window_start = $2 AND claimed_at = $3::timestamptz RETURNING claimed_at::text AS token`,
      [systemId, windowStart, token],
    );
    return rows[0]?.token ?? null;
  }

  /** Gives a claim back (when it is still ours), so that the next evaluator round takes the window at once. */
  async releaseClaim(systemId: string, windowStart: Date, token: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM evaluation_claims WHERE system_id = $1 AND window_start = $2 AND claimed_at = $3::timestamptz`, [systemId, windowStart, token]);
  }

  /** Start of the system's last stored window starting at or before `atOrBefore`, or null (primary-key scan). */
  async lastEvaluatedWindow(systemId: string, atOrBefore: Date): Promise<Date | null> {
    const rows: Array<{ w: Date | null }> = await this.dataSource.query(
      `SELECT max(window_start) AS w FROM system_health WHERE system_id = $1 AND window_start <= $2`,
      [systemId, atOrBefore],
    );
    return rows[0]?.w ?? null;
  }

  /**
   * The system's first activity: the earlier of its creation and its first prediction or metric
   * point (data may be backfilled). One index probe per model for predictions; metric points by
   * the (model_id, name, ts) key.
   */
  async firstActivity(systemId: string): Promise<Date | null> {
    const rows: Array<{ ts: Date | null }> = await this.dataSource.query(
      `SELECT least(
         s.created_at,
         (SELECT min(p.ts) FROM models m CROSS JOIN LATERAL (SELECT ts FROM predictions WHERE model_id = m.id ORDER BY ts LIMIT 1) p WHERE m.system_id = s.id),
         (SELECT min(mp.ts) FROM models m CROSS JOIN LATERAL (SELECT min(ts) AS ts FROM metric_points WHERE model_id = m.id) mp WHERE m.system_id = s.id)
       ) AS ts FROM systems s WHERE s.id = $1`,
      [systemId],
    );
    return rows[0]?.ts ?? null;
  }

  async isEvaluated(systemId: string, windowStart: Date): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM system_health WHERE system_id = $1 AND window_start = $2`, [systemId, windowStart]);
    return rows.length > 0;
  }

  /**
   * Opens the store of (system, window) inside the caller's transaction: waits for an erasure of the
   * system in progress (erasure-repository), takes an advisory lock on the window and, unless a
   * verdict is stored already and `replace` is false, deletes what a previous evaluation of the
   * window stored. Returns false (nothing changed) when the window is stored and must not be
   * replaced: another evaluator stored it.
   */
  async beginWindowStore(q: QueryRunner, args: { systemId: string; windowStart: Date; replace: boolean }): Promise<boolean> {
    await lockErasures(q, args.systemId, "shared");
    await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`evaluate:${args.systemId}:${args.windowStart.toISOString()}`]);
    const exists = await q.query(`SELECT 1 FROM system_health WHERE system_id = $1 AND window_start = $2`, [args.systemId, args.windowStart]);
    if (exists.length > 0 && !args.replace) return false;
    for (const table of ["system_health", "model_health", "alerts", "anomalies"] as const) {
      await q.query(`DELETE FROM ${table} WHERE system_id = $1 AND window_start = $2`, [args.systemId, args.windowStart]);
    }
    return true;
  }

  /** Writes a window's verdicts, anomalies (of predictions not erased since they were read) and alerts (after `beginWindowStore`); returns the stored alerts' ids. */
  async writeWindow(q: QueryRunner, args: WindowVerdicts): Promise<StoredAlertId[]> {
    if (args.anomalies.length > 0) {
      await q.query(
        `INSERT INTO anomalies (model_id, system_id, window_start, prediction_id, detector, score, top_features)
         SELECT u.m, $1, $2, u.p, u.d, u.s, u.f FROM jsonb_to_recordset($3::jsonb) AS u(m uuid, p text, d text, s float8, f jsonb)
         WHERE EXISTS (SELECT 1 FROM predictions x WHERE x.model_id = u.m AND x.prediction_id = u.p)`,
        [args.systemId, args.windowStart, JSON.stringify(args.anomalies.map((a) => ({ m: a.modelId, p: a.predictionId, d: a.detector, s: a.score, f: a.topFeatures })))],
      );
    }
    await q.query(
      `INSERT INTO system_health (system_id, window_start, window_end, status, score, graph) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [args.systemId, args.windowStart, args.windowEnd, args.system.status, args.system.score, JSON.stringify(args.system.graph)],
    );
    if (args.models.length > 0) {
      await q.query(
        `INSERT INTO model_health (model_id, system_id, window_start, window_end, status, anomaly_score, propagated_score, signals)
         SELECT u.m, $1, $2, $3, u.s, u.a, u.p, u.g FROM jsonb_to_recordset($4::jsonb) AS u(m uuid, s text, a float8, p float8, g jsonb)`,
        [args.systemId, args.windowStart, args.windowEnd, JSON.stringify(args.models.map((m) => ({ m: m.modelId, s: m.status, a: m.anomalyScore, p: m.propagatedScore, g: m.signals })))],
      );
    }
    if (args.alerts.length === 0) return [];
    return q.query(
      `INSERT INTO alerts (system_id, model_id, window_start, rule, severity, message, value, fired_at)
       SELECT $1, u.m, $2, u.r, u.s, u.x, u.v, $4 FROM jsonb_to_recordset($3::jsonb) AS u(m uuid, r text, s text, x text, v float8)
       RETURNING id, model_id AS "modelId"`,
      [args.systemId, args.windowStart, JSON.stringify(args.alerts.map((a) => ({ m: a.modelId, r: a.rule, s: a.severity, x: a.message, v: a.value }))), args.firedAt],
    );
  }

  /**
   * Stores a window's verdicts alone in one transaction (`beginWindowStore` + `writeWindow`; the
   * evaluation adds its incidents in the same transaction itself). With `replace` false, a window
   * already stored is left as it is and `saved` is false.
   */
  async saveEvaluation(args: WindowVerdicts & { replace: boolean }): Promise<{ saved: boolean }> {
    return withTransaction(this.dataSource, async (q) => {
      if (!(await this.beginWindowStore(q, args))) return { saved: false };
      await this.writeWindow(q, args);
      return { saved: true };
    });
  }

  /**
   * The stored verdict of (system, window) with every model's, or null: two primary-key / index
   * lookups ((system_id, window_start) on both tables), only the columns a read needs. Measured
   * (test/bench/evaluate/stored-health-read.bench.ts): one query aggregating the models' rows with
   * json_agg was 1.5–2× slower than two plain queries.
   */
  async storedVerdict(systemId: string, windowStart: Date): Promise<StoredSystemVerdict | null> {
    const rows: Array<{ status: string; score: number; graph: unknown }> = await this.dataSource.query(
      `SELECT status, score, graph FROM system_health WHERE system_id = $1 AND window_start = $2`,
      [systemId, windowStart],
    );
    const r = rows[0];
    if (!r) return null;
    const models: ModelVerdict[] = await this.dataSource.query(
      `SELECT model_id AS "modelId", status, anomaly_score AS "anomalyScore", propagated_score AS "propagatedScore", signals
       FROM model_health WHERE system_id = $1 AND window_start = $2`,
      [systemId, windowStart],
    );
    return { status: r.status, score: r.score, graph: r.graph, models };
  }

  /** Statuses of the system's models in the windows [from, before), newest first (for onsets). */
  statusHistory(systemId: string, from: Date, before: Date): Promise<Array<{ modelId: string; windowStart: Date; status: string }>> {
    return this.dataSource.query(
      `SELECT model_id AS "modelId", window_start AS "windowStart", status FROM model_health
       WHERE system_id = $1 AND window_start >= $2 AND window_start < $3 ORDER BY window_start DESC`,
      [systemId, from, before],
    );
  }

  /** The model's stored verdicts before `before`, most recent last (at most `limit`). */
  async history(modelId: string, before: Date, limit: number): Promise<Array<{ windowStart: Date; windowEnd: Date; signals: StoredSignal[] }>> {
    const rows: Array<{ window_start: Date; window_end: Date; signals: StoredSignal[] }> = await this.dataSource.query(
      `SELECT window_start, window_end, signals FROM model_health WHERE model_id = $1 AND window_start < $2 ORDER BY window_start DESC LIMIT $3`,
      [modelId, before, limit],
    );
    return rows.reverse().map((r) => ({ windowStart: r.window_start, windowEnd: r.window_end, signals: r.signals }));
  }

  async anomaliesOf(modelId: string, windowStart: Date, limit: number): Promise<FlaggedAnomaly[]> {
    return this.dataSource.query(
      `SELECT model_id AS "modelId", prediction_id AS "predictionId", detector, score, top_features AS "topFeatures"
       FROM anomalies WHERE model_id = $1 AND window_start = $2 ORDER BY score DESC LIMIT $3`,
      [modelId, windowStart, limit],
    );
  }

  /** Time of the model's newest prediction or metric point, or null (no data). */
  async lastDataAt(modelId: string): Promise<Date | null> {
    const rows: Array<{ ts: Date | null }> = await this.dataSource.query(
      `SELECT greatest((SELECT max(ts) FROM predictions WHERE model_id = $1), (SELECT max(ts) FROM metric_points WHERE model_id = $1)) AS ts`,
      [modelId],
    );
    return rows[0]?.ts ?? null;
  }

  async alertsOfWindow(systemId: string, windowStart: Date): Promise<Array<FiredAlert & { id: string; firedAt: Date }>> {
    return this.dataSource.query(
      `SELECT id, model_id AS "modelId", rule, severity, message, value, fired_at AS "firedAt" FROM alerts WHERE system_id = $1 AND window_start = $2 ORDER BY rule`,
      [systemId, windowStart],
    );
  }
}
