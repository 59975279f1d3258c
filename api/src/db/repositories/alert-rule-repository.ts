// Alert rules: created, listed, changed and deleted inside a registry change's transaction (the
// evaluator reads them through HealthRepository.rulesOfModels).
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";
import type { AlertRuleRow } from "./health-repository.js";

const COLUMNS = `id, system_id AS "systemId", model_id AS "modelId", metric, operator, threshold`;

export class AlertRuleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(q: Queryable, rule: Omit<AlertRuleRow, "id">): Promise<AlertRuleRow> {
    const rows: AlertRuleRow[] = await q.query(
      `INSERT INTO alert_rules (system_id, model_id, metric, operator, threshold) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [rule.systemId, rule.modelId, rule.metric, rule.operator, rule.threshold],
    );
    return rows[0]!;
  }

  async byId(id: string): Promise<AlertRuleRow | null> {
    const rows: AlertRuleRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM alert_rules WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The rule, locked for a change in the caller's transaction. */
  async byIdForUpdate(q: Queryable, id: string): Promise<AlertRuleRow | null> {
    const rows: AlertRuleRow[] = await q.query(`SELECT ${COLUMNS} FROM alert_rules WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** The system's rules (of one model when `modelId` is given), oldest first. */
  ofSystem(systemId: string, modelId: string | null): Promise<AlertRuleRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM alert_rules WHERE system_id = $1 AND ($2::uuid IS NULL OR model_id = $2) ORDER BY created_at, id`, [systemId, modelId]);
  }

  async update(q: Queryable, id: string, fields: Pick<AlertRuleRow, "metric" | "operator" | "threshold">): Promise<AlertRuleRow> {
    // A CTE, so the driver answers rows (a bare UPDATE … RETURNING answers [rows, count]).
    const rows: AlertRuleRow[] = await q.query(
      `WITH changed AS (UPDATE alert_rules SET metric = $2, operator = $3, threshold = $4 WHERE id = $1 RETURNING ${COLUMNS}) SELECT * FROM changed`,
      [id, fields.metric, fields.operator, fields.threshold],
    );
    return rows[0]!;
  }

  async delete(q: Queryable, id: string): Promise<void> {
    await q.query(`DELETE FROM alert_rules WHERE id = $1`, [id]);
  }
}
