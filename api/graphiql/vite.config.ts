// Bundles GraphiQL (api/graphiql/main.tsx) with React, Monaco and its workers into static files
// under dist/graphiql/, served by the API at GET /graphql and /graphql/assets/*. Built by
// api/bin/build-if-needed.mjs (`npm run build`, `npm start`); the tests build it when missing.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: "/graphql/", // every asset URL is /graphql/assets/<name>: same origin, under the API's path
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: resolve(here, "../../dist/graphiql"),
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 8 * 1024, // Monaco is one large chunk, loaded once and cached
    rolldownOptions: {
      // framer-motion's "use client" directives mean nothing outside a server-components bundler.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  worker: { format: "es" },
});
