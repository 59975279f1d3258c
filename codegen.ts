// GraphQL Code Generator: the dashboard's operation types and the schema's enums, generated from
// api/schema.graphql (emitted by `npm run schema`) into web/lib/generated/. Run `npm run codegen`
// after changing the schema or an operation of web/; test/web/generated-types.test.ts fails when the
// committed files are stale.
import type { CodegenConfig } from "@graphql-codegen/cli";

const DECORATION_IMPORT = "import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';";
const DECORATION_INLINE = `/** As in @graphql-typed-document-node/core, written here: web/ imports only its own code and its framework. */
interface DocumentTypeDecoration<TResult, TVariables> {
  __apiType?: (variables: TVariables) => TResult;
}`;

/**
 * The client preset's typed document strings take one type from @graphql-typed-document-node/core;
 * the import rules (test/architecture/import-rules.test.ts) let web/ import only its own code and
 * its framework, so the generated file carries that one-line interface itself.
 */
export function inlineDocumentTypeDecoration(_path: string, content: string): string {
  return content.replace(DECORATION_IMPORT, DECORATION_INLINE);
}

const config: CodegenConfig = {
  schema: "api/schema.graphql",
  documents: ["web/**/*.{ts,tsx}", "!web/lib/generated/**", "!web/.next/**", "!web/node_modules/**"],
  ignoreNoDocuments: false,
  generates: {
    "web/lib/generated/": {
      preset: "client",
      hooks: { beforeOneFileWrite: [inlineDocumentTypeDecoration] },
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
