// Opens the TypeORM DataSource over pg: a real PostgreSQL from DATABASE_URL or the embedded one.
import { DataSource } from "typeorm";
import { entities } from "./entities/index.js";
import { migrations } from "../../../migrations/index.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.js";

export interface Database {
  dataSource: DataSource;
  /** "postgres" for DATABASE_URL, "embedded" for PGlite. */
  kind: "postgres" | "embedded";
  /** Whether COPY … FROM STDIN works over this connection (not through PGlite's wire bridge). */
  supportsCopy: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseArgs {
  /** PostgreSQL URL, or undefined for the embedded database. */
  url: string | undefined;
  /** Embedded data directory; undefined → in memory (tests). */
  dataDir: string | undefined;
  poolSize?: number;
  onPoolError?: (error: Error) => void;
}

/**
 * pg-pool applies its connection timeout both to opening a connection and to waiting for a free
 * one. A server that is down refuses connections at once (fail fast regardless); the timeout
 * bounds a server that does not answer, and how long a request queues behind busy connections.
 */
export function createDataSource(url: string, poolSize: number, onPoolError?: (error: Error) => void, connectTimeoutMS = 10_000): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    migrations,
    migrationsTableName: "tandem_migrations",
    migrationsTransactionMode: "all",
    synchronize: false,
    logging: ["error"],
    poolSize,
    connectTimeoutMS,
    poolErrorHandler: onPoolError ?? (() => undefined),
    extra: {
      // Fail fast while PostgreSQL is down instead of queueing requests forever.
      idleTimeoutMillis: 10_000,
      query_timeout: 120_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
  });
}

export async function openDatabase(args: OpenDatabaseArgs): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = args.url;
  if (url === undefined) {
    embedded = await startEmbeddedPostgres({ dataDir: args.dataDir });
    url = embedded.url;
  }
  // The embedded database runs in this process behind ONE connection: requests queue for it
  // (under concurrent ingestion for seconds) and it cannot be unreachable, so let them wait.
  const dataSource = createDataSource(url, embedded ? 1 : (args.poolSize ?? 10), args.onPoolError, embedded ? 120_000 : 10_000);
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  // Decided by what answers, not by how we reached it: a PGlite behind a plain URL has no COPY either.
  const version: Array<{ version: string }> = await dataSource.query(`SELECT version() AS version`);
  return {
    dataSource,
    kind: embedded ? "embedded" : "postgres",
    supportsCopy: !/PGlite/i.test(version[0]?.version ?? ""),
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
