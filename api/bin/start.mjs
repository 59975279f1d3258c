// `npm start`: builds what is stale, then runs the API and the dashboard together, prints both
// URLs, and stops both on Ctrl-C (or when either dies). Beside them runs the demo (TANDEM_DEMO:
// unset = only on an empty database, 1 = always, 0 = never); its exit stops nothing else.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const apiPort = Number(env.API_PORT || 4000);
const webPort = Number(env.WEB_PORT || 3000);
const dataDir = resolve(ROOT, env.TANDEM_DATA_DIR || ".tandem");

const build = spawnSync(process.execPath, [join(ROOT, "api/bin/build-if-needed.mjs")], { cwd: ROOT, stdio: "inherit", env });
if (build.status !== 0) process.exit(build.status ?? 1);

// The dashboard talks to the API with its own key (ADMIN scope, server side only), provisioned by the API at start.
function webKey() {
  if (env.TANDEM_WEB_KEY) return env.TANDEM_WEB_KEY;
  const path = join(dataDir, "web-key");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const key = `tdm_web_${randomBytes(24).toString("base64url")}`;
  writeFileSync(path, key + "\n", { mode: 0o600 });
  return key;
}
const key = webKey();

const children = new Set();
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  const deadline = setTimeout(() => {
    for (const child of children) child.kill("SIGKILL");
  }, 10_000);
  const check = setInterval(() => {
    if ([...children].every((c) => c.exitCode !== null || c.signalCode !== null)) {
      clearInterval(check);
      clearTimeout(deadline);
      process.exit(code);
    }
  }, 100);
}

function start(name, args, extraEnv, { essential = true } = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "inherit", env: { ...env, ...extraEnv } });
  children.add(child);
  child.on("exit", (code, signal) => {
    if (!essential) {
      if (!stopping && code !== 0) console.error(`[tandem] ${name} stopped (${signal ?? `exit code ${code}`}); the API and the dashboard keep running`);
      return;
    }
    if (!stopping) {
      console.error(`[tandem] ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
      stopAll(code || 1);
    }
  });
  return child;
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

start("API", [join(ROOT, "dist/api/src/main.js")], { API_PORT: String(apiPort), TANDEM_WEB_KEY: key, TANDEM_DATA_DIR: dataDir });

async function waitReady() {
  for (let i = 0; i < 600 && !stopping; i += 1) {
    try {
      const res = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

if (await waitReady()) {
  start("dashboard", [join(ROOT, "node_modules/next/dist/bin/next"), "start", "web", "-p", String(webPort)], {
    TANDEM_API_URL: `http://127.0.0.1:${apiPort}/graphql`,
    TANDEM_API_KEY: key,
  });
  console.log(`\n  Tandem is running\n    GraphQL API: http://localhost:${apiPort}/graphql\n    Dashboard:   http://localhost:${webPort}\n  Ctrl-C stops both.\n`);
  startDemo();
} else if (!stopping) {
  console.error("[tandem] the API did not become ready within 150 s");
  stopAll(1);
}

/** The demo systems (api/src/demo), streamed through the public API by a process of their own. */
function startDemo() {
  const mode = env.TANDEM_DEMO ?? "";
  if (mode === "0") {
    console.log("[tandem] demo: off (TANDEM_DEMO=0)");
    return;
  }
  const windowSeconds = env.TANDEM_DEMO_WINDOW_SECONDS || "30";
  const faultAfter = env.TANDEM_DEMO_FAULT_AFTER_SECONDS || "120";
  const history = env.TANDEM_DEMO_HISTORY_WINDOWS || "24";
  const when = mode === "1" ? "TANDEM_DEMO=1" : "seeds an empty database or resumes its own systems; TANDEM_DEMO=0 turns it off";
  console.log(`[tandem] demo: running (${when}): ${windowSeconds} s windows, ${history} windows of history, camera fault ${faultAfter} s into the live stream`);
  start("demo", [join(ROOT, "dist/api/src/demo/main.js")], { API_PORT: String(apiPort), TANDEM_DATA_DIR: dataDir }, { essential: false });
}
