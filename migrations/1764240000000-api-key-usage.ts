import type { MigrationInterface, QueryRunner } from "typeorm";

/** When each API key last authenticated a request (written at most about once a minute per key and process). */
export class ApiKeyUsage1764240000000 implements MigrationInterface {
  name = "ApiKeyUsage1764240000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz`);
    await q.query(`CREATE INDEX api_keys_system ON api_keys (system_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_keys_system`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN last_used_at`);
  }
}
