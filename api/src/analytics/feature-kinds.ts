// The kinds of a model's input features: NUMERIC (finite numbers) and CATEGORICAL (strings). The one
// list (the GraphQL enum FeatureKind, the registry's validation and the drift tests derive from it).
export const FEATURE_KINDS = ["NUMERIC", "CATEGORICAL"] as const;
export type FeatureKindName = (typeof FEATURE_KINDS)[number];

export function isFeatureKind(value: unknown): value is FeatureKindName {
  return (FEATURE_KINDS as readonly unknown[]).includes(value);
}
