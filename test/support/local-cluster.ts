// The local PostgreSQL cluster behind DATABASE_URL (Debian's pg_lsclusters / pg_ctlcluster), for the
// tests that restart it (test/serial: they run alone, and only with TANDEM_TEST_PG_RESTART set).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { hostPort } from "./tcp-proxy.js";

const run = promisify(execFile);

/** Restart tests run only where CI asks for them and a real PostgreSQL serves DATABASE_URL. */
export const REAL_RESTART = Boolean(process.env.TANDEM_TEST_PG_RESTART) && Boolean(process.env.DATABASE_URL);

export interface LocalCluster {
  version: string;
  name: string;
}

/** The Debian cluster (version, name) serving DATABASE_URL's port. */
export async function localCluster(): Promise<LocalCluster> {
  const port = String(hostPort(process.env.DATABASE_URL!).port);
  const { stdout } = await run("pg_lsclusters", ["--no-header"]);
  for (const line of stdout.split("\n")) {
    const [version, name, clusterPort] = line.trim().split(/\s+/);
    if (version && name && clusterPort === port) return { version, name };
  }
  throw new Error(`no local PostgreSQL cluster on port ${port}:\n${stdout}`);
}

export async function clusterOnline(c: LocalCluster): Promise<boolean> {
  const { stdout } = await run("pg_lsclusters", ["--no-header", c.version, c.name]);
  return /\bonline\b/.test(stdout);
}

/** pg_ctlcluster start | restart (`immediate`: restart -m immediate, a crash for every backend). */
export async function ctlCluster(c: LocalCluster, action: "start" | "restart", options: { immediate?: boolean; timeoutMs?: number } = {}): Promise<void> {
  const args = ["--skip-systemctl-redirect", c.version, c.name, action, ...(options.immediate ? ["-m", "immediate"] : [])];
  await run("pg_ctlcluster", args, options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs });
}
