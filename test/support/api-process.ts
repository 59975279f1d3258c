// Runs the API as its own process (api/src/main.ts through @swc-node), as `npm start` does, so
// tests and benchmarks can kill it or load it without sharing its event loop.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { waitUntil } from "./outage.js";

const ROOT = resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  base: string;
  /** Collected stderr (warnings and errors the API logged). */
  stderr: string[];
}

/** Starts the API on `port` with `env` on top of this process's; resolves once /readyz answers 200. */
export async function startApiProcess(port: number, env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ["--import", "@swc-node/register/esm-register", "api/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, API_PORT: String(port), API_HOST: "127.0.0.1", TANDEM_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < 1_000) stderr.push(chunk.toString("utf8"));
  });
  const base = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once("exit", () => (exited = true));
  await waitUntil("the API process to be ready", async () => {
    if (exited) throw new Error(`the API process exited:\n${stderr.join("")}`);
    return (await fetch(`${base}/readyz`).catch(() => null))?.status === 200;
  }, 90_000);
  return { child, base, stderr };
}

/** A GraphQL call with `key`; returns the parsed answer. */
export async function gqlAt(base: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}
