// Remediation policies per system: stored as checked by analytics/remediation/remediation-policy.ts.
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";

export interface PolicyRow {
  id: string;
  systemId: string;
  name: string;
  mode: string;
  selector: { modelKeys: string[]; tasks: string[]; minStatus: string };
  steps: Array<{ kind: string; fallbackModelKey?: string | null; strategy?: string | null; size?: number | null }>;
  runnerUrl: string;
  secret: string;
  cooldownSeconds: number;
  maxActionsPerHour: number;
  verifyWindows: number;
  enabled: boolean;
  createdAt: Date;
}

const COLUMNS = `id, system_id AS "systemId", name, mode, selector, steps, runner_url AS "runnerUrl", secret, cooldown_seconds AS "cooldownSeconds",
  max_actions_per_hour AS "maxActionsPerHour", verify_windows AS "verifyWindows", enabled, created_at AS "createdAt"`;

export class RemediationPolicyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(row: Omit<PolicyRow, "id" | "createdAt" | "enabled">): Promise<PolicyRow | null> {
    const rows: PolicyRow[] = await this.dataSource.query(
      `INSERT INTO remediation_policies (system_id, name, mode, selector, steps, runner_url, secret, cooldown_seconds, max_actions_per_hour, verify_windows)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10) ON CONFLICT (system_id, name) DO NOTHING RETURNING ${COLUMNS}`,
      [row.systemId, row.name, row.mode, JSON.stringify(row.selector), JSON.stringify(row.steps), row.runnerUrl, row.secret, row.cooldownSeconds, row.maxActionsPerHour, row.verifyWindows],
    );
    return rows[0] ?? null;
  }

  async setEnabled(id: string, enabled: boolean): Promise<PolicyRow | null> {
    const rows: PolicyRow[] = await this.dataSource.query(`WITH u AS (UPDATE remediation_policies SET enabled = $2 WHERE id = $1 RETURNING *) SELECT ${COLUMNS} FROM u`, [id, enabled]);
    return rows[0] ?? null;
  }

  /** The system's policies in the order they are tried (oldest first). */
  ofSystem(systemId: string, q: Queryable = this.dataSource): Promise<PolicyRow[]> {
    return q.query(`SELECT ${COLUMNS} FROM remediation_policies WHERE system_id = $1 ORDER BY created_at, id`, [systemId]);
  }

  async byId(id: string, q: Queryable = this.dataSource): Promise<PolicyRow | null> {
    const rows: PolicyRow[] = await q.query(`SELECT ${COLUMNS} FROM remediation_policies WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
