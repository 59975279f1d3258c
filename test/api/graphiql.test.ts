// The offline explorer: GET /graphql answers GraphiQL from dist/graphiql (built here when missing
// or stale), the page loads only same-origin assets under /graphql/assets/, each with its content
// type and caching, the CSP names no other origin; POST and GET ?query= still run GraphQL; an
// unbuilt explorer answers a 503 that says what to run.
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExplorer, EXPLORER_CSP } from "../../api/src/http/graphiql-assets.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const ASSETS = join(ROOT, "dist", "graphiql", "assets");

/** What each built file must be served as. */
const EXPECTED_TYPES: Record<string, RegExp> = {
  ".js": /^text\/javascript; charset=utf-8$/,
  ".css": /^text\/css; charset=utf-8$/,
  ".ttf": /^font\/ttf$/,
  ".woff2": /^font\/woff2$/,
  ".svg": /^image\/svg\+xml$/,
};

function buildExplorer(): void {
  const r = spawnSync(process.execPath, [join(ROOT, "api/bin/build-if-needed.mjs"), "graphiql"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the explorer failed:\n${r.stdout}\n${r.stderr}`);
}

/** src/href attribute values of the page. */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

let app: TestApp;

beforeAll(async () => {
  buildExplorer();
  app = await startTestApp();
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe("GraphiQL at GET /graphql", () => {
  it("answers a browser's GET /graphql with the GraphiQL page, its CSP and no-cache", async () => {
    const res = await fetch(`${app.url}/graphql`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toBe(EXPLORER_CSP);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/apollo|embeddable-sandbox|cdn\./i);
    expect(html).not.toMatch(/https?:\/\/|["']\/\//); // no absolute or protocol-relative URL
  });

  it("references only same-origin assets under /graphql/assets/, each served with its type and immutable caching", async () => {
    const html = await (await fetch(`${app.url}/graphql`, { headers: { accept: "text/html" } })).text();
    const refs = references(html);
    expect(refs.some((r) => r.endsWith(".js"))).toBe(true);
    expect(refs.some((r) => r.endsWith(".css"))).toBe(true);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^\/graphql\/assets\/[A-Za-z0-9._-]+$/);
      const res = await fetch(`${app.url}${ref}`);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get("content-type"), ref).toMatch(EXPECTED_TYPES[ref.slice(ref.lastIndexOf("."))]!);
      expect(res.headers.get("cache-control"), ref).toBe("public, max-age=31536000, immutable");
      expect((await res.arrayBuffer()).byteLength, ref).toBeGreaterThan(0);
    }
  });

  it("serves every built file (chunks, Monaco workers, fonts) with its content type; gzip when accepted", async () => {
    const names = readdirSync(ASSETS).filter((n) => !n.endsWith(".gz"));
    expect(names.some((n) => /worker.*\.js$/.test(n))).toBe(true); // Monaco's workers are bundled, not fetched from a CDN
    for (const name of names) {
      const expected = EXPECTED_TYPES[name.slice(name.lastIndexOf("."))];
      expect(expected, `an expected type for ${name}`).toBeDefined();
      const res = await fetch(`${app.url}/graphql/assets/${name}`, { method: "HEAD" });
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-type"), name).toMatch(expected!);
    }
    const js = names.find((n) => n.endsWith(".js"))!;
    const plain = await fetch(`${app.url}/graphql/assets/${js}`, { headers: { "accept-encoding": "identity" } });
    const zipped = await fetch(`${app.url}/graphql/assets/${js}`, { headers: { "accept-encoding": "gzip" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toBe("accept-encoding");
    expect(await zipped.text()).toBe(await plain.text()); // fetch decompresses
  });

  it("answers 404 for unknown or escaping asset names and 405 for other methods", async () => {
    for (const path of ["/graphql/assets/nope.js", "/graphql/assets/..%2Findex.html", "/graphql/assets/..%2F..%2Fpackage.json", "/graphql/assets/", "/graphql/assets/index.exe"]) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(404);
    }
    const post = await fetch(`${app.url}/graphql/assets/x.js`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
  });

  it("keeps POST /graphql and GET /graphql?query= as they were", async () => {
    const created = await app.gql(`mutation { createSystem(name: "explorer-check", windowSeconds: 3600) { id } }`);
    expect(created.errors).toBeUndefined();
    const posted = await app.gql(`{ systems { id name } }`);
    expect(posted.data.systems).toContainEqual({ id: created.data.createSystem.id, name: "explorer-check" });

    const query = encodeURIComponent("{ systems { name } }");
    const got = await fetch(`${app.url}/graphql?query=${query}`, {
      // Apollo's CSRF prevention wants a preflighted header on GET operations, as before.
      headers: { authorization: `Bearer ${app.adminKey}`, accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(got.status).toBe(200);
    expect(((await got.json()) as any).data.systems).toContainEqual({ name: "explorer-check" });

    // A GET with a query is GraphQL even from a browser (Accept: text/html), and needs the key.
    const anonymous = await fetch(`${app.url}/graphql?query=${query}`, { headers: { accept: "text/html" } });
    expect(anonymous.status).toBe(401);
    // A GET without a query from a non-browser client is a GraphQL request too: no page, a key needed.
    const bare = await fetch(`${app.url}/graphql`, { headers: { accept: "application/json" } });
    expect(bare.status).toBe(401);
    expect(bare.headers.get("content-type")).toMatch(/json/);
  });
});

describe("the explorer without a build", () => {
  let server: Server;
  let base: string;
  const empty = mkdtempSync(join(tmpdir(), "tandem-no-graphiql-"));

  beforeAll(async () => {
    const explorer = createExplorer(join(empty, "graphiql"));
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      void (url.pathname === "/graphql" ? explorer.page(req, res) : explorer.asset(req, res, url.pathname.split("/").pop()!));
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(empty, { recursive: true, force: true });
  });

  it("answers 503 with a text page saying to run npm run build", async () => {
    for (const path of ["/graphql", "/graphql/assets/index-abc.js"]) {
      const res = await fetch(`${base}${path}`, { headers: { accept: "text/html" } });
      expect(res.status, path).toBe(503);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toContain("npm run build");
    }
  });
});
