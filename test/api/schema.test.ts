// api/schema.graphql is the emitted SDL, committed; it must be fresh and honour the public contract.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildTandemSchema, printTandemSchema } from "../../api/src/graphql/schema.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

describe("api/schema.graphql", () => {
  it("is what the resolvers emit (run `npm run schema` when this fails)", async () => {
    const emitted = printTandemSchema(await buildTandemSchema());
    expect(readFileSync(resolve(ROOT, "api/schema.graphql"), "utf8")).toBe(emitted);
  });

  it("honours ../shared/contract.graphql, all of it", () => {
    const out = execFileSync(process.execPath, [resolve(ROOT, "../shared/tools/check-contract.mjs")], { cwd: ROOT, encoding: "utf8" });
    expect(out).toContain("honours the contract");
  });
});
