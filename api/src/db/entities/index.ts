import { ApiKeyEntity } from "./api-key.entity.js";
import { DependencyEntity } from "./dependency.entity.js";
import { ModelEntity } from "./model.entity.js";
import { SystemEntity } from "./system.entity.js";

export { ApiKeyEntity, DependencyEntity, ModelEntity, SystemEntity };
export type { ApiScopeValue } from "./api-key.entity.js";
export type { FeatureKindValue, FeatureSpec, ModelTaskValue } from "./model.entity.js";

/** Entities mapped by TypeORM. Telemetry tables are written and read by hand-written SQL in repositories/. */
export const entities = [SystemEntity, ModelEntity, DependencyEntity, ApiKeyEntity];
