// What the health use-cases answer: a model's and a system's verdict for a window, with the graph
// decision (root causes, cascades). The same shape whether stored by an evaluation or computed live.
import type { SystemGraph } from "../../../../graph/index.js";
import type { StoredSignal } from "../../db/repositories/health-repository.js";
import type { ModelEntity, SystemEntity } from "../../db/entities/index.js";
import type { HealthStatusValue } from "../../analytics/health/model-health.js";
import type { TimeWindow } from "../../analytics/health/time-window.js";

export interface ModelHealthView {
  model: ModelEntity;
  status: HealthStatusValue;
  anomalyScore: number;
  /** After propagation over the dependency graph. */
  propagatedScore: number;
  windowStart: Date;
  windowEnd: Date;
  signals: StoredSignal[];
  /** The drift reference the signals were computed against (none: no reference yet, or not computed). */
  reference?: TimeWindow | null;
}

export interface SystemHealthView {
  system: SystemEntity;
  at: Date;
  status: HealthStatusValue;
  score: number;
  windowStart: Date;
  windowEnd: Date;
  models: ModelHealthView[];
  rootCauses: RootCauseView[];
  cascades: CascadeView[];
  /** Whether this verdict was stored by an evaluation (false: computed live for an unevaluated window). */
  stored: boolean;
}

export interface RootCauseView {
  modelId: string;
  rank: number;
  score: number;
  explanation: string;
  evidence: StoredSignal[];
  /** Not anomalous itself (healthy or without data) but upstream of anomalous models it would explain. */
  latent?: boolean;
  /** The root of the incident group it belongs to (itself when it is one); null: none (absent in verdicts stored before issue #12). */
  groupRoot?: string | null;
}

export interface CascadeView {
  root: string;
  affected: string[];
  startedAt: number;
}

export interface GraphResult {
  rootCauses: RootCauseView[];
  cascades: CascadeView[];
}

/** The window's graph decision: what is stored, plus the models whose alerts are not an incident (for the incident step). */
export interface GraphStep extends GraphResult {
  standalone: string[];
  /** The system graph the decision read (the incident step attaches alerts downstream of open incidents). */
  graph: SystemGraph | null;
}
