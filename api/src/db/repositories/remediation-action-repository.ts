// Remediation actions: one row per incident and step (`seq`, unique: planned exactly once, inside
// the window's transaction), leased to one deliverer at a time (claim: UPDATE … WHERE id = (SELECT
// … FOR UPDATE SKIP LOCKED); a lease that runs out is taken over), every delivery attempt stored.
// Leases and backoff use the database's clock: every process agrees on it.
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";

export interface ActionRow {
  id: string;
  systemId: string;
  incidentId: string;
  policyId: string;
  seq: number;
  stepIndex: number;
  kind: string;
  modelId: string;
  /** The root first, then the cascade the action acts on. */
  members: string[];
  status: string;
  params: Record<string, unknown>;
  plannedAt: Date;
  plannedWindowStart: Date;
  windowsObserved: number;
  lastWindowStart: Date | null;
  attempts: number;
  outcome: string | null;
  finishedAt: Date | null;
  createdAt: Date;
}

export interface AttemptRow {
  actionId: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  answer: string | null;
  error: string | null;
}

export interface IncidentFacts {
  id: string;
  status: string;
  rootCauseModelId: string | null;
  affected: string[];
  healthyWindows: number;
  lastWindowStart: Date;
  summary: string;
}

export interface ClaimedAction extends ActionRow {
  leaseToken: string;
}

const COLUMNS = `id, system_id AS "systemId", incident_id AS "incidentId", policy_id AS "policyId", seq, step_index AS "stepIndex", kind, model_id AS "modelId", members,
  status, params, planned_at AS "plannedAt", planned_window_start AS "plannedWindowStart", windows_observed AS "windowsObserved", last_window_start AS "lastWindowStart",
  attempts, outcome, finished_at AS "finishedAt", created_at AS "createdAt"`;
const NOT_FINAL = `('PROPOSED', 'PENDING', 'ACCEPTED')`;

export class RemediationActionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the step unless the (incident, seq) exists (another evaluation planned it); null then. */
  async insert(q: Queryable, row: Pick<ActionRow, "systemId" | "incidentId" | "policyId" | "seq" | "stepIndex" | "kind" | "modelId" | "members" | "status" | "params" | "plannedAt" | "plannedWindowStart">): Promise<ActionRow | null> {
    const rows: ActionRow[] = await q.query(
      `INSERT INTO remediation_actions (system_id, incident_id, policy_id, seq, step_index, kind, model_id, members, status, params, planned_at, planned_window_start, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9, $10::jsonb, $11, $12, CASE WHEN $9 = 'PENDING' THEN clock_timestamp() END)
       ON CONFLICT (incident_id, seq) DO NOTHING RETURNING ${COLUMNS}`,
      [row.systemId, row.incidentId, row.policyId, row.seq, row.stepIndex, row.kind, row.modelId, row.members, row.status, JSON.stringify(row.params), row.plannedAt, row.plannedWindowStart],
    );
    return rows[0] ?? null;
  }

  /** The system's incidents that are not resolved, and its models, on the window's connection. */
  async incidentsAndModels(q: Queryable, systemId: string): Promise<{ incidents: IncidentFacts[]; models: Array<{ id: string; key: string; task: string }> }> {
    const incidents: IncidentFacts[] = await q.query(
      `SELECT id, status, root_cause_model_id AS "rootCauseModelId", affected, healthy_windows AS "healthyWindows", last_window_start AS "lastWindowStart", summary
         FROM incidents WHERE system_id = $1 AND status <> 'RESOLVED' ORDER BY opened_at, id`,
      [systemId],
    );
    const models = await q.query(`SELECT id, key, task FROM models WHERE system_id = $1`, [systemId]);
    return { incidents, models };
  }

  /** The latest action of each incident (locked for the window's transaction). */
  async lastOfIncidents(q: Queryable, incidentIds: readonly string[]): Promise<ActionRow[]> {
    if (incidentIds.length === 0) return [];
    return q.query(`SELECT DISTINCT ON (incident_id) ${COLUMNS} FROM remediation_actions WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, seq DESC`, [incidentIds]);
  }

  /** The system's actions that count for the guards: not final, or planned since `since`, or each model's latest. */
  guardRows(q: Queryable, systemId: string, since: Date): Promise<ActionRow[]> {
    return q.query(
      `SELECT ${COLUMNS} FROM remediation_actions WHERE system_id = $1 AND (status IN ${NOT_FINAL} OR planned_at > $2)
       UNION SELECT * FROM (SELECT DISTINCT ON (model_id) ${COLUMNS} FROM remediation_actions WHERE system_id = $1 ORDER BY model_id, planned_at DESC) last`,
      [systemId, since],
    );
  }

  /** Accepted actions of the system, being verified (locked). */
  accepted(q: Queryable, systemId: string): Promise<ActionRow[]> {
    return q.query(`SELECT ${COLUMNS} FROM remediation_actions WHERE system_id = $1 AND status = 'ACCEPTED' ORDER BY planned_at, seq FOR UPDATE`, [systemId]);
  }

  async countWindow(q: Queryable, id: string, windowsObserved: number, windowStart: Date): Promise<void> {
    await q.query(`UPDATE remediation_actions SET windows_observed = $2, last_window_start = $3 WHERE id = $1`, [id, windowsObserved, windowStart]);
  }

  /**
   * Moves an action from one of `from` to `status`; null when it was not in one of them, or (with
   * `unleased`) a deliverer holds a live lease on it, or (with `openIncident`) its incident resolved.
   */
  async transition(q: Queryable, id: string, from: readonly string[], patch: { status: string; outcome?: string | null; final?: boolean; due?: boolean; unleased?: boolean; openIncident?: boolean }): Promise<ActionRow | null> {
    const rows: ActionRow[] = await q.query(
      `WITH u AS (UPDATE remediation_actions SET status = $3, outcome = COALESCE($4, outcome),
          finished_at = CASE WHEN $5::boolean THEN clock_timestamp() ELSE finished_at END,
          next_attempt_at = CASE WHEN $6::boolean THEN clock_timestamp() ELSE next_attempt_at END, lease_until = NULL, lease_token = NULL
        WHERE id = $1 AND status = ANY($2::text[])
          AND (NOT $7::boolean OR lease_until IS NULL OR lease_until < clock_timestamp())
          AND (NOT $8::boolean OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = incident_id AND i.status = 'RESOLVED'))
        RETURNING *) SELECT ${COLUMNS} FROM u`,
      [id, [...from], patch.status, patch.outcome ?? null, patch.final ?? false, patch.due ?? false, patch.unleased ?? false, patch.openIncident ?? false],
    );
    return rows[0] ?? null;
  }

  /** Cancels proposed and pending actions of incidents that resolved, except those a deliverer holds a live lease on (it settles them). Returns them. */
  cancelResolved(q: Queryable, systemId: string): Promise<ActionRow[]> {
    return q.query(
      `WITH u AS (UPDATE remediation_actions a SET status = 'CANCELLED', outcome = 'the incident resolved before the action ran', finished_at = clock_timestamp(), lease_until = NULL, lease_token = NULL
        FROM incidents i WHERE a.system_id = $1 AND a.incident_id = i.id AND i.status = 'RESOLVED' AND a.status IN ('PROPOSED', 'PENDING')
          AND (a.lease_until IS NULL OR a.lease_until < clock_timestamp()) RETURNING a.*) SELECT ${COLUMNS} FROM u`,
      [systemId],
    );
  }

  /** Claims one due pending action for `leaseMs` (another process's expired lease is taken over). */
  async claimDue(leaseMs: number): Promise<ClaimedAction | null> {
    const rows: ClaimedAction[] = await this.dataSource.query(
      `WITH c AS (UPDATE remediation_actions SET lease_until = clock_timestamp() + $1 * interval '1 millisecond', lease_token = gen_random_uuid(), attempts = attempts + 1
        WHERE id = (SELECT id FROM remediation_actions WHERE status = 'PENDING' AND next_attempt_at <= clock_timestamp() AND (lease_until IS NULL OR lease_until < clock_timestamp())
                    ORDER BY next_attempt_at FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING *) SELECT ${COLUMNS}, lease_token AS "leaseToken" FROM c`,
      [leaseMs],
    );
    return rows[0] ?? null;
  }

  /** Stores the action's parameters (e.g. a claimed retraining batch) while holding its lease. */
  async setParams(id: string, token: string, params: Record<string, unknown>): Promise<boolean> {
    const rows = await this.dataSource.query(`WITH u AS (UPDATE remediation_actions SET params = $3::jsonb WHERE id = $1 AND lease_token = $2 RETURNING id) SELECT id FROM u`, [id, token, JSON.stringify(params)]);
    return rows.length > 0;
  }

  async recordAttempt(row: Omit<AttemptRow, "at">): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO remediation_attempts (action_id, attempt, status_code, answer, error) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (action_id, attempt) DO NOTHING`,
      [row.actionId, row.attempt, row.statusCode, row.answer, row.error],
    );
  }

  /** Ends a leased attempt: a new status, or the next attempt `retryInMs` from now. False: the lease was lost. */
  async settle(id: string, token: string, patch: { status: string; outcome: string; final: boolean } | { retryInMs: number; outcome: string }): Promise<boolean> {
    const retry = "retryInMs" in patch;
    const rows = await this.dataSource.query(
      `WITH u AS (UPDATE remediation_actions SET status = CASE WHEN $3::boolean THEN status ELSE $4 END, outcome = $5,
          next_attempt_at = CASE WHEN $3::boolean THEN clock_timestamp() + $6 * interval '1 millisecond' ELSE next_attempt_at END,
          finished_at = CASE WHEN $7::boolean THEN clock_timestamp() ELSE finished_at END, lease_until = NULL, lease_token = NULL
        WHERE id = $1 AND lease_token = $2 AND status = 'PENDING' RETURNING id) SELECT id FROM u`,
      [id, token, retry, retry ? "PENDING" : patch.status, patch.outcome, retry ? patch.retryInMs : 0, !retry && patch.final],
    );
    return rows.length > 0;
  }

  async byId(id: string, q: Queryable = this.dataSource): Promise<ActionRow | null> {
    const rows: ActionRow[] = await q.query(`SELECT ${COLUMNS} FROM remediation_actions WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  ofIncidents(incidentIds: readonly string[]): Promise<ActionRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM remediation_actions WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, seq`, [[...incidentIds]]);
  }

  list(systemId: string, status: string | null, limit: number): Promise<ActionRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM remediation_actions WHERE system_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY planned_at DESC, seq DESC LIMIT $3`, [systemId, status, limit]);
  }

  attemptsOf(actionIds: readonly string[]): Promise<AttemptRow[]> {
    return this.dataSource.query(
      `SELECT action_id AS "actionId", attempt, at, status_code AS "statusCode", answer, error FROM remediation_attempts WHERE action_id = ANY($1::uuid[]) ORDER BY action_id, attempt`,
      [[...actionIds]],
    );
  }
}
