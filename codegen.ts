// GraphQL Code Generator: the dashboard's operation types and the schema's enums, generated from
// api/schema.graphql (emitted by `npm run schema`) into web/lib/generated/. Run `npm run codegen`
// after changing the schema or an operation of web/; test/web/generated-types.test.ts fails when the
// committed files are stale.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "api/schema.graphql",
  documents: ["web/**/*.{ts,tsx}", "!web/lib/generated/**", "!web/.next/**", "!web/node_modules/**"],
  ignoreNoDocuments: false,
  generates: {
    "web/lib/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        enumType: "const",
        useTypeImports: true,
        skipTypename: true,
        strictScalars: true,
        scalars: { DateTime: "string", JSON: "unknown" },
      },
    },
  },
};

export default config;
