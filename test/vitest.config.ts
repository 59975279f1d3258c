import { createRequire } from "node:module";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  root: resolve(import.meta.dirname, ".."),
  resolve: {
    // One graphql module instance for type-graphql, Apollo and the tests.
    alias: { graphql: require.resolve("graphql") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "test/bench/**", "test/serial/**", "node_modules/**"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
