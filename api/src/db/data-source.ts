// Opens the TypeORM DataSource over pg: a real PostgreSQL from DATABASE_URL or the embedded one.
import { DataSource } from "typeorm";
import type pg from "pg";
import { PoolExhaustedError } from "./database-errors.js";
import { entities } from "./entities/index.js";
import { migrations } from "../../../migrations/index.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.js";

export interface Database {
  dataSource: DataSource;
  /** "postgres" for DATABASE_URL, "embedded" for PGlite. */
  kind: "postgres" | "embedded";
  /** Whether COPY … FROM STDIN works over this connection (not through PGlite's wire bridge). */
  supportsCopy: boolean;
  /**
   * Applies the session timeouts to every connection from now on (idle ones included). Called
   * after the migrations, which must not be cut by them (a long index build, a migration lock
   * held by another process that is migrating).
   */
  applySessionTimeouts(timeouts: SessionTimeouts): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL session settings of the API's connections, in ms (0: off). */
export interface SessionTimeouts {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export interface PoolState {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

type PgPool = pg.Pool & { options: Record<string, unknown> & { max?: number }; _clients?: Array<{ _connected?: boolean }> };

/** The pg pool behind a TypeORM DataSource (undefined before initialize). */
function poolOf(dataSource: DataSource): PgPool | undefined {
  return (dataSource.driver as unknown as { master?: PgPool }).master;
}

/** How busy the connection pool is; undefined when the data source is not initialized. */
export function poolState(dataSource: DataSource): PoolState | undefined {
  const pool = poolOf(dataSource);
  if (!pool) return undefined;
  return { max: Number(pool.options.max ?? 10), total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

export interface OpenDatabaseArgs {
  /** PostgreSQL URL, or undefined for the embedded database. */
  url: string | undefined;
  /** Embedded data directory; undefined → in memory (tests). */
  dataDir: string | undefined;
  poolSize?: number;
  /** How long a query waits for a pooled connection (ms); default 10 s, embedded 120 s. */
  acquireTimeoutMs?: number;
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

/**
 * pg-pool answers "timeout exceeded when trying to connect" both when the server does not answer
 * (connections still opening) and when every connection is open and busy. The second is overload,
 * not an outage: it becomes a PoolExhaustedError.
 */
function classifyPoolTimeouts(pool: PgPool, waitMs: number): void {
  const connect = pool.connect.bind(pool) as (cb: (err: Error | undefined, client?: unknown, release?: unknown) => void) => void;
  const classify = (err: Error): Error => {
    if (err.message !== "timeout exceeded when trying to connect") return err;
    const max = Number(pool.options.max ?? 10);
    const connected = Array.isArray(pool._clients) ? pool._clients.filter((c) => c._connected === true).length : pool.totalCount;
    return connected >= max && pool.idleCount === 0 ? new PoolExhaustedError(max, pool.waitingCount, waitMs) : err;
  };
  (pool as { connect: unknown }).connect = (cb?: (err: Error | undefined, client?: unknown, release?: unknown) => void) => {
    if (cb) return connect((err, client, release) => cb(err ? classify(err) : err, client, release));
    return new Promise((resolve, reject) => connect((err, client) => (err ? reject(classify(err)) : resolve(client))));
  };
}

async function applySessionTimeouts(pool: PgPool, t: SessionTimeouts): Promise<void> {
  const ms = (n: number) => Math.max(0, Math.floor(n));
  // New connections send them as startup parameters…
  Object.assign(pool.options, {
    lock_timeout: ms(t.lockTimeoutMs),
    statement_timeout: ms(t.statementTimeoutMs),
    idle_in_transaction_session_timeout: ms(t.idleInTransactionTimeoutMs),
    // The server cancels a long statement first (57014, OVERLOADED); this client-side timeout only
    // catches a server that stopped answering.
    query_timeout: t.statementTimeoutMs > 0 ? ms(t.statementTimeoutMs) + 15_000 : 0,
  });
  // …and the connections already open (at start, nothing else holds one) are set by hand.
  const held: pg.PoolClient[] = [];
  try {
    while (pool.idleCount > 0) {
      const client = await pool.connect();
      held.push(client);
      await client.query(
        `SET lock_timeout = ${ms(t.lockTimeoutMs)}; SET statement_timeout = ${ms(t.statementTimeoutMs)}; SET idle_in_transaction_session_timeout = ${ms(t.idleInTransactionTimeoutMs)}`,
      );
    }
  } finally {
    for (const client of held) client.release();
  }
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
  const waitMs = args.acquireTimeoutMs ?? (embedded ? 120_000 : 10_000);
  const dataSource = createDataSource(url, embedded ? 1 : (args.poolSize ?? 10), args.onPoolError, waitMs);
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  // Decided by what answers, not by how we reached it: a PGlite behind a plain URL has no COPY either.
  const pool = poolOf(dataSource)!;
  classifyPoolTimeouts(pool, waitMs);
  const version: Array<{ version: string }> = await dataSource.query(`SELECT version() AS version`);
  return {
    dataSource,
    kind: embedded ? "embedded" : "postgres",
    supportsCopy: !/PGlite/i.test(version[0]?.version ?? ""),
    applySessionTimeouts: (timeouts) => applySessionTimeouts(pool, timeouts),
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
