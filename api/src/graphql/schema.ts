import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchema, type PubSub } from "type-graphql";
import { createTandemPubSub, type TandemPubSub } from "./pubsub.js";
import { SubscriptionResolver } from "./resolvers/subscription-resolver.js";
import { RetrainingResolver } from "./resolvers/retraining-resolver.js";
import { AlertResolver, BlastRadiusResolver, CascadeResolver, IncidentResolver, RootCauseResolver, SystemHealthGraphResolver } from "./resolvers/incident-resolver.js";
import { ApiKeyResolver } from "./resolvers/api-key-resolver.js";
import { DependencyResolver } from "./resolvers/dependency-resolver.js";
import { DriftResolver } from "./resolvers/drift-resolver.js";
import { HealthResolver, ModelHealthAnomaliesResolver, ModelHealthFieldResolver, SystemHealthFieldResolver } from "./resolvers/health-resolver.js";
import { IngestResolver } from "./resolvers/ingest-resolver.js";
import { ModelResolver } from "./resolvers/model-resolver.js";
import { SystemResolver } from "./resolvers/system-resolver.js";
import { RegistryChangeResolver } from "./resolvers/registry-change-resolver.js";
import { ErasureResolver } from "./resolvers/erasure-resolver.js";
import { FairnessResolver } from "./resolvers/fairness-resolver.js";
import { WeakSliceResolver } from "./resolvers/weak-slice-resolver.js";
import { ExplainResolver, ModelForbiddenFeaturesResolver } from "./resolvers/explain-resolver.js";
import { IncidentRemediationResolver, RemediationActionFieldResolver, RemediationResolver } from "./resolvers/remediation-resolver.js";
import { ModelHealthRolloutResolver, ModelVersionResolver, ModelVersionsFieldResolver } from "./resolvers/model-version-resolver.js";
import { ModelPrivacyFieldResolver, ProfileResolver } from "./resolvers/profile-resolver.js";
import { RetentionResolver } from "./resolvers/retention-resolver.js";

export const resolvers = [SystemResolver, ModelResolver, DependencyResolver, IngestResolver, ApiKeyResolver, DriftResolver, HealthResolver, SystemHealthFieldResolver, ModelHealthFieldResolver, ModelHealthAnomaliesResolver, SubscriptionResolver,
  IncidentResolver, AlertResolver, RootCauseResolver, CascadeResolver, BlastRadiusResolver, SystemHealthGraphResolver, RetrainingResolver, ErasureResolver, WeakSliceResolver, RegistryChangeResolver, ExplainResolver, ModelForbiddenFeaturesResolver, FairnessResolver,
  RemediationResolver, RemediationActionFieldResolver, IncidentRemediationResolver, ModelVersionResolver, ModelVersionsFieldResolver, ModelHealthRolloutResolver, ProfileResolver, ModelPrivacyFieldResolver, RetentionResolver] as const;

/** `pubSub` carries subscription events; the SDL (npm run schema) does not depend on it. */
export function buildTandemSchema(pubSub: TandemPubSub = createTandemPubSub()): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub: pubSub as unknown as PubSub,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false, // services validate and name the field in their messages
    emitSchemaFile: false,
  });
}

/** The SDL committed as api/schema.graphql. */
export function printTandemSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + "\n";
}
