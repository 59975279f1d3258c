import type { FeatureKind, ModelTask } from "./generated/graphql";

const TASK_LABELS: Record<ModelTask, string> = {
  BINARY_CLASSIFICATION: "Binary classification",
  MULTICLASS_CLASSIFICATION: "Multiclass classification",
  REGRESSION: "Regression",
  RANKING: "Ranking",
};

const KIND_LABELS: Record<FeatureKind, string> = {
  NUMERIC: "numeric",
  CATEGORICAL: "categorical",
};

/** `"BINARY_CLASSIFICATION"` → `"Binary classification"`; unknown values are prettified. */
export function taskLabel(task: string): string {
  return TASK_LABELS[task as ModelTask] ?? enumToWords(task);
}

/** `{ name: "speed", kind: "NUMERIC" }` → `"speed (numeric)"`. */
export function featureLabel(feature: { name: string; kind: FeatureKind }): string {
  const kind = KIND_LABELS[feature.kind] ?? enumToWords(feature.kind).toLowerCase();
  return `${feature.name} (${kind})`;
}

const UNITS: ReadonlyArray<readonly [seconds: number, label: string]> = [
  [86_400, "d"],
  [3_600, "h"],
  [60, "min"],
  [1, "s"],
];

/**
 * Human-readable duration: `3600` → `"1 h"`, `300` → `"5 min"`,
 * `5400` → `"1 h 30 min"`, `90061` → `"1 d 1 h 1 min 1 s"`.
 */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return "—";
  let rest = Math.round(totalSeconds);
  if (rest === 0) return "0 s";
  const parts: string[] = [];
  for (const [size, label] of UNITS) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${label}`);
      rest %= size;
    }
  }
  return parts.join(" ");
}

/** `1, "model"` → `"1 model"`; `3, "model"` → `"3 models"`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function enumToWords(value: string): string {
  const words = value.toLowerCase().split("_").filter(Boolean).join(" ");
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}
