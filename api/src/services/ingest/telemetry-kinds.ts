// The four kinds of telemetry: how one item is validated (pure) and how a batch of valid items
// is written (one statement). Predictions keep the first copy of an id; labels and metric points
// keep the latest value (a resend with another value is a correction); feedback keeps each
// (prediction, timestamp) once.
import { isMetricName } from "../../analytics/performance/metric-name.js";
import type { FeatureKindValue, ModelTaskValue } from "../../db/entities/index.js";
import * as telemetry from "../../db/repositories/telemetry-repository.js";
import type { QueryRunner } from "typeorm";
import {
  boundedString, describe, finiteNumber, isPlainObject, isStorableNumber, optionalNumber, optionalString, requiredId, timestamp, unknownFields,
  MAX_STRING, storableText, type Checked,
} from "./validate-values.js";
import { validateAttributions } from "./validate-attributions.js";

export const TELEMETRY_KINDS = ["predictions", "labels", "feedback", "metrics"] as const;
export type TelemetryKind = (typeof TELEMETRY_KINDS)[number];

export interface ModelSpec {
  key: string;
  task: ModelTaskValue;
  features: ReadonlyMap<string, FeatureKindValue>;
}

export interface ValidateArgs {
  item: unknown;
  model: ModelSpec;
  nowMs: number;
}

type PredictionRow = telemetry.PredictionRow;
type LabelRow = telemetry.LabelRow;
type FeedbackRow = telemetry.FeedbackRow;
type MetricRow = telemetry.MetricRow;

export interface KindDefinition<Row> {
  /** Validates one item: the row to store, or every reason it is invalid. */
  validate(args: ValidateArgs): Checked<Row> | { ok: false; errors: string[] };
  /** Identity of a row: two rows with the same key are the same event. */
  key(row: Row): string;
  /** Which copy of a key a batch keeps. */
  keep: "first" | "last";
  /** The prediction id the row refers to, when it must exist. */
  refersTo?(row: Row): string;
  /** Writes sorted, de-duplicated rows (one statement, or COPY + one statement); returns how many rows changed. */
  write(q: QueryRunner, scope: telemetry.Scope, rows: readonly Row[], state: telemetry.PredictionWriteState): Promise<number>;
}

type Result<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function collect<T>(errors: string[], checked: Checked<T>): T | undefined {
  if (checked.ok) return checked.value;
  errors.push(checked.error);
  return undefined;
}

function fail(errors: string[]): { ok: false; errors: string[] } {
  return { ok: false, errors };
}

const PREDICTION_FIELDS = new Set(["id", "timestamp", "features", "score", "predictedClass", "probabilities", "segment", "attributions", "version"]);
const LABEL_FIELDS = new Set(["predictionId", "timestamp", "value", "class"]);
const FEEDBACK_FIELDS = new Set(["predictionId", "timestamp", "value", "class", "comment"]);
const METRIC_FIELDS = new Set(["name", "timestamp", "value"]);
const PROBABILITY_SUM_TOLERANCE = 0.01;

function objectItem(item: unknown, allowed: ReadonlySet<string>): Result<Record<string, unknown>> {
  if (!isPlainObject(item)) return fail([`expected an object, got ${describe(item)}`]);
  const errors = unknownFields(item, allowed);
  return errors.length ? fail(errors) : { ok: true, value: item };
}

function validateFeatures(raw: unknown, model: ModelSpec, errors: string[]): Record<string, number | string | null> | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`features: expected an object {featureName: value}, got ${describe(raw)}`);
    return undefined;
  }
  // Hot path (millions of values): plain checks first, messages only for the rare bad value.
  let valid = true;
  for (const name in raw) {
    const value = raw[name];
    const kind = model.features.get(name);
    if (kind === undefined) {
      errors.push(`features.${name}: not a feature of model '${model.key}' (declared: ${[...model.features.keys()].join(", ") || "none"})`);
      valid = false;
    } else if (value === null || value === undefined) {
      raw[name] = null;
    } else {
      switch (kind) {
        case "NUMERIC":
          if (!isStorableNumber(value)) {
            errors.push((finiteNumber(`features.${name}`, value) as { error: string }).error);
            valid = false;
          }
          break;
        case "CATEGORICAL":
          if (typeof value !== "string" || value.length > MAX_STRING || !storableText(value)) {
            errors.push((boundedString(`features.${name}`, value, MAX_STRING) as { error: string }).error);
            valid = false;
          }
          break;
        default: {
          const never: never = kind;
          throw new Error(`ingest: unknown feature kind ${String(never)}`);
        }
      }
    }
  }
  return valid ? (raw as Record<string, number | string | null>) : undefined;
}

function validateProbabilities(raw: unknown, errors: string[]): Record<string, number> | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (!isPlainObject(raw) || Object.keys(raw).length === 0) {
    errors.push(`probabilities: expected an object {class: probability}, got ${describe(raw)}`);
    return undefined;
  }
  let sum = 0;
  let valid = true;
  for (const [cls, p] of Object.entries(raw)) {
    if (cls.length > MAX_STRING || !storableText(cls)) {
      errors.push(`probabilities: class names are text of at most ${MAX_STRING} characters without NUL`);
      valid = false;
    } else if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) {
      errors.push(`probabilities.${cls}: expected a probability in [0, 1], got ${describe(p)}`);
      valid = false;
    } else {
      sum += p;
    }
  }
  if (valid && Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    errors.push(`probabilities: must sum to 1 (±${PROBABILITY_SUM_TOLERANCE}), got ${Number(sum.toFixed(6))}`);
    valid = false;
  }
  return valid ? (raw as Record<string, number>) : undefined;
}

export const predictions: KindDefinition<PredictionRow> = {
  keep: "first",
  key: (r) => r.i,
  validate({ item, model, nowMs }) {
    const obj = objectItem(item, PREDICTION_FIELDS);
    if (!obj.ok) return obj;
    const o = obj.value;
    const errors: string[] = [];
    const id = collect(errors, requiredId("id", o.id));
    const ts = collect(errors, timestamp("timestamp", o.timestamp, nowMs));
    const features = validateFeatures(o.features, model, errors);
    const score = collect(errors, optionalNumber("score", o.score));
    const predictedClass = collect(errors, optionalString("predictedClass", o.predictedClass));
    const probabilities = validateProbabilities(o.probabilities, errors);
    const segment = collect(errors, optionalString("segment", o.segment));
    const attributions = validateAttributions(o.attributions, model, errors);
    const version = collect(errors, optionalString("version", o.version, 64));
    switch (model.task) {
      case "BINARY_CLASSIFICATION":
        if (score !== undefined && score !== null && (score < 0 || score > 1)) errors.push(`score: expected P(positive) in [0, 1] for a binary classifier, got ${score}`);
        if (score === null && predictedClass === null) {
          errors.push("score: required for a binary classifier (P(positive)), unless predictedClass is given");
        }
        break;
      case "MULTICLASS_CLASSIFICATION":
        if (predictedClass === null && probabilities === null) errors.push("predictedClass: a multiclass prediction needs predictedClass or probabilities");
        break;
      case "REGRESSION":
      case "RANKING":
        if (o.score === undefined || o.score === null) errors.push(`score: required for a ${model.task === "REGRESSION" ? "regression" : "ranking"} model`);
        break;
      default: {
        const never: never = model.task;
        throw new Error(`ingest: unknown task ${String(never)}`);
      }
    }
    if (errors.length) return fail(errors);
    const row: PredictionRow = { i: id!, t: ts!, f: features!, s: score ?? null, c: predictedClass ?? null, p: probabilities ?? null, g: segment ?? null };
    if (attributions) row.a = attributions; // only then: rows without attributions keep their shape and payload
    if (version) row.mv = version; // absent: the version live at the timestamp (docs/remediation.md)
    return { ok: true, value: row };
  },
  write: telemetry.insertPredictions,
};

function validateOutcome(o: Record<string, unknown>, model: ModelSpec, nowMs: number, what: "label" | "feedback", errors: string[]) {
  const id = collect(errors, requiredId("predictionId", o.predictionId));
  const ts = collect(errors, timestamp("timestamp", o.timestamp, nowMs));
  const value = collect(errors, optionalNumber("value", o.value));
  const cls = collect(errors, optionalString("class", o.class));
  if (what === "label") {
    if (value === null && cls === null) errors.push("value: a label needs a value or a class");
    switch (model.task) {
      case "BINARY_CLASSIFICATION":
        if (value !== null && value !== undefined && value !== 0 && value !== 1) errors.push(`value: a binary label is 0 or 1, got ${value}`);
        break;
      case "MULTICLASS_CLASSIFICATION":
        if (cls === null) errors.push("class: required for a multiclass label");
        break;
      case "REGRESSION":
      case "RANKING":
        if (value === null) errors.push(`value: required for a ${model.task === "REGRESSION" ? "regression" : "ranking"} label`);
        break;
      default: {
        const never: never = model.task;
        throw new Error(`ingest: unknown task ${String(never)}`);
      }
    }
  }
  return { id, ts, value, cls };
}

export const labels: KindDefinition<LabelRow> = {
  keep: "last",
  key: (r) => r.i,
  refersTo: (r) => r.i,
  validate({ item, model, nowMs }) {
    const obj = objectItem(item, LABEL_FIELDS);
    if (!obj.ok) return obj;
    const errors: string[] = [];
    const r = validateOutcome(obj.value, model, nowMs, "label", errors);
    if (errors.length) return fail(errors);
    return { ok: true, value: { i: r.id!, t: r.ts!, v: r.value ?? null, c: r.cls ?? null } };
  },
  write: telemetry.upsertLabels,
};

export const feedback: KindDefinition<FeedbackRow> = {
  keep: "first",
  key: (r) => `${r.i}\u0000${r.t}`,
  refersTo: (r) => r.i,
  validate({ item, model, nowMs }) {
    const obj = objectItem(item, FEEDBACK_FIELDS);
    if (!obj.ok) return obj;
    const errors: string[] = [];
    const r = validateOutcome(obj.value, model, nowMs, "feedback", errors);
    const comment = collect(errors, optionalString("comment", obj.value.comment, 4096));
    if (r.value === null && r.cls === null && comment === null) errors.push("value: feedback needs a value, a class or a comment");
    if (errors.length) return fail(errors);
    return { ok: true, value: { i: r.id!, t: r.ts!, v: r.value ?? null, c: r.cls ?? null, m: comment ?? null } };
  },
  write: telemetry.insertFeedback,
};

export const metrics: KindDefinition<MetricRow> = {
  keep: "last",
  key: (r) => `${r.n}\u0000${r.t}`,
  validate({ item, nowMs }) {
    const obj = objectItem(item, METRIC_FIELDS);
    if (!obj.ok) return obj;
    const o = obj.value;
    const errors: string[] = [];
    const name = collect(errors, requiredId("name", o.name));
    if (name !== undefined && !isMetricName(name)) errors.push(`name: expected a metric name of letters, digits, '_', '.', ':' or '-' starting with a letter or '_', got ${describe(name)}`);
    const ts = collect(errors, timestamp("timestamp", o.timestamp, nowMs));
    const value = collect(errors, finiteNumber("value", o.value));
    if (errors.length) return fail(errors);
    return { ok: true, value: { n: name!, t: ts!, v: value! } };
  },
  write: telemetry.upsertMetrics,
};

export const KINDS: { [K in TelemetryKind]: KindDefinition<unknown> } = {
  predictions: predictions as KindDefinition<unknown>,
  labels: labels as KindDefinition<unknown>,
  feedback: feedback as KindDefinition<unknown>,
  metrics: metrics as KindDefinition<unknown>,
};
