// Applies migrations at start, under an advisory lock so that several processes starting together
// migrate once. Refuses a database that is ahead of this code.
import { MigrationExecutor, type DataSource, type QueryRunner } from "typeorm";

const MIGRATION_LOCK = 7_264_190_001;

export class SchemaAheadError extends Error {
  override name = "SchemaAheadError";
}

export interface MigrationState {
  applied: string[];
  known: string[];
  pending: string[];
  unknown: string[];
}

export async function migrationState(dataSource: DataSource, runner?: QueryRunner): Promise<MigrationState> {
  const q = runner ?? dataSource;
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  const exists = await q.query(`SELECT to_regclass('tandem_migrations') IS NOT NULL AS ok`);
  const applied: string[] = exists[0].ok
    ? (await q.query(`SELECT name FROM tandem_migrations ORDER BY timestamp`)).map((r: { name: string }) => r.name)
    : [];
  return {
    applied,
    known,
    pending: known.filter((n) => !applied.includes(n)),
    unknown: applied.filter((n) => !known.includes(n)),
  };
}

/** Runs pending migrations; throws SchemaAheadError when the database has migrations this code does not know. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK]);
    const state = await migrationState(dataSource, runner);
    if (state.unknown.length > 0) {
      throw new SchemaAheadError(
        `database schema is newer than this Tandem: it has migration(s) ${state.unknown.join(", ")} that this version does not know ` +
          `(it knows up to ${state.known.at(-1)}). Upgrade Tandem, or point DATABASE_URL/TANDEM_DATA_DIR at another database.`,
      );
    }
    // The same connection as the lock: the embedded database has a single session.
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = "all";
    const ran = await executor.executePendingMigrations();
    return ran.map((m) => m.name);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
