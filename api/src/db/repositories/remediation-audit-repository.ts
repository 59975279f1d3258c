// The remediation audit trail: every proposal, approval, rejection, guard block, delivery attempt
// and outcome, with who (an API key id, "policy", "runner" or "verifier") and when.
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";

export interface AuditRow {
  id: string;
  systemId: string;
  incidentId: string | null;
  actionId: string | null;
  policyId: string | null;
  event: string;
  actor: string;
  detail: string;
  at: Date;
}

const COLUMNS = `id::text AS id, system_id AS "systemId", incident_id AS "incidentId", action_id AS "actionId", policy_id AS "policyId", event, actor, detail, at`;

export class RemediationAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(q: Queryable, row: Omit<AuditRow, "id" | "at">): Promise<void> {
    await q.query(
      `INSERT INTO remediation_audit (system_id, incident_id, action_id, policy_id, event, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.systemId, row.incidentId, row.actionId, row.policyId, row.event, row.actor, row.detail],
    );
  }

  /** Newest first; `incidentId` narrows to one incident, `beforeId` pages back. */
  list(args: { systemId: string; incidentId: string | null; limit: number; beforeId: string | null }): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM remediation_audit WHERE system_id = $1 AND ($2::uuid IS NULL OR incident_id = $2) AND ($3::bigint IS NULL OR id < $3::bigint) ORDER BY id DESC LIMIT $4`,
      [args.systemId, args.incidentId, args.beforeId, args.limit],
    );
  }

  /** The incidents (of those given) whose chain was escalated. */
  async escalated(q: Queryable, incidentIds: readonly string[]): Promise<Set<string>> {
    if (incidentIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await q.query(`SELECT DISTINCT incident_id AS id FROM remediation_audit WHERE event = 'ESCALATED' AND incident_id = ANY($1::uuid[])`, [[...incidentIds]]);
    return new Set(rows.map((r) => r.id));
  }

  get db(): Queryable {
    return this.dataSource;
  }
}
