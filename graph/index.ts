export { buildSystemGraph, edgeWeight, type SystemGraph, type ModelNode, type DependencyEdge, type BuildSystemGraphArgs } from "./system-graph.js";
export { propagateAnomaly, PROPAGATE_DEFAULTS, type PropagateAnomalyArgs, type PropagateAnomalyOptions } from "./propagate-anomaly.js";
export { rankRootCauses, ROOT_CAUSE_DEFAULTS, type RankRootCausesArgs, type RankRootCausesOptions, type RootCause } from "./root-causes.js";
export { detectCascades, detectCascadesWithAlerts, CASCADE_DEFAULTS, type Cascade, type CascadeDecision, type DetectCascadesArgs, type DetectCascadesOptions } from "./cascades.js";
export { blastRadius, BLAST_RADIUS_DEFAULTS, type BlastRadiusArgs, type BlastRadiusEntry, type BlastRadiusOptions } from "./blast-radius.js";
export { groupAlertsIntoIncidents, type GroupAlertsArgs, type IncidentGroup } from "./incidents.js";
export type { ExplanationGroup, GroupMember } from "./explain-window.js";
export type { ExplainWindowOptions } from "./window-options.js";
export type { ModelState, ModelStates, EvidenceSignal } from "./model-states.js";
