// Runs Tandem exactly as a user does (`npm start`, i.e. api/bin/start.mjs) and drives Debian's
// Chromium with playwright-core.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { freePort } from "../support/api-process.js";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const SCREENSHOTS = resolve(ROOT, "test/e2e/screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

export { freePort };

export interface Running {
  apiUrl: string;
  webUrl: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/** `npm start` with the given environment; resolves when both URLs answer. */
export async function startTandem(env: Record<string, string | undefined>): Promise<Running> {
  const apiPort = await freePort();
  const webPort = await freePort();
  let out = "";
  const child = spawn(process.execPath, [resolve(ROOT, "api/bin/start.mjs")], {
    cwd: ROOT,
    env: { ...process.env, ...env, API_PORT: String(apiPort), WEB_PORT: String(webPort), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const deadline = Date.now() + 400_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`Tandem did not start:\n${out}`);
    const ok = await Promise.all([fetch(`${apiUrl}/readyz`), fetch(webUrl)]).then((rs) => rs.every((r) => r.status < 500)).catch(() => false);
    if (ok && out.includes("Dashboard:")) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    apiUrl,
    webUrl,
    process: child,
    output: () => out,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok(child.exitCode);
        child.once("exit", (code) => ok(code));
        child.kill("SIGINT");
      }),
  };
}

export async function gql(apiUrl: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(`${apiUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
}
