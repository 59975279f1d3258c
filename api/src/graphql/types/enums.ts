import { registerEnumType } from "type-graphql";
import { API_SCOPES } from "../../services/auth.js";
import { FEATURE_KINDS, MODEL_TASKS, REGISTRY_CHANGE_KINDS } from "../../services/registry-service.js";
import { enumFromList } from "./enum-from-list.js";

export const ModelTask = enumFromList(MODEL_TASKS);
export type ModelTask = (typeof MODEL_TASKS)[number];

export const FeatureKind = enumFromList(FEATURE_KINDS);
export type FeatureKind = (typeof FEATURE_KINDS)[number];

export const RegistryChangeKind = enumFromList(REGISTRY_CHANGE_KINDS);
export type RegistryChangeKind = (typeof REGISTRY_CHANGE_KINDS)[number];

export const ApiScope = enumFromList(API_SCOPES);
export type ApiScope = (typeof API_SCOPES)[number];

registerEnumType(ModelTask, { name: "ModelTask", description: "What a model predicts" });
registerEnumType(FeatureKind, { name: "FeatureKind", description: "NUMERIC: finite numbers; CATEGORICAL: strings up to 256 characters" });
registerEnumType(RegistryChangeKind, { name: "RegistryChangeKind", description: "What a registry change did" });
registerEnumType(ApiScope, {
  name: "ApiScope",
  description: "ADMIN: everything; INGEST: ingest mutations and bulk endpoints; READ: queries and subscriptions; RETRAIN: retraining candidates, claim, ack",
});
