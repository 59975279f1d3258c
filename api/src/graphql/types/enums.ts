import { registerEnumType } from "type-graphql";

export enum ModelTask {
  BINARY_CLASSIFICATION = "BINARY_CLASSIFICATION",
  MULTICLASS_CLASSIFICATION = "MULTICLASS_CLASSIFICATION",
  REGRESSION = "REGRESSION",
  RANKING = "RANKING",
}

export enum FeatureKind {
  NUMERIC = "NUMERIC",
  CATEGORICAL = "CATEGORICAL",
}

export enum ApiScope {
  ADMIN = "ADMIN",
  INGEST = "INGEST",
  READ = "READ",
  RETRAIN = "RETRAIN",
}

registerEnumType(ModelTask, { name: "ModelTask", description: "What a model predicts" });
registerEnumType(FeatureKind, { name: "FeatureKind", description: "NUMERIC: finite numbers; CATEGORICAL: strings up to 256 characters" });
registerEnumType(ApiScope, {
  name: "ApiScope",
  description: "ADMIN: everything; INGEST: ingest mutations and bulk endpoints; READ: queries and subscriptions; RETRAIN: retraining candidates, claim, ack",
});
