// The rooms of docs/architecture.md beyond imports (import-rules.test.ts): all SQL lives in
// api/src/db and only the services (and the process wiring) reach it; repositories take and return
// data and never call a service; a time window's arithmetic lives in one module
// (api/src/analytics/health/time-window.ts, "one idea, one home"; web/ and the demo, which may not
// import it, each have one home of their own). Every check prints its offenders.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const SOURCE_ROOTS = ["api", "graph", "web"];

function files(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  let out: string[] = [];
  for (const name of readdirSync(abs)) {
    if (name === "node_modules" || name === ".next" || name === "dist" || name.startsWith(".")) continue;
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out = out.concat(files(relative(ROOT, p)));
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(name) && !name.endsWith(".d.ts") && !name.endsWith(".d.mts")) out.push(relative(ROOT, p).split(sep).join("/"));
  }
  return out;
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const show = (offenders: string[]) => `\n${offenders.join("\n")}\n`;

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The repo paths a file imports (relative imports resolved; packages left out). */
function importedPaths(file: string): string[] {
  return [...read(file).matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2] ?? m[3]!)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join("/"));
}

/** The string literals of a source text ('…', "…", `…`), comments left out. */
function stringLiterals(text: string): string[] {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");
  return [...noComments.matchAll(/`(?:\\[\s\S]|[^`\\])*`|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g)].map((m) => m[0]);
}

const SQL = [/\bSELECT\b[\s\S]*\bFROM\b/, /\bINSERT\s+INTO\b/, /\bUPDATE\s+[\w."]+\s+SET\b/, /\bDELETE\s+FROM\b/, /\bCOPY\s+[\w."]+\s*\(/];

function sqlOffenders(file: string): string[] {
  return stringLiterals(read(file))
    .filter((s) => SQL.some((re) => re.test(s)))
    .map((s) => `${file}: ${s.replace(/\s+/g, " ").slice(0, 80)}`);
}

// ---- Window arithmetic: aligning an instant to the epoch grid of a window length. The divisor or
// modulus must look like a window length (…ms / …Ms / …MS, window…, size), so chart ticks
// (`/ step`) and duration formatting (`/ 60`) are not taken for it.
const LENGTH = String.raw`[A-Za-z_$][\w$.]*`;
const isWindowLength = (name: string) => /(?:ms|Ms|MS)$|[wW]indow|^size$/.test(name.split(".").at(-1)!);
const PAREN = String.raw`(?:[^()]|\((?:[^()]|\([^()]*\))*\))*?`;
/** Math.floor(t / ms) * ms, Math.ceil(t / ms) * ms, (Math.floor(t / ms) + 1) * ms. */
const ALIGN = new RegExp(String.raw`Math\.(?:floor|ceil|trunc|round)\(${PAREN}\/\s*(${LENGTH})\s*\)\s*(?:[+-]\s*[\w.]+\s*\)\s*)?\*\s*(${LENGTH})`, "g");
/** t % ms, t - (t % ms), x % (windowSeconds * 1000), date.getTime() % … */
const MODULO = new RegExp(String.raw`%\s*\(?\s*(${LENGTH})`, "g");
const EPOCH_MODULO = /\.getTime\(\)\s*%/;

function windowArithmetic(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split("\n")) {
    const code = line.replace(/\/\/.*$/, "");
    const hit =
      EPOCH_MODULO.test(code) ||
      [...code.matchAll(ALIGN)].some((m) => m[1] === m[2] && isWindowLength(m[1]!)) ||
      [...code.matchAll(MODULO)].some((m) => isWindowLength(m[1]!));
    if (hit) found.push(line.trim());
  }
  return found;
}

/** The one home of window arithmetic. */
const TIME_WINDOW_MODULE = "api/src/analytics/health/time-window.ts";
/**
 * web/ may import only web/ (import-rules.test.ts), so the dashboard's window arithmetic, once it
 * is gathered, has a home of its own beside its other helpers.
 */
const WEB_TIME_WINDOW_MODULE = "web/lib/time-window.ts";
/**
 * The demo is a client of the public API and may import only its own files and api/src/config.js
 * (import-rules.test.ts), so its window arithmetic (the clock it streams windows by) has one home
 * of its own too.
 */
const DEMO_TIME_WINDOW_MODULE = "api/src/demo/demo-clock.ts";

describe("layering (docs/architecture.md)", () => {
  it("only the services (and the process wiring) import api/src/db", () => {
    // app.ts opens the database and runs the migrations before it builds the services; main.ts
    // tells a schema ahead of the code and a database away from other startup failures.
    const wiring = new Set(["api/src/app.ts", "api/src/main.ts"]);
    const offenders = SOURCE_ROOTS.flatMap(files)
      .filter((f) => !f.startsWith("api/src/db/") && !f.startsWith("api/src/services/") && !wiring.has(f))
      .flatMap((f) => importedPaths(f).filter((to) => to.startsWith("api/src/db/")).map((to) => `${f} imports ${to}`));
    expect(offenders, show(offenders)).toEqual([]);
  });

  it("no SQL outside api/src/db", () => {
    const offenders = SOURCE_ROOTS.flatMap(files)
      .filter((f) => !f.startsWith("api/src/db/"))
      .flatMap(sqlOffenders);
    expect(offenders, show(offenders)).toEqual([]);
  });

  it("no query runs outside api/src/db (no .query( call on a DataSource or QueryRunner)", () => {
    const offenders = ["api/src", "graph"].flatMap(files)
      .filter((f) => !f.startsWith("api/src/db/"))
      .flatMap((f) => read(f).split("\n").filter((l) => /\.(query|createQueryRunner)\s*[(<]/.test(l)).map((l) => `${f}: ${l.trim()}`));
    expect(offenders, show(offenders)).toEqual([]);
  });

  it("no repository imports a service, a resolver or the HTTP layer", () => {
    const offenders = files("api/src/db").flatMap((f) =>
      importedPaths(f)
        .filter((to) => /^api\/src\/(services|graphql|http)\//.test(to))
        .map((to) => `${f} imports ${to}`),
    );
    expect(offenders, show(offenders)).toEqual([]);
  });

  it(`window arithmetic only in ${TIME_WINDOW_MODULE}`, () => {
    const homes = new Set([TIME_WINDOW_MODULE, WEB_TIME_WINDOW_MODULE, DEMO_TIME_WINDOW_MODULE]);
    const offenders = SOURCE_ROOTS.flatMap(files)
      .filter((f) => !homes.has(f))
      .flatMap((f) => windowArithmetic(read(f)).map((l) => `${f}: ${l}`));
    expect(offenders, show(offenders)).toEqual([]);
  });

  it("the checks catch what they are for (self-test)", () => {
    const hits = (src: string) => windowArithmetic(src).length;
    expect(hits("const start = Math.floor(t.getTime() / ms) * ms;")).toBe(1);
    expect(hits("const end = new Date((Math.floor(ts.getTime() / ms) + 1) * ms);")).toBe(1);
    expect(hits("const w = Math.floor((at.getTime() - 1) / windowMs) * windowMs;")).toBe(1);
    expect(hits("const end = Math.ceil(atMs / windowMs) * windowMs;")).toBe(1);
    expect(hits("const start = now - (now % size);")).toBe(1);
    expect(hits("return ms % (windowSeconds * 1000) === 0;")).toBe(1);
    expect(hits("const r = date.getTime() % 7;")).toBe(1);
    expect(hits("const tick = Math.ceil(min / step) * step; const d = Math.floor(seconds / 60) * 60;")).toBe(0);
    expect(hits("if ((i + 1) % ITEMS_PER_TURN === 0) next(); const seed = Math.floor(t / 1000) % 2_147_483_647;")).toBe(0);
    expect(hits("const bucket = Math.floor((t - start) / bucketMs);")).toBe(0);
    const sql = (s: string) => SQL.some((re) => stringLiterals(s).some((l) => re.test(l)));
    expect(sql("q.query(`UPDATE alerts SET incident_id = $1 WHERE id = ANY($2)`)")).toBe(true);
    expect(sql(`q.query("SELECT 1 FROM system_health WHERE x = $1")`)).toBe(true);
    expect(sql("// SELECT what FROM the list, in a comment\nconst a = 'select from menu';")).toBe(false);
    expect(importedPaths("api/src/services/index.ts")).toContain("api/src/db/repositories/health-repository.js");
  });
});
