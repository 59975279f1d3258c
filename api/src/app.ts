// Assembles a running Tandem API: database (real or embedded) → migrations → services →
// bootstrap keys → HTTP server. Used by main.ts and by the tests.
import type { Database } from "./db/data-source.js";
import { openDatabase } from "./db/data-source.js";
import { migrate } from "./db/migrate.js";
import { buildTandemSchema } from "./graphql/schema.js";
import { createHttpServer } from "./http/server.js";
import { createServices, type Services } from "./services/index.js";
import { MAINTENANCE_INTERVAL_MS } from "./services/retention/retention-service.js";
import { loadTensorflow } from "./tensorflow.js";
import { createTandemPubSub } from "./graphql/pubsub.js";
import { listenForEvents } from "./db/event-listener.js";
import { protectionConfig, type AppRole, type ProtectionConfig } from "./config.js";

export interface AppOptions {
  databaseUrl: string | undefined;
  /** Embedded database directory; undefined with no databaseUrl → an in-memory embedded database. */
  embeddedDataDir: string | undefined;
  port: number;
  host: string;
  /** Connections to a real PostgreSQL (default 10). */
  dbPoolSize?: number;
  maxBodyBytes: number;
  /** Bootstrap ADMIN key to provision. */
  adminKey: string;
  /** Key for the dashboard, provisioned with ADMIN scope (server side only). */
  webKey?: string;
  now?: () => Date;
  /** Evaluate every system's last closed window this often (seconds); 0 or absent: no background evaluator. */
  evaluateEverySeconds?: number;
  /** `api`: no background loops (evaluator, remediation delivery); `worker`: the loops only (HTTP answers /healthz and /readyz); `all` (default): both. */
  role?: AppRole;
  /** Poll for due remediation deliveries this often (ms) when the role runs loops; default 1000, 0: off. */
  remediationPollMs?: number;
  /** Train and use the multivariate (autoencoder) drift detector; default true. */
  multivariateDrift?: boolean;
  log?: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
  /** Query limits, expensive work per key, deadlines and database timeouts; default: from the environment (config.ts). */
  protection?: ProtectionOverrides;
}

/** ProtectionConfig with any part left out taken from the environment. */
export interface ProtectionOverrides extends Partial<Omit<ProtectionConfig, "graphql" | "db">> {
  graphql?: Partial<ProtectionConfig["graphql"]>;
  db?: Partial<ProtectionConfig["db"]>;
}

function protectionOf(overrides: ProtectionOverrides | undefined): ProtectionConfig {
  const base = protectionConfig();
  return { ...base, ...overrides, graphql: { ...base.graphql, ...overrides?.graphql }, db: { ...base.db, ...overrides?.db } };
}

export interface App {
  url: string;
  port: number;
  db: Database;
  services: Services;
  close(): Promise<void>;
}

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];

/** A console logger that drops messages below `min`. */
export function createLogger(min: LogLevel): (level: "info" | "warn" | "error", message: string, error?: unknown) => void {
  const floor = LEVELS.indexOf(min);
  return (level, message, error) => {
    if (LEVELS.indexOf(level) < floor) return;
    const line = `[tandem] ${level}: ${message}`;
    if (level === "info") console.log(line);
    else console.error(line, error instanceof Error ? `\n${error.stack}` : error ?? "");
  };
}

export const defaultLog = createLogger("info");

export async function startApp(options: AppOptions): Promise<App> {
  const log = options.log ?? defaultLog;
  const protection = protectionOf(options.protection);
  const db = await openDatabase({
    url: options.databaseUrl,
    dataDir: options.embeddedDataDir,
    poolSize: options.dbPoolSize,
    acquireTimeoutMs: protection.db.acquireTimeoutMs,
    onPoolError: (error) => log("warn", `database connection lost: ${error.message}`),
  });
  try {
    const applied = await migrate(db.dataSource);
    if (applied.length > 0) log("info", `applied migrations: ${applied.join(", ")}`);
    await db.applySessionTimeouts(protection.db); // after the migrations: they must not be cut
    const pubSub = createTandemPubSub();
    const services = createServices({
      dataSource: db.dataSource,
      supportsCopy: db.supportsCopy,
      now: options.now,
      tf: options.multivariateDrift === false ? undefined : await loadTensorflow(log),
      log,
      // Change events of every process, relayed to this process's subscribers (services/events).
      onEvent: (topic, systemId, message) => pubSub.publish(topic, systemId, message),
    });
    await services.apiKeys.ensureBootstrapKey(options.adminKey, ["ADMIN"], "bootstrap-admin");
    if (options.webKey) await services.apiKeys.ensureBootstrapKey(options.webKey, ["ADMIN"], "dashboard");
    const http = await createHttpServer({ services, schema: await buildTandemSchema(pubSub), pubSub, maxBodyBytes: options.maxBodyBytes, log, probesOnly: options.role === "worker",
      protection: {
        queryLimits: protection.graphql,
        expensive: { perKey: protection.expensivePerKey, queuePerKey: protection.expensiveQueuePerKey },
        requestDeadlineMs: protection.requestDeadlineMs,
        httpRequestTimeoutMs: protection.httpRequestTimeoutMs,
      },
    });
    // Other processes' commits arrive by NOTIFY (the embedded database serves this process alone).
    const listener = options.databaseUrl === undefined || options.role === "worker" ? null : listenForEvents(options.databaseUrl, (systemId) => services.events.committed(systemId), (message, error) => log("warn", message, error));
    const port = await http.listen(options.port, options.host);
    const loops = options.role !== "api";
    const evaluator = startEvaluatorLoop(services, loops ? options.evaluateEverySeconds ?? 0 : 0, log);
    if (loops) services.remediation.delivery.start(options.remediationPollMs ?? 1_000);
    // Change events are kept a day (services/events/event-bus.ts); any process with loops prunes them.
    const pruning = loops ? setInterval(() => void services.events.prune(new Date()).catch((error: unknown) => log("warn", "events: pruning failed", error)), 3_600_000) : null;
    pruning?.unref();
    // Time partitions created ahead and raw rows past their system's retention dropped (docs/retention.md).
    const retention = loops ? startRetentionLoop(services, log) : null;
    const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
    return {
      url: `http://${host}:${port}`,
      port,
      db,
      services,
      async close() {
        if (pruning) clearInterval(pruning);
        if (retention) clearInterval(retention);
        await services.retention.idle();
        await evaluator.stop();
        await services.remediation.delivery.stop(); // the attempt under way is stored before the database closes
        await http.close();
        await listener?.close();
        await services.events.idle();
        // Let a detector that is being trained finish (bounded); an abandoned claim expires anyway.
        await Promise.race([services.trainer.idle(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
        // Webhook deliveries and last-used updates under way finish before the database closes.
        await services.incidents.idle();
        await services.apiKeys.authenticator.settled();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The background evaluator: every `seconds`, evaluates each system's last closed window that is
 * not stored yet. Several API processes may run it against one database: the store step decides
 * (advisory lock + existence check in one transaction), so each window is stored exactly once.
 */
export function startEvaluatorLoop(services: Services, seconds: number, log: NonNullable<AppOptions["log"]>): { stop(): Promise<void> } {
  if (!(seconds > 0)) return { stop: async () => undefined };
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  // Stopping interrupts a catch-up round between windows instead of waiting for all of them.
  const abort = new AbortController();
  const tick = () => {
    if (busy) return; // the previous round is still evaluating: never overlap rounds
    busy = true;
    running = services.health
      .evaluateClosedWindows(abort.signal)
      .then((n) => {
        if (n > 0) log("info", `evaluator: stored ${n} window verdict(s)`);
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted) log("warn", "evaluator: evaluation failed; it will be retried", error);
      })
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(() => {
    if (!stopped) tick();
  }, seconds * 1000);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}

/** A maintenance round of the retention service at start and every MAINTENANCE_INTERVAL_MS (processes with background loops). */
function startRetentionLoop(services: Services, log: NonNullable<AppOptions["log"]>): ReturnType<typeof setInterval> {
  const round = () => {
    void services.retention
      .maintain(new Date())
      .then((r) => {
        if (r.created.length + r.dropped.length + r.purgedRows > 0) log("info", `retention: created ${r.created.length} partition(s), dropped ${r.dropped.length}, purged ${r.purgedRows} row(s)`);
      })
      .catch((error: unknown) => log("warn", "retention: maintenance failed; retried next round", error));
  };
  round();
  const timer = setInterval(round, MAINTENANCE_INTERVAL_MS);
  timer.unref();
  return timer;
}
