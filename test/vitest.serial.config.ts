// Tests that disturb shared services (a PostgreSQL restart) run alone, after the main suite.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  root: resolve(import.meta.dirname, ".."),
  resolve: { alias: { graphql: require.resolve("graphql") } },
  test: {
    include: ["test/serial/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    passWithNoTests: false,
  },
});
