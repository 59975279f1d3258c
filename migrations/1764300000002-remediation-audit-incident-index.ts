import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every window's transaction asks whether an incident's chain escalated (remediation_audit by
 * incident_id): an index on (incident_id, id) so that lookup does not scan the audit.
 */
export class RemediationAuditIncidentIndex1764300000002 implements MigrationInterface {
  name = "RemediationAuditIncidentIndex1764300000002";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX remediation_audit_incident ON remediation_audit (incident_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX remediation_audit_incident`);
  }
}
