// Entry point of the demo process (started by `npm start` beside the API and the dashboard):
// finds the API from API_PORT and the admin key from TANDEM_ADMIN_KEY or the key file the API
// wrote, decides whether to run (TANDEM_DEMO), then streams the demo systems until stopped.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { config, ConfigError, demoConfig } from "../config.js";
import { createDemoClient } from "./api-client.js";
import { demoDecision, runDemo } from "./demo-runner.js";

const log = (line: string) => console.log(`[demo] ${line}`);

function adminKey(fromEnv: string | undefined, dataDir: string): string {
  if (fromEnv) return fromEnv;
  const path = join(dataDir, "admin-key");
  if (existsSync(path)) {
    const key = readFileSync(path, "utf8").trim();
    if (key.length >= 16) return key;
  }
  throw new ConfigError(`demo: no admin key: set TANDEM_ADMIN_KEY or start the API once so that it writes ${path}`);
}

/** Whether to stream: forced, disabled, or (unset) only when the database holds no systems but the demo's. */
async function shouldRun(mode: "on" | "off" | "auto", apiUrl: string, key: string, signal: AbortSignal): Promise<boolean> {
  if (mode === "off") return false;
  if (mode === "on") return true;
  const client = createDemoClient({ apiUrl, adminKey: key, signal });
  for (;;) {
    try {
      const { systems } = await client.gql<{ systems: Array<{ name: string }> }>(`{ systems { name } }`);
      if (demoDecision(mode, systems.map((s) => s.name))) return true;
      log("the database already holds other systems and TANDEM_DEMO is unset: not seeding the demo");
      return false;
    } catch (error) {
      if (signal.aborted) return false;
      log(`cannot reach the API yet (${(error as Error).message}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  }
}

async function main(): Promise<void> {
  const cfg = config();
  const demo = demoConfig();
  const apiUrl = `http://127.0.0.1:${cfg.apiPort}`;
  const key = adminKey(cfg.adminKey, cfg.dataDir);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (!(await shouldRun(demo.mode, apiUrl, key, controller.signal))) return;
  log(`streaming the demo systems to ${apiUrl} (new systems get ${demo.windowSeconds} s windows, ${demo.historyWindows} history windows, the camera fault after ${demo.faultAfterSeconds} s; existing ones keep theirs)`);
  await runDemo({
    apiUrl,
    adminKey: key,
    windowSeconds: demo.windowSeconds,
    faultAfterSeconds: demo.faultAfterSeconds,
    historyWindows: demo.historyWindows,
    signal: controller.signal,
    log,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[demo] stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
