// The dashboard's GraphQL types (web/lib/generated) are generated from api/schema.graphql and the
// documents in web/ by `npm run codegen` (codegen.ts). This regenerates them in memory and fails
// when the committed files differ: run `npm run codegen` and commit the result.
import { readdirSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config, { inlineDocumentTypeDecoration } from "../../codegen.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const GENERATED = resolve(ROOT, "web/lib/generated");

describe("web/lib/generated", () => {
  it("matches what `npm run codegen` generates from api/schema.graphql and web/", async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    let outputs: Array<{ filename: string; content: string }>;
    try {
      outputs = await generate({ ...config, cwd: ROOT, silent: true }, false);
    } finally {
      process.chdir(cwd);
    }
    // The same content `npm run codegen` writes (after its beforeOneFileWrite hook).
    const expected = Object.fromEntries(
      outputs.map((o) => [relative(ROOT, resolve(ROOT, o.filename)), inlineDocumentTypeDecoration(o.filename, o.content)]),
    );
    const committed = Object.fromEntries(
      readdirSync(GENERATED).map((name) => {
        const path = relative(ROOT, resolve(GENERATED, name));
        return [path, readFileSync(resolve(ROOT, path), "utf8")];
      }),
    );
    expect(Object.keys(committed).sort(), "files in web/lib/generated (run `npm run codegen`)").toEqual(Object.keys(expected).sort());
    for (const [path, content] of Object.entries(expected)) {
      expect(committed[path] === content, `${path} is stale: run \`npm run codegen\` and commit it`).toBe(true);
    }
  });
});
