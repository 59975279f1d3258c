// The layering of docs/architecture.md, enforced: web → (GraphQL) → api/graphql → services →
// {analytics, graph, db}; graph/ and analytics/ are pure; only config.ts reads the environment.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  let out: string[] = [];
  for (const name of readdirSync(abs)) {
    if (name === "node_modules" || name === ".next" || name.startsWith(".")) continue;
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out = out.concat(files(relative(ROOT, p)));
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(name) && !name.endsWith(".d.ts")) out.push(relative(ROOT, p));
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Where a relative import lands, as a repo path; packages stay as they are. */
function target(file: string, spec: string): string {
  if (!spec.startsWith(".")) return spec;
  return relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join("/");
}

interface Rule {
  layer: string;
  dir: string;
  /** Allowed targets: repo-path prefixes (ending in "/") or package names / prefixes. */
  allow: string[];
}

const NODE = "node:";
const RULES: Rule[] = [
  { layer: "graph", dir: "graph", allow: ["graph/", "graphology*"] },
  { layer: "analytics", dir: "api/src/analytics", allow: ["api/src/analytics/", "simple-statistics", "@tensorflow/", "@stdlib/"] },
  { layer: "db", dir: "api/src/db", allow: ["api/src/db/", "migrations/", "typeorm", "pg", "pg-copy-streams", "@electric-sql/", NODE] },
  { layer: "migrations", dir: "migrations", allow: ["migrations/", "typeorm"] },
  { layer: "services", dir: "api/src/services", allow: ["api/src/services/", "api/src/db/", "api/src/analytics/", "graph/", "typeorm", "@tensorflow/", NODE] },
  { layer: "graphql", dir: "api/src/graphql", allow: ["api/src/graphql/", "api/src/services/", "type-graphql", "graphql", "graphql-scalars", "dataloader", "@apollo/server", "@graphql-yoga/subscription", "reflect-metadata", NODE] },
  { layer: "http", dir: "api/src/http", allow: ["api/src/http/", "api/src/graphql/", "api/src/services/", "@apollo/server", "graphql", "graphql-ws", "ws", NODE] },
  // graphql-ws + ws: the server-side relay of the API's subscriptions (web/app/api/live/route.ts)
  { layer: "web", dir: "web", allow: ["web/", "next", "react", "react-dom", "@/", "graphql-ws", "ws", NODE] },
  // The demo is a client of the public API: its own files, node built-ins, and the config file
  // (the only reader of the environment). It reads vega-datasets' data files from disk, not its code.
  // Plus one leaf module of pure arithmetic (the seeded PRNG), rather than a copy of it.
  { layer: "demo", dir: "api/src/demo", allow: ["api/src/demo/", "api/src/config.js", "api/src/analytics/seeded-random.js", NODE] },
  // The offline explorer (a browser bundle built by vite): GraphiQL, React, graphql (parse) and the graphql-ws client only.
  { layer: "graphiql", dir: "api/graphiql", allow: ["api/graphiql/", "graphiql", "@graphiql/", "graphql", "graphql-ws", "react", "react-dom", "vite", "@vitejs/", NODE] },
];

/** "graphology-metrics/centrality/index.js" → "graphology-metrics"; "@scope/pkg/x" → "@scope/pkg". */
function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Allow-list entries: repo folders ("graph/"), node builtins ("node:"), scopes ("@stdlib/"), packages ("pg"), families ("graphology*"). */
function allowed(rule: Rule, to: string): boolean {
  const pkg = packageName(to);
  return rule.allow.some((a) => {
    if (a === NODE) return to.startsWith(NODE);
    if (a.endsWith("*")) return pkg.startsWith(a.slice(0, -1));
    if (a.endsWith("/")) return to.startsWith(a);
    if (a.endsWith(".js")) return to === a;
    return pkg === a;
  });
}

describe("import rules (docs/architecture.md)", () => {
  for (const rule of RULES) {
    it(`${rule.layer}/ imports only what it may`, () => {
      const violations: string[] = [];
      for (const file of files(rule.dir)) {
        for (const spec of imports(file)) {
          const to = target(file, spec);
          if (!allowed(rule, to)) violations.push(`${file} imports ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it("nothing outside web/ imports web/", () => {
    const violations: string[] = [];
    for (const dir of ["api", "graph", "migrations"]) {
      for (const file of files(dir)) for (const spec of imports(file)) if (target(file, spec).startsWith("web/")) violations.push(`${file} imports ${spec}`);
    }
    expect(violations).toEqual([]);
  });

  it("only api/src/config.ts reads process.env", () => {
    const readers = ["api/src", "graph", "migrations"].flatMap(files).filter((f) => f !== "api/src/config.ts" && readFileSync(join(ROOT, f), "utf8").includes("process.env"));
    expect(readers).toEqual([]);
  });

  it("graph/ and analytics/ never read the clock", () => {
    const impure = ["graph", "api/src/analytics"].flatMap(files).filter((f) => /Date\.now\(|new Date\(\s*\)|performance\.now\(/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(impure).toEqual([]);
  });

  it("the rules catch a violation (self-test)", () => {
    const rule = RULES.find((r) => r.layer === "graph")!;
    expect(allowed(rule, target("graph/x.ts", "../api/src/db/data-source.js"))).toBe(false);
    expect(allowed(rule, target("graph/x.ts", "./propagate.js"))).toBe(true);
    expect(allowed(rule, "graphology-metrics/centrality/index.js")).toBe(true);
    expect(imports("api/src/graphql/schema.ts")).toContain("type-graphql");
    const demo = RULES.find((r) => r.layer === "demo")!;
    expect(allowed(demo, target("api/src/demo/x.ts", "../services/index.js"))).toBe(false);
    expect(allowed(demo, target("api/src/demo/x.ts", "../config.js"))).toBe(true);
    expect(allowed(demo, "vega-datasets")).toBe(false);
  });
});
