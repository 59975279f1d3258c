import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchema } from "type-graphql";
import { ApiKeyResolver } from "./resolvers/api-key-resolver.js";
import { DependencyResolver } from "./resolvers/dependency-resolver.js";
import { DriftResolver } from "./resolvers/drift-resolver.js";
import { HealthResolver, ModelHealthFieldResolver, SystemHealthFieldResolver } from "./resolvers/health-resolver.js";
import { IngestResolver } from "./resolvers/ingest-resolver.js";
import { ModelResolver } from "./resolvers/model-resolver.js";
import { SystemResolver } from "./resolvers/system-resolver.js";

export const resolvers = [SystemResolver, ModelResolver, DependencyResolver, IngestResolver, ApiKeyResolver, DriftResolver, HealthResolver, SystemHealthFieldResolver, ModelHealthFieldResolver] as const;

export function buildTandemSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false, // services validate and name the field in their messages
    emitSchemaFile: false,
  });
}

/** The SDL committed as api/schema.graphql. */
export function printTandemSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
