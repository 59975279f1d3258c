// Builds what is stale: the API (tsc → dist/), the GraphQL explorer (GraphiQL bundled by vite →
// dist/graphiql/) and the dashboard (next build web). Used by `npm start` (only what changed) and
// `npm run build` (--force: everything). Names select parts: `build-if-needed.mjs graphiql` builds
// only the explorer (the tests do that when it is missing or stale).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { constants, gzipSync } from "node:zlib";

const ROOT = resolve(import.meta.dirname, "..", "..");
const force = process.argv.includes("--force");
const PARTS = ["api", "graphiql", "web"];
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
for (const name of named) {
  if (!PARTS.includes(name)) {
    console.error(`[tandem] build: unknown part '${name}': use ${PARTS.join(", ")}`);
    process.exit(2);
  }
}
const wanted = (part) => named.length === 0 || named.includes(part);

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

function run(label, command, args, env = {}, onFailure = () => {}) {
  console.log(`[tandem] building ${label}…`);
  const r = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (r.status !== 0) {
    onFailure();
    console.error(`[tandem] building ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

const apiSources = ["api/src", "graph", "migrations", "tsconfig.json", "package-lock.json"];
if (wanted("api") && (force || newest(apiSources) > mtime("dist/.build-stamp"))) {
  run("the API", process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"]);
  writeFileSync(join(ROOT, "dist/.build-stamp"), new Date().toISOString());
}

// The explorer is built aside and renamed into place, so a server (or a second build running at
// the same time, as parallel test files may start) never sees a half-written dist/graphiql.
const graphiqlSources = ["api/graphiql", "package-lock.json"];
if (wanted("graphiql") && (force || newest(graphiqlSources) > mtime("dist/graphiql/index.html"))) {
  const out = join(ROOT, "dist", `graphiql.build-${process.pid}`);
  const final = join(ROOT, "dist", "graphiql");
  run("the GraphQL explorer", process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "api/graphiql/vite.config.ts", "--outDir", out], {}, () =>
    rmSync(out, { recursive: true, force: true }),
  );
  // Precompressed beside each asset: served when the browser accepts gzip.
  const assets = join(out, "assets");
  for (const name of readdirSync(assets)) {
    if (/\.(js|css|ttf|json|svg)$/.test(name)) writeFileSync(join(assets, `${name}.gz`), gzipSync(readFileSync(join(assets, name)), { level: constants.Z_BEST_COMPRESSION }));
  }
  rmSync(final, { recursive: true, force: true });
  try {
    renameSync(out, final);
  } catch (error) {
    // Another build renamed its copy into place first: keep that one.
    rmSync(out, { recursive: true, force: true });
    if (!existsSync(join(final, "index.html"))) throw error;
  }
}

const webSources = ["web", "package-lock.json"];
if (wanted("web") && (force || newest(webSources) > mtime("web/.next/BUILD_ID"))) {
  run("the dashboard", process.execPath, [join(ROOT, "node_modules/next/dist/bin/next"), "build", "web"]);
}
