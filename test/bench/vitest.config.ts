import { createRequire } from "node:module";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  root: resolve(import.meta.dirname, "..", ".."),
  resolve: { alias: { graphql: require.resolve("graphql") } },
  test: {
    include: ["test/bench/**/*.bench.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: "forks",
  },
});
