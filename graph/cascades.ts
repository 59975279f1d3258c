// Cascades, read from the window's decision (explain-window.ts): every incident group whose root
// explains at least one other anomalous model is a cascade — root + the models of its group. A
// group that is not an incident (weak evidence, not persisted) is no cascade: its models are
// standalone alerts. `detectCascadesWithAlerts` also returns those alerts and the lone incidents.
import { explainWindow, type ExplanationGroup } from "./explain-window.js";
import type { ModelStates } from "./model-states.js";
import type { SystemGraph } from "./system-graph.js";
import { checkWindowOptions, WINDOW_DEFAULTS, type ExplainWindowOptions } from "./window-options.js";

export type DetectCascadesOptions = ExplainWindowOptions;

export interface DetectCascadesArgs {
  graph: SystemGraph;
  states: ModelStates;
  options?: DetectCascadesOptions;
}

export interface Cascade {
  root: string;
  affected: string[];
  startedAt: number;
}

export interface CascadeDecision {
  cascades: Cascade[];
  /** Incident groups of a root alone (it explains no other anomalous model). */
  loneIncidents: string[];
  /** Anomalous models whose alerts are not an incident (see the incident rule). */
  standalone: string[];
  groups: ExplanationGroup[];
}

export const CASCADE_DEFAULTS: Required<DetectCascadesOptions> = WINDOW_DEFAULTS;

const PREFIX = "graph/cascades";

export function detectCascadesWithAlerts(args: DetectCascadesArgs): CascadeDecision {
  const options = checkWindowOptions(PREFIX, args.options);
  const { groups, standalone } = explainWindow(PREFIX, args.graph, args.states, options);
  const cascades = groups
    .filter((g) => g.incident && g.members.length > 0)
    .map((g) => ({ root: g.root, affected: g.members.map((m) => m.modelId).sort(), startedAt: g.startedAt }))
    .sort((a, b) => a.startedAt - b.startedAt || (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  const loneIncidents = groups.filter((g) => g.incident && g.members.length === 0).map((g) => g.root);
  return { cascades, loneIncidents, standalone, groups };
}

export function detectCascades(args: DetectCascadesArgs): Cascade[] {
  return detectCascadesWithAlerts(args).cascades;
}
