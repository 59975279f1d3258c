// A prediction's optional `attributions`: {featureName: signed finite number} (e.g. SHAP values
// logged by the model server). Each key is a declared feature of the model, each value a finite
// number with |x| ≤ 1e15 like every ingested number, and there are at most as many attributions as
// the model has features. Errors name the field: `attributions.<feature>: …`.
import type { FeatureKindValue } from "../../db/entities/index.js";
import { describe, finiteNumber, isPlainObject, isStorableNumber } from "./validate-values.js";

/** The attributions to store (null: none logged), or undefined after pushing the reasons to `errors`. */
export function validateAttributions(
  raw: unknown,
  model: { key: string; features: ReadonlyMap<string, FeatureKindValue> },
  errors: string[],
): Record<string, number> | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (!isPlainObject(raw)) {
    errors.push(`attributions: expected an object {featureName: number}, got ${describe(raw)}`);
    return undefined;
  }
  let valid = true;
  const names = Object.keys(raw);
  if (names.length > model.features.size) {
    errors.push(`attributions: ${names.length} attributions but model '${model.key}' declares ${model.features.size} features (at most one attribution per feature)`);
    valid = false;
  }
  for (const name of names) {
    const value = raw[name];
    if (!model.features.has(name)) {
      errors.push(`attributions.${name}: not a feature of model '${model.key}' (declared: ${[...model.features.keys()].join(", ") || "none"})`);
      valid = false;
    } else if (!isStorableNumber(value)) {
      errors.push((finiteNumber(`attributions.${name}`, value) as { error: string }).error);
      valid = false;
    }
  }
  return valid ? (raw as Record<string, number>) : undefined;
}
