// api/schema.graphql is the emitted SDL, committed; it must be fresh. (That it honours the public
// contract is checked by .ci/run, which has the contract beside the repository.)
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

});
