// Rows of the retraining export. Both formats carry the fields of the GraphQL RetrainingSample
// (predictionId, model, priority, reasons, timestamp, features, prediction, label, feedback) plus
// rank, window and strategy.
//
// JSONL: one JSON object per line, nested as in GraphQL (`prediction: {score, predictedClass,
// probabilities}`, `label: {value, class} | null`, `feedback: [{value, class}] | null`).
// CSV (RFC 4180: comma-separated, CRLF line ends, a header row; a cell holding a comma, a quote, CR,
// LF or leading/trailing space is quoted, quotes doubled; null is an empty cell): scalar columns,
// one `feature.<name>` column per declared feature (objects as JSON), `otherFeatures` (JSON of the
// undeclared ones, empty when none), and JSON for the lists (reasons, probabilities, feedback).
import type { ExportedSample } from "../services/retraining/export-ranking.js";

const FIXED = ["rank", "predictionId", "modelId", "modelKey", "strategy", "priority", "window", "timestamp", "reasons", "score", "predictedClass", "probabilities", "labelValue", "labelClass", "feedback"];

export function jsonlRow(s: ExportedSample): string {
  return (
    JSON.stringify({
      rank: s.rank,
      predictionId: s.predictionId,
      modelId: s.model.id,
      modelKey: s.model.key,
      strategy: s.strategy,
      priority: s.priority,
      window: s.window,
      reasons: s.reasons,
      timestamp: s.timestamp.toISOString(),
      features: s.features,
      prediction: s.prediction,
      label: s.label,
      feedback: s.feedback,
    }) + "\n"
  );
}

/** One CSV cell (see the header). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(declared: readonly string[]): string {
  return [...FIXED, ...declared.map((f) => `feature.${f}`), "otherFeatures"].map(csvCell).join(",") + "\r\n";
}

export function csvRow(s: ExportedSample, declared: readonly string[]): string {
  const features = s.features ?? {};
  let others: Record<string, unknown> | null = null;
  for (const k of Object.keys(features)) {
    if (!declared.includes(k)) (others ??= {})[k] = features[k];
  }
  const cells: unknown[] = [
    s.rank, s.predictionId, s.model.id, s.model.key, s.strategy, s.priority, s.window, s.timestamp.toISOString(), s.reasons,
    s.prediction.score, s.prediction.predictedClass, s.prediction.probabilities,
    s.label?.value ?? null, s.label?.class ?? null, s.feedback,
    ...declared.map((f) => features[f]),
    others,
  ];
  return cells.map(csvCell).join(",") + "\r\n";
}
