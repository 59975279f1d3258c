// Changing a model's declared features: features are added or deprecated, never retyped or
// dropped, so every stored row keeps a meaning. Pure; the registry service validates names and
// kinds first and turns a problem into BAD_USER_INPUT naming the field.
import type { FeatureKindName as FeatureKind } from "../feature-kinds.js";

export interface DeclaredFeature {
  name: string;
  kind: FeatureKind;
  deprecated?: boolean;
}

export type FeatureChange = { features: DeclaredFeature[] } | { problem: { field: string; message: string } };

/**
 * `add` (new features, or deprecated ones brought back with the same kind) and `deprecate` (names)
 * applied to `current`, in declaration order (new ones last). A kind that differs from the declared
 * one, deprecating an unknown feature, or naming a feature in both lists is a problem.
 */
export function changeFeatures(current: readonly DeclaredFeature[], add: readonly DeclaredFeature[], deprecate: readonly string[], fields = { add: "addFeatures", deprecate: "deprecateFeatures" }): FeatureChange {
  const out = current.map((f) => ({ ...f }));
  const byName = new Map(out.map((f) => [f.name, f]));
  for (const [i, f] of add.entries()) {
    const known = byName.get(f.name);
    if (known && known.kind !== f.kind) {
      return { problem: { field: `${fields.add}[${i}].kind`, message: `feature '${f.name}' is declared ${known.kind}; a feature is never retyped (declare a new feature under another name)` } };
    }
    if (deprecate.includes(f.name)) return { problem: { field: `${fields.add}[${i}].name`, message: `feature '${f.name}' is both added and deprecated` } };
    if (known) delete known.deprecated;
    else {
      const added = { name: f.name, kind: f.kind };
      out.push(added);
      byName.set(f.name, added);
    }
  }
  for (const [i, name] of deprecate.entries()) {
    const known = byName.get(name);
    if (!known) return { problem: { field: `${fields.deprecate}[${i}]`, message: `model has no feature '${name}' (declared: ${current.map((f) => f.name).join(", ") || "none"})` } };
    known.deprecated = true;
  }
  return { features: out };
}

/**
 * Re-registering a model with a full feature list: the listed features (retyping refused), and
 * every declared feature the list leaves out kept as deprecated.
 */
export function reregisterFeatures(current: readonly DeclaredFeature[], listed: readonly DeclaredFeature[]): FeatureChange {
  const listedNames = new Set(listed.map((f) => f.name));
  for (const [i, f] of listed.entries()) {
    const known = current.find((c) => c.name === f.name);
    if (known && known.kind !== f.kind) {
      return { problem: { field: `features[${i}].kind`, message: `feature '${f.name}' is declared ${known.kind}; a feature is never retyped (declare a new feature under another name)` } };
    }
  }
  const kept = current.filter((c) => !listedNames.has(c.name)).map((c) => ({ name: c.name, kind: c.kind, deprecated: true }));
  return { features: [...listed.map((f) => ({ name: f.name, kind: f.kind })), ...kept] };
}
