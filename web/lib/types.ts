/**
 * Hand-written types for the data the dashboard reads from the Tandem
 * GraphQL API. Keep them in sync with the queries in this folder: they
 * describe the *selected* shape of a query result, not the whole schema.
 */

/** Mirrors the GraphQL enum `ModelTask`. */
export type ModelTask =
  | "BINARY_CLASSIFICATION"
  | "MULTICLASS_CLASSIFICATION"
  | "REGRESSION"
  | "RANKING";

/** Mirrors the GraphQL enum `FeatureKind`. */
export type FeatureKind = "NUMERIC" | "CATEGORICAL";

/** A model as referenced from another object: only its identity. */
export interface ModelRef {
  id: string;
  key: string;
}

export interface Feature {
  name: string;
  kind: FeatureKind;
}

export interface Model {
  id: string;
  /** Stable, human-chosen identifier, unique within its system. */
  key: string;
  name: string;
  task: ModelTask;
  version: string;
  features: Feature[];
  /** Models whose output feeds this one ("fed by"). */
  upstream: ModelRef[];
  /** Models this one's output feeds ("feeds"). */
  downstream: ModelRef[];
}

/** A directed edge of the system graph: `from` feeds `to`. */
export interface Dependency {
  id: string;
  from: ModelRef;
  to: ModelRef;
  weight: number | null;
  /** Name of the feature of `to` that carries `from`'s output, if known. */
  feature: string | null;
}

export interface System {
  id: string;
  name: string;
  description: string | null;
  /** Width of the monitoring window, in seconds. */
  windowSeconds: number;
  models: Model[];
  dependencies: Dependency[];
}

/** Result of the `Systems` query (see `SYSTEMS_QUERY` in ./queries.ts). */
export interface SystemsQueryResult {
  systems: System[];
}

/** One entry of a GraphQL response's `errors` array. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}
