// Entry point of the API process.
import "reflect-metadata";
import { join } from "node:path";
import { config, ConfigError } from "./config.js";
import { resolveAdminKey } from "./admin-key-file.js";
import { startApp, createLogger, defaultLog } from "./app.js";
import { SchemaAheadError } from "./db/migrate.js";
import { isDatabaseUnavailable } from "./db/database-errors.js";

async function main(): Promise<void> {
  const cfg = config();
  const admin = resolveAdminKey({ fromEnv: cfg.adminKey, dataDir: cfg.dataDir });
  const app = await startApp({
    databaseUrl: cfg.databaseUrl,
    embeddedDataDir: join(cfg.dataDir, "pgdata"),
    port: cfg.apiPort,
    dbPoolSize: cfg.dbPoolSize,
    evaluateEverySeconds: cfg.evaluateEverySeconds,
    role: cfg.role,
    remediationPollMs: cfg.remediationPollMs,
    host: cfg.apiHost,
    maxBodyBytes: cfg.maxBodyBytes,
    adminKey: admin.key,
    webKey: cfg.webKey,
    log: createLogger(cfg.logLevel),
  });
  const where = app.db.kind === "embedded" ? `embedded PostgreSQL (PGlite) in ${join(cfg.dataDir, "pgdata")}` : "PostgreSQL from DATABASE_URL";
  defaultLog("info", `database: ${where}`);
  defaultLog("info", cfg.role === "worker" ? `worker (TANDEM_ROLE=worker): background work only; probes at ${app.url}/healthz and /readyz` : `GraphQL API: ${app.url}/graphql${cfg.role === "api" ? " (TANDEM_ROLE=api: no background work)" : ""}`);
  if (admin.generated) {
    console.log(`\n  Admin API key (shown once, stored in ${admin.path}):\n\n    ${admin.key}\n`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    defaultLog("info", `${signal}: shutting down`);
    setTimeout(() => {
      defaultLog("error", "shutdown took longer than 15 s; exiting anyway");
      process.exit(1);
    }, 15_000).unref();
    await app.close().catch((error) => defaultLog("error", "shutdown failed", error));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SchemaAheadError) {
    console.error(`[tandem] cannot start: ${error.message}`);
  } else if (isDatabaseUnavailable(error)) {
    console.error(`[tandem] cannot start: PostgreSQL is not reachable (${(error as Error).message}). Check DATABASE_URL and that the server is running.`);
  } else {
    console.error("[tandem] cannot start:", error);
  }
  process.exit(1);
});
