// `tandem serve [--role api|worker|all]`: runs one Tandem process (the API without the dashboard),
// building what is stale first. Several processes share one PostgreSQL (DATABASE_URL): `api`
// serves ingestion, queries and subscriptions; `worker` runs the background work (evaluator,
// detector training, remediation deliveries) and answers only /healthz and /readyz; `all` (the
// default, what `npm start` runs) does both. The same as TANDEM_ROLE. Stops on Ctrl-C / SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dirname, "..", "..");
const ROLES = ["all", "api", "worker"];

export const SERVE_HELP = `Usage: tandem serve [--role api|worker|all]

Runs one Tandem process against DATABASE_URL (unset: the embedded database, one process only).
  --role api       ingestion, queries, subscriptions; no background work
  --role worker    background work only (evaluator, training, remediation deliveries); answers /healthz and /readyz
  --role all       both (default; also TANDEM_ROLE)
Run any number of api and worker processes on one PostgreSQL (see "Running at scale" in docs/operations.md).
`;

export class ServeUsageError extends Error {}

/** Parses the options; returns the environment of the process to run. */
export function serveEnv(args, env = process.env) {
  const { values } = parseArgs({ args, options: { role: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) return null;
  const role = values.role ?? env.TANDEM_ROLE ?? "all";
  if (!ROLES.includes(role)) throw new ServeUsageError(`--role must be one of ${ROLES.join(", ")}, got "${role}"`);
  if (role !== "all" && !env.DATABASE_URL) throw new ServeUsageError(`--role ${role} needs DATABASE_URL: separate api and worker processes share one PostgreSQL (the embedded database serves one process)`);
  return { ...env, TANDEM_ROLE: role };
}

export async function serve(args) {
  let env;
  try {
    env = serveEnv(args);
  } catch (error) {
    throw new ServeUsageError(`${error.message}\n\n${SERVE_HELP}`);
  }
  if (env === null) return void process.stdout.write(SERVE_HELP);
  const build = spawnSync(process.execPath, [join(ROOT, "api/bin/build-if-needed.mjs")], { cwd: ROOT, stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(process.execPath, [join(ROOT, "dist/api/src/main.js")], { cwd: ROOT, stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  await new Promise((done) => child.once("exit", (code, signal) => done((process.exitCode = code ?? (signal ? 1 : 0)))));
}
