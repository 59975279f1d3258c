// Incidents: open ones per system, created and updated in the evaluation's transaction, and their
// lifecycle (acknowledge, resolve, automatic resolution after healthy windows); webhook attempts.
import type { Queryable } from "../queryable.js";
import type { DataSource, QueryRunner } from "typeorm";

export type IncidentStatusValue = "OPEN" | "ACKNOWLEDGED" | "RESOLVED";

export interface IncidentRow {
  id: string;
  systemId: string;
  status: IncidentStatusValue;
  rootCauseModelId: string | null;
  affected: string[];
  summary: string;
  openedAt: Date;
  updatedAt: Date;
  lastWindowStart: Date;
  healthyWindows: number;
  resolvedAt: Date | null;
  /** Closed because a later window explained it by another incident's root: that incident. */
  mergedIntoId: string | null;
}

export interface IncidentAlertRow {
  id: string;
  modelId: string;
  rule: string;
  severity: string;
  message: string;
  value: number;
  firedAt: Date;
  incidentId: string | null;
}

const COLUMNS = `id, system_id AS "systemId", status, root_cause_model_id AS "rootCauseModelId", affected, summary,
  opened_at AS "openedAt", updated_at AS "updatedAt", last_window_start AS "lastWindowStart", healthy_windows AS "healthyWindows", resolved_at AS "resolvedAt",
  merged_into_id AS "mergedIntoId"`;

export class IncidentRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(systemId: string, status: IncidentStatusValue | null): Promise<IncidentRow[]> {
    return status
      ? this.dataSource.query(`SELECT ${COLUMNS} FROM incidents WHERE system_id = $1 AND status = $2 ORDER BY opened_at DESC, id`, [systemId, status])
      : this.dataSource.query(`SELECT ${COLUMNS} FROM incidents WHERE system_id = $1 ORDER BY opened_at DESC, id`, [systemId]);
  }

  /** On `q` when given (inside the transaction that changed it). */
  async byId(id: string, q: Queryable = this.dataSource): Promise<IncidentRow | null> {
    const rows: IncidentRow[] = await q.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  open(q: QueryRunner, systemId: string): Promise<IncidentRow[]> {
    return q.query(`SELECT ${COLUMNS} FROM incidents WHERE system_id = $1 AND status <> 'RESOLVED' ORDER BY opened_at FOR UPDATE`, [systemId]);
  }

  async insert(q: QueryRunner, row: Omit<IncidentRow, "id" | "resolvedAt" | "healthyWindows" | "mergedIntoId">): Promise<string> {
    const rows: Array<{ id: string }> = await q.query(
      `INSERT INTO incidents (system_id, status, root_cause_model_id, affected, summary, opened_at, updated_at, last_window_start)
       VALUES ($1, $2, $3, $4::uuid[], $5, $6, $7, $8) RETURNING id`,
      [row.systemId, row.status, row.rootCauseModelId, row.affected, row.summary, row.openedAt, row.updatedAt, row.lastWindowStart],
    );
    return rows[0]!.id;
  }

  /** `rootCauseModelId` absent: unchanged. */
  async update(
    q: QueryRunner,
    id: string,
    patch: { affected: string[]; summary: string; updatedAt: Date; lastWindowStart: Date; healthyWindows: number; status: IncidentStatusValue; resolvedAt: Date | null; rootCauseModelId?: string | null },
  ): Promise<void> {
    const root = patch.rootCauseModelId !== undefined;
    await q.query(
      `UPDATE incidents SET affected = $2::uuid[], summary = $3, updated_at = $4, last_window_start = $5, healthy_windows = $6, status = $7, resolved_at = $8,
         root_cause_model_id = CASE WHEN $9::boolean THEN $10::uuid ELSE root_cause_model_id END WHERE id = $1`,
      [id, patch.affected, patch.summary, patch.updatedAt, patch.lastWindowStart, patch.healthyWindows, patch.status, patch.resolvedAt, root, root ? patch.rootCauseModelId : null],
    );
  }

  /** Closes an incident as merged into another (resolved now), and files its alerts under that one. */
  async merge(q: QueryRunner, id: string, into: string, patch: { summary: string; at: Date; lastWindowStart: Date }): Promise<void> {
    await q.query(
      `UPDATE incidents SET status = 'RESOLVED', resolved_at = $3, updated_at = $3, last_window_start = $4, summary = $5, merged_into_id = $2 WHERE id = $1`,
      [id, into, patch.at, patch.lastWindowStart, patch.summary],
    );
    await q.query(`UPDATE alerts SET incident_id = $2 WHERE incident_id = $1`, [id, into]);
    // Incidents merged into this one earlier now point where their models and alerts are.
    await q.query(`UPDATE incidents SET merged_into_id = $2 WHERE merged_into_id = $1`, [id, into]);
  }

  /** Files the window's stored alerts under the incident. */
  async linkAlerts(q: QueryRunner, incidentId: string, alertIds: readonly string[]): Promise<void> {
    if (alertIds.length === 0) return;
    await q.query(`UPDATE alerts SET incident_id = $1 WHERE id = ANY($2::uuid[])`, [incidentId, alertIds]);
  }

  /** Sets the status of an incident not resolved yet (null: it was resolved meanwhile); on `q` when given. */
  async setStatus(id: string, status: IncidentStatusValue, at: Date, q: Queryable = this.dataSource): Promise<IncidentRow | null> {
    const rows: IncidentRow[] = await q.query(
      `WITH u AS (UPDATE incidents SET status = $2::text, updated_at = $3, resolved_at = CASE WHEN $2::text = 'RESOLVED' THEN $3::timestamptz ELSE NULL END
        WHERE id = $1 AND status <> 'RESOLVED' RETURNING ${COLUMNS}) SELECT * FROM u`,
      [id, status, at],
    );
    return rows[0] ?? null;
  }

  alertsOf(incidentIds: readonly string[]): Promise<IncidentAlertRow[]> {
    return incidentIds.length === 0
      ? Promise.resolve([])
      : this.dataSource.query(
          `SELECT id, model_id AS "modelId", rule, severity, message, value, fired_at AS "firedAt", incident_id AS "incidentId"
           FROM alerts WHERE incident_id = ANY($1::uuid[]) ORDER BY fired_at, rule`,
          [incidentIds],
        );
  }

  async webhookOf(systemId: string): Promise<string | null> {
    const rows: Array<{ webhook_url: string | null }> = await this.dataSource.query(`SELECT webhook_url FROM systems WHERE id = $1`, [systemId]);
    return rows[0]?.webhook_url ?? null;
  }

  async setWebhook(systemId: string, url: string | null, resolveAfterWindows: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE systems SET webhook_url = $2, resolve_after_windows = COALESCE($3, resolve_after_windows) WHERE id = $1`,
      [systemId, url, resolveAfterWindows],
    );
  }

  async resolveAfterWindows(q: QueryRunner, systemId: string): Promise<number> {
    const rows: Array<{ n: number }> = await q.query(`SELECT resolve_after_windows AS n FROM systems WHERE id = $1`, [systemId]);
    return rows[0]?.n ?? 3;
  }

  async recordDelivery(args: { systemId: string; incidentId: string; url: string; attempt: number; statusCode: number | null; error: string | null }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (system_id, incident_id, url, attempt, status_code, error) VALUES ($1, $2, $3, $4, $5, $6)`,
      [args.systemId, args.incidentId, args.url, args.attempt, args.statusCode, args.error],
    );
  }
}
