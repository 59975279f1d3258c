// Builds what is stale: the API (tsc → dist/) and the dashboard (next build web). Used by
// `npm start` (only what changed) and `npm run build` (--force: everything).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");
const force = process.argv.includes("--force");

function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== "node_modules" && name !== ".next" && name !== "dist") walk(join(p, name));
    } else max = Math.max(max, s.mtimeMs);
  };
  for (const p of paths) walk(join(ROOT, p));
  return max;
}

function mtime(path) {
  return existsSync(join(ROOT, path)) ? statSync(join(ROOT, path)).mtimeMs : 0;
}

function run(label, command, args, env = {}) {
  console.log(`[tandem] building ${label}…`);
  const r = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (r.status !== 0) {
    console.error(`[tandem] building ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

const apiSources = ["api/src", "graph", "migrations", "tsconfig.json", "package-lock.json"];
if (force || newest(apiSources) > mtime("dist/.build-stamp")) {
  run("the API", process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"]);
  writeFileSync(join(ROOT, "dist/.build-stamp"), new Date().toISOString());
}

const webSources = ["web", "package-lock.json"];
if (force || newest(webSources) > mtime("web/.next/BUILD_ID")) {
  run("the dashboard", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "build", "web"]);
}
