// The GraphQL explorer: GraphiQL served from the static bundle that api/graphiql/vite.config.ts
// builds into dist/graphiql/ (index.html + assets/), so it works without internet: the page and
// everything it loads come from this origin. GET /graphql answers the page when a browser asks
// for HTML without a `query` parameter; GET /graphql/assets/<name> answers the hashed, immutable
// assets (gzip-precompressed beside them by api/bin/build-if-needed.mjs). Not built → 503 saying so.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, extname, join, resolve } from "node:path";
import { sendJson } from "./respond.js";

export const EXPLORER_ASSETS_PREFIX = "/graphql/assets/";

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

/** Only this origin: scripts and workers from our files, Monaco's inline styles, inlined fonts, the API over HTTP and graphql-ws. */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-cache",
  "content-security-policy": EXPLORER_CSP,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

const NOT_BUILT =
  "The GraphQL explorer (GraphiQL) is not built.\n\n" +
  "Run `npm run build` (or `npm start`, which builds what is missing), then reload this page.\n" +
  "The API itself works: POST /graphql with `Authorization: Bearer <key>`.\n";

/** Asset names are flat, hashed file names: no separators, no dot-dot. */
const ASSET_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** dist/graphiql beside the API: from source (api/src/http) and from the build (dist/api/src/http). */
export function defaultExplorerDir(): string {
  const up = resolve(import.meta.dirname, "..", "..", "..");
  return basename(up) === "dist" ? join(up, "graphiql") : join(up, "dist", "graphiql");
}

export interface Explorer {
  /** A browser's GET /graphql: no `query` parameter and HTML accepted. */
  wants(req: IncomingMessage, url: URL): boolean;
  page(req: IncomingMessage, res: ServerResponse): Promise<void>;
  asset(req: IncomingMessage, res: ServerResponse, name: string): Promise<void>;
}

function notBuilt(res: ServerResponse): void {
  res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(NOT_BUILT), "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(NOT_BUILT);
}

async function isFile(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch {
    return undefined;
  }
}

export function createExplorer(dir: string = defaultExplorerDir()): Explorer {
  const assets = join(dir, "assets");
  return {
    wants(req, url) {
      return (req.method ?? "GET") === "GET" && !url.searchParams.has("query") && (req.headers.accept ?? "").includes("text/html");
    },

    async page(req, res) {
      let html: Buffer;
      try {
        html = await readFile(join(dir, "index.html")); // read per request: a rebuild changes the asset names
      } catch {
        return notBuilt(res);
      }
      res.writeHead(200, { ...PAGE_HEADERS, "content-length": html.length });
      res.end(req.method === "HEAD" ? undefined : html);
    },

    async asset(req, res, name) {
      const type = CONTENT_TYPES[extname(name)];
      const size = ASSET_NAME.test(name) && type ? await isFile(join(assets, name)) : undefined;
      if (size === undefined) {
        if ((await isFile(join(dir, "index.html"))) === undefined) return notBuilt(res);
        return sendJson(res, 404, { error: { code: "NOT_FOUND", message: `no explorer asset '${name}'` } });
      }
      const gzipped = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) ? await isFile(join(assets, `${name}.gz`)) : undefined;
      const headers: Record<string, string | number> = {
        "content-type": type!,
        "content-length": gzipped ?? size,
        "cache-control": "public, max-age=31536000, immutable", // hashed names: a rebuild renames
        "x-content-type-options": "nosniff",
        vary: "accept-encoding",
      };
      if (gzipped !== undefined) headers["content-encoding"] = "gzip";
      res.writeHead(200, headers);
      if (req.method === "HEAD") return void res.end();
      const stream = createReadStream(join(assets, gzipped !== undefined ? `${name}.gz` : name));
      stream.on("error", () => res.destroy());
      stream.pipe(res);
    },
  };
}
