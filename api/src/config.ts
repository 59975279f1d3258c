// The only reader of process.env. Parsed once, validated, frozen.
import { resolve } from "node:path";

export interface Config {
  /** PostgreSQL URL; undefined → embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Connections to PostgreSQL (DATABASE_URL); the embedded database always uses one. */
  dbPoolSize: number;
  apiPort: number;
  apiHost: string;
  /** Bootstrap admin key; undefined → generated on first start and stored under dataDir. */
  adminKey: string | undefined;
  /** Key the dashboard uses (ADMIN scope: operators acknowledge incidents and export samples from it); undefined → none is provisioned. */
  webKey: string | undefined;
  /** Largest accepted request body, bytes (contract: 64 MiB). */
  maxBodyBytes: number;
  /** Seconds between background evaluations of closed windows (0: off). */
  evaluateEverySeconds: number;
  logLevel: "debug" | "info" | "warn" | "error";
  /** What this process runs: `api` (serves requests and subscriptions only), `worker` (the background loops only — evaluator, training, remediation delivery; HTTP answers /healthz and /readyz), `all` (default: both). */
  role: AppRole;
  /** Milliseconds between polls for due remediation deliveries (0: off) in a worker or all-in-one process. */
  remediationPollMs: number;
}

/** The roles a process can take (TANDEM_ROLE). */
export const APP_ROLES = ["all", "api", "worker"] as const;
export type AppRole = (typeof APP_ROLES)[number];

export class ConfigError extends Error {
  override name = "ConfigError";
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`config: ${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  }
  return n;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`config: ${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function key(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (raw.length < 16) throw new ConfigError(`config: ${name} must be at least 16 characters long`);
  return raw;
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== "" ? env.DATABASE_URL : undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`config: DATABASE_URL must start with postgres:// or postgresql://`);
  }
  const role = oneOf(env, "TANDEM_ROLE", APP_ROLES, "all");
  if (role !== "all" && databaseUrl === undefined) {
    throw new ConfigError(`config: TANDEM_ROLE=${role} needs DATABASE_URL: api and worker processes share one PostgreSQL (the embedded database serves one process: use TANDEM_ROLE=all)`);
  }
  return Object.freeze({
    databaseUrl,
    dataDir: resolve(env.TANDEM_DATA_DIR && env.TANDEM_DATA_DIR !== "" ? env.TANDEM_DATA_DIR : ".tandem"),
    dbPoolSize: int(env, "TANDEM_DB_POOL_SIZE", 10, 1, 500),
    apiPort: int(env, "API_PORT", 4000, 0, 65535),
    apiHost: env.API_HOST && env.API_HOST !== "" ? env.API_HOST : "0.0.0.0",
    adminKey: key(env, "TANDEM_ADMIN_KEY"),
    webKey: key(env, "TANDEM_WEB_KEY"),
    maxBodyBytes: int(env, "TANDEM_MAX_BODY_BYTES", 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    evaluateEverySeconds: int(env, "TANDEM_EVALUATE_EVERY_SECONDS", 30, 0, 86_400),
    logLevel: oneOf(env, "TANDEM_LOG_LEVEL", ["debug", "info", "warn", "error"] as const, "info"),
    role,
    remediationPollMs: int(env, "TANDEM_REMEDIATION_POLL_MS", 1_000, 0, 3_600_000),
  });
}

let cached: Config | undefined;
/** The process configuration, parsed from process.env on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** The demo systems (api/src/demo), streamed by `npm start`. */
export interface DemoConfig {
  /** TANDEM_DEMO: "on" (1) forces the demo, "off" (0) disables it, "auto" (unset) runs it on an empty database only. */
  mode: "on" | "off" | "auto";
  windowSeconds: number;
  faultAfterSeconds: number;
  historyWindows: number;
}

export function parseDemoConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const raw = env.TANDEM_DEMO;
  let mode: DemoConfig["mode"];
  if (raw === undefined || raw === "") mode = "auto";
  else if (raw === "1") mode = "on";
  else if (raw === "0") mode = "off";
  else throw new ConfigError(`config: TANDEM_DEMO must be 1 (run the demo) or 0 (no demo), or unset (demo on an empty database), got "${raw}"`);
  return Object.freeze({
    mode,
    windowSeconds: int(env, "TANDEM_DEMO_WINDOW_SECONDS", 30, 2, 86_400),
    faultAfterSeconds: int(env, "TANDEM_DEMO_FAULT_AFTER_SECONDS", 120, 0, 86_400 * 30),
    historyWindows: int(env, "TANDEM_DEMO_HISTORY_WINDOWS", 24, 0, 1_000),
  });
}

/**
 * Protection against overload: GraphQL operation limits (checked before execution), expensive
 * work per API key, request deadlines and database timeouts. Env vars, defaults and meaning in
 * README "Configuration"; the cost weights are in api/src/graphql/query-limits.ts.
 */
export interface ProtectionConfig {
  graphql: {
    /** Deepest field nesting of an operation (fragments expanded). */
    maxDepth: number;
    /** Aliased fields in an operation. */
    maxAliases: number;
    /** Fields in an operation, fragments expanded. */
    maxFields: number;
    /** Estimated cost of an operation (see graphql/query-limits.ts). */
    maxCost: number;
  };
  /** Expensive resolver executions (live health, drift, performance…) running at once per API key. */
  expensivePerKey: number;
  /** Further expensive executions per API key that wait for a slot; beyond: OVERLOADED. */
  expensiveQueuePerKey: number;
  /** A GraphQL request's work is stopped after this long (ms). */
  requestDeadlineMs: number;
  /** Node's http requestTimeout: the whole request must be received within this (ms). */
  httpRequestTimeoutMs: number;
  db: {
    /** PostgreSQL lock_timeout (ms) of API connections (not of migrations). */
    lockTimeoutMs: number;
    /** PostgreSQL statement_timeout (ms) of API connections (not of migrations). */
    statementTimeoutMs: number;
    /** PostgreSQL idle_in_transaction_session_timeout (ms). */
    idleInTransactionTimeoutMs: number;
    /** How long a request waits for a pooled connection (ms); undefined: 10 s, embedded 120 s. */
    acquireTimeoutMs: number | undefined;
  };
}

export function parseProtectionConfig(env: NodeJS.ProcessEnv): ProtectionConfig {
  const acquire = env.TANDEM_DB_ACQUIRE_TIMEOUT_MS;
  return Object.freeze({
    graphql: Object.freeze({
      maxDepth: int(env, "TANDEM_GRAPHQL_MAX_DEPTH", 12, 2, 1_000),
      maxAliases: int(env, "TANDEM_GRAPHQL_MAX_ALIASES", 200, 0, 100_000),
      maxFields: int(env, "TANDEM_GRAPHQL_MAX_FIELDS", 3_000, 10, 1_000_000),
      maxCost: int(env, "TANDEM_GRAPHQL_MAX_COST", 20_000, 1, 1_000_000_000),
    }),
    expensivePerKey: int(env, "TANDEM_EXPENSIVE_PER_KEY", 4, 1, 10_000),
    expensiveQueuePerKey: int(env, "TANDEM_EXPENSIVE_QUEUE_PER_KEY", 400, 0, 1_000_000),
    requestDeadlineMs: int(env, "TANDEM_REQUEST_DEADLINE_SECONDS", 300, 1, 86_400) * 1000,
    httpRequestTimeoutMs: int(env, "TANDEM_HTTP_REQUEST_TIMEOUT_SECONDS", 600, 1, 86_400) * 1000,
    db: Object.freeze({
      lockTimeoutMs: int(env, "TANDEM_DB_LOCK_TIMEOUT_MS", 30_000, 0, 86_400_000),
      statementTimeoutMs: int(env, "TANDEM_DB_STATEMENT_TIMEOUT_MS", 120_000, 0, 86_400_000),
      idleInTransactionTimeoutMs: int(env, "TANDEM_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", 300_000, 0, 86_400_000),
      acquireTimeoutMs: acquire === undefined || acquire === "" ? undefined : int(env, "TANDEM_DB_ACQUIRE_TIMEOUT_MS", 10_000, 100, 3_600_000),
    }),
  });
}

let cachedProtection: ProtectionConfig | undefined;
/** The protection configuration, parsed from process.env on first use. */
export function protectionConfig(): ProtectionConfig {
  cachedProtection ??= parseProtectionConfig(process.env);
  return cachedProtection;
}

let cachedDemo: DemoConfig | undefined;
/** The demo configuration, parsed from process.env on first use. */
export function demoConfig(): DemoConfig {
  cachedDemo ??= parseDemoConfig(process.env);
  return cachedDemo;
}
