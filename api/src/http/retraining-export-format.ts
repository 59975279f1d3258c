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
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvHeader(declared: readonly string[]): string {
  return [...FIXED, ...declared.map((f) => `feature.${f}`), "otherFeatures"].map(csvCell).join(",") + "\r\n";
}

export function csvRow(s: ExportedSample, declared: readonly string[]): string {
  const features = s.features ?? {};
  let others: Record<string, unknown> | null = null;
  for (const k in features) {
    if (!declared.includes(k)) (others ??= {})[k] = features[k];
  }
  let line = `${s.rank},${csvCell(s.predictionId)},${csvCell(s.model.id)},${csvCell(s.model.key)},${s.strategy},${s.priority},${s.window},${s.timestamp.toISOString()},${csvCell(s.reasons)}`;
  line += `,${csvCell(s.prediction.score)},${csvCell(s.prediction.predictedClass)},${csvCell(s.prediction.probabilities)}`;
  line += `,${csvCell(s.label?.value)},${csvCell(s.label?.class)},${csvCell(s.feedback)}`;
  for (const f of declared) line += `,${csvCell(features[f])}`;
  return `${line},${csvCell(others)}\r\n`;
}
