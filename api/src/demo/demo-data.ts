// What a demo system is and what it sends for one window, independent of how it is sent.

export type FeatureKind = "NUMERIC" | "CATEGORICAL";
export type ModelTask = "BINARY_CLASSIFICATION" | "MULTICLASS_CLASSIFICATION" | "REGRESSION" | "RANKING";

export interface DemoModelSpec {
  key: string;
  name: string;
  task: ModelTask;
  version: string;
  features: Array<{ name: string; kind: FeatureKind }>;
}

/** A model of a demo system; `features` maps each input's name to its kind, in order. */
export function demoModel(key: string, name: string, task: ModelTask, version: string, features: Record<string, FeatureKind>): DemoModelSpec {
  return { key, name, task, version, features: Object.entries(features).map(([feature, kind]) => ({ name: feature, kind })) };
}

export interface DemoEdgeSpec {
  from: string;
  to: string;
  weight: number;
  /** The downstream model's feature that carries the upstream output. */
  feature: string;
}

export interface DemoAlertRule {
  model: string;
  metric: string;
  operator: "<" | "<=" | ">" | ">=";
  threshold: number;
}

/** A per-feature drift setting applied through `configureDrift` (e.g. tolerate daily weather). */
export interface DemoDriftSetting {
  model: string;
  feature: string;
  threshold: number;
}

export interface DemoSystemSpec {
  /** The demo systems are recognised by this name. */
  name: string;
  description: string;
  models: DemoModelSpec[];
  edges: DemoEdgeSpec[];
  rules: DemoAlertRule[];
  /** Materiality threshold (effect size) set on every feature and the prediction; `drift` overrides it per feature. */
  driftThreshold: number;
  drift: DemoDriftSetting[];
  /** How many early windows form the reference (set with `setReference`). */
  referenceWindows: number;
}

export interface PredictionRow {
  id: string;
  timestamp: string;
  features: Record<string, number | string | null>;
  score?: number;
  predictedClass?: string;
  segment?: string;
}
export interface LabelRow { predictionId: string; timestamp: string; value?: number; class?: string }
export interface FeedbackRow { predictionId: string; timestamp: string; value?: number; class?: string; comment?: string }
export interface MetricRow { name: string; timestamp: string; value: number }

type PerModel<T> = Record<string, T[]>;

/** Everything a system's services send about one window. */
export interface WindowData {
  predictions: PerModel<PredictionRow>;
  /** Ground truth known when the window closes. */
  labels: PerModel<LabelRow>;
  /** Ground truth that arrives one window later (e.g. chargebacks). */
  lateLabels: PerModel<LabelRow>;
  feedback: PerModel<FeedbackRow>;
  metrics: PerModel<MetricRow>;
}

export interface WindowContext {
  /** Window start, ms since the epoch. */
  start: number;
  windowMs: number;
  /** 0 = the demo's first (history) window. */
  index: number;
  /** Index of the first live window (= the number of history windows). */
  liveIndex: number;
  /**
   * How many windows the driving stack's camera fault has been going on before this one, counting
   * the windows actually streamed (0: it begins in this window; negative: not yet).
   */
  faultAge: number;
}

export function emptyWindow(keys: readonly string[]): WindowData {
  const per = <T>(): PerModel<T> => Object.fromEntries(keys.map((k) => [k, [] as T[]]));
  return { predictions: per(), labels: per(), lateLabels: per(), feedback: per(), metrics: per() };
}

/** `n` instants spread over the window (the i-th at a jittered slot), as ms. */
export function spreadTimestamps(start: number, windowMs: number, n: number, u: () => number): number[] {
  const slot = windowMs / n;
  return Array.from({ length: n }, (_, i) => Math.floor(start + i * slot + u() * slot * 0.9));
}

export const iso = (ms: number): string => new Date(ms).toISOString();
