/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** As in @graphql-typed-document-node/core, written here: web/ imports only its own code and its framework. */
interface DocumentTypeDecoration<TResult, TVariables> {
  __apiType?: (variables: TVariables) => TResult;
}
/** EXACT: raw rows (uniform samples above sampleCap). PROFILE: the window profiles of the whole ranges, with errorBound (docs/privacy.md) */
export const DriftPath = {
  Exact: 'EXACT',
  Profile: 'PROFILE'
} as const;

export type DriftPath = typeof DriftPath[keyof typeof DriftPath];
/** Significance tests: KS (numeric), CHI_SQUARE. Effect sizes: WASSERSTEIN (numeric, normalized), JENSEN_SHANNON, PSI, HELLINGER */
export const DriftTest = {
  ChiSquare: 'CHI_SQUARE',
  Hellinger: 'HELLINGER',
  JensenShannon: 'JENSEN_SHANNON',
  Ks: 'KS',
  Psi: 'PSI',
  Wasserstein: 'WASSERSTEIN'
} as const;

export type DriftTest = typeof DriftTest[keyof typeof DriftTest];
/** How a sensitive feature's rows are grouped: CATEGORY (each value), DECLARED_BINS (the policy's edges), QUANTILES (the window's quantiles) */
export const FairnessBinning = {
  Category: 'CATEGORY',
  DeclaredBins: 'DECLARED_BINS',
  Quantiles: 'QUANTILES'
} as const;

export type FairnessBinning = typeof FairnessBinning[keyof typeof FairnessBinning];
export type FeatureInput = {
  kind: FeatureKind;
  name: string;
};

/** NUMERIC: finite numbers; CATEGORICAL: strings up to 256 characters */
export const FeatureKind = {
  Categorical: 'CATEGORICAL',
  Numeric: 'NUMERIC'
} as const;

export type FeatureKind = typeof FeatureKind[keyof typeof FeatureKind];
/** UNKNOWN: no data in the window */
export const HealthStatus = {
  Degraded: 'DEGRADED',
  Failing: 'FAILING',
  Healthy: 'HEALTHY',
  Unknown: 'UNKNOWN'
} as const;

export type HealthStatus = typeof HealthStatus[keyof typeof HealthStatus];
export const IncidentStatus = {
  Acknowledged: 'ACKNOWLEDGED',
  Open: 'OPEN',
  Resolved: 'RESOLVED'
} as const;

export type IncidentStatus = typeof IncidentStatus[keyof typeof IncidentStatus];
/** What a model predicts */
export const ModelTask = {
  BinaryClassification: 'BINARY_CLASSIFICATION',
  MulticlassClassification: 'MULTICLASS_CLASSIFICATION',
  Ranking: 'RANKING',
  Regression: 'REGRESSION'
} as const;

export type ModelTask = typeof ModelTask[keyof typeof ModelTask];
/** DISAGREEMENT: feedback/label far from a confident prediction; UNCERTAINTY: near the boundary; LABEL_ERROR: labels a confident model contradicts (review first); DRIFT: drifted regions; BLAME: root causes of open incidents; COMBINED: rank fusion, near-duplicates skipped */
export const PriorityStrategy = {
  Blame: 'BLAME',
  Combined: 'COMBINED',
  Disagreement: 'DISAGREEMENT',
  Drift: 'DRIFT',
  LabelError: 'LABEL_ERROR',
  Uncertainty: 'UNCERTAINTY'
} as const;

export type PriorityStrategy = typeof PriorityStrategy[keyof typeof PriorityStrategy];
/** What a registry change did */
export const RegistryChangeKind = {
  AlertRuleCreated: 'ALERT_RULE_CREATED',
  AlertRuleDeleted: 'ALERT_RULE_DELETED',
  AlertRuleUpdated: 'ALERT_RULE_UPDATED',
  DependencyAdded: 'DEPENDENCY_ADDED',
  DependencyRemoved: 'DEPENDENCY_REMOVED',
  DependencyUpdated: 'DEPENDENCY_UPDATED',
  ModelConfigured: 'MODEL_CONFIGURED',
  ModelRegistered: 'MODEL_REGISTERED',
  ModelRetired: 'MODEL_RETIRED',
  ModelUpdated: 'MODEL_UPDATED',
  SystemConfigured: 'SYSTEM_CONFIGURED',
  SystemCreated: 'SYSTEM_CREATED',
  SystemDeleted: 'SYSTEM_DELETED'
} as const;

export type RegistryChangeKind = typeof RegistryChangeKind[keyof typeof RegistryChangeKind];
/** ROLLBACK to the previous version, FALLBACK to a named model, RETRAIN with a claimed batch, WEBHOOK to a runner, NOTIFY (not verified) */
export const RemediationActionKind = {
  Fallback: 'FALLBACK',
  Notify: 'NOTIFY',
  Retrain: 'RETRAIN',
  Rollback: 'ROLLBACK',
  Webhook: 'WEBHOOK'
} as const;

export type RemediationActionKind = typeof RemediationActionKind[keyof typeof RemediationActionKind];
/** PROPOSED → PENDING → ACCEPTED → CREDITED or FAILED; REJECTED, DONE (NOTIFY), CANCELLED */
export const RemediationActionStatus = {
  Accepted: 'ACCEPTED',
  Cancelled: 'CANCELLED',
  Credited: 'CREDITED',
  Done: 'DONE',
  Failed: 'FAILED',
  Pending: 'PENDING',
  Proposed: 'PROPOSED',
  Rejected: 'REJECTED'
} as const;

export type RemediationActionStatus = typeof RemediationActionStatus[keyof typeof RemediationActionStatus];
export const RemediationAuditEvent = {
  Accepted: 'ACCEPTED',
  Approved: 'APPROVED',
  Attempt: 'ATTEMPT',
  Blocked: 'BLOCKED',
  Cancelled: 'CANCELLED',
  Credited: 'CREDITED',
  Done: 'DONE',
  Escalated: 'ESCALATED',
  Failed: 'FAILED',
  Planned: 'PLANNED',
  PolicyCreated: 'POLICY_CREATED',
  PolicyDisabled: 'POLICY_DISABLED',
  PolicyEnabled: 'POLICY_ENABLED',
  Proposed: 'PROPOSED',
  Rejected: 'REJECTED',
  ResultReported: 'RESULT_REPORTED',
  VersionChanged: 'VERSION_CHANGED'
} as const;

export type RemediationAuditEvent = typeof RemediationAuditEvent[keyof typeof RemediationAuditEvent];
/** AUTO: steps are delivered at once; PROPOSE: a person approves each step first */
export const RemediationMode = {
  Auto: 'AUTO',
  Propose: 'PROPOSE'
} as const;

export type RemediationMode = typeof RemediationMode[keyof typeof RemediationMode];
export type WindowInput = {
  from: string;
  to: string;
};

export type LiveSubscriptionVariables = Exact<{
  systemId: string | number;
}>;


export type LiveSubscription = { health: { windowEnd: string, status: HealthStatus } };

export type LiveIncidentsSubscriptionVariables = Exact<{
  systemId: string | number;
}>;


export type LiveIncidentsSubscription = { incident: { id: string, status: IncidentStatus } };

export type LiveSystemsQueryVariables = Exact<{ [key: string]: never; }>;


export type LiveSystemsQuery = { systems: Array<{ id: string }> };

export type SystemWindowSizeQueryVariables = Exact<{
  id: string | number;
}>;


export type SystemWindowSizeQuery = { system: { windowSeconds: number } | null };

export type FairnessWindowFieldsFragment = { modelId: string, windowStart: string, windowEnd: string, predictions: number, rows: number, policy: { sensitiveFeatures: Array<string>, minParityRatio: number | null, maxParityDifference: number | null, maxEqualizedOddsDifference: number | null, favorableLabel: string, minGroupSize: number, quantiles: number, bins: Array<{ feature: string, edges: Array<number> }> } | null, features: Array<{ feature: string, binning: FairnessBinning, edges: Array<number>, demographicParityDifference: number | null, demographicParityRatio: number | null, truePositiveRateDifference: number | null, falsePositiveRateDifference: number | null, equalizedOddsDifference: number | null, meanAbsoluteErrorDifference: number | null, groups: Array<{ group: string, count: number, labeled: number, selectionRate: number | null, truePositiveRate: number | null, falsePositiveRate: number | null, accuracy: number | null, meanPrediction: number | null, meanError: number | null, meanAbsoluteError: number | null }> }>, signals: Array<{ kind: string, name: string, value: number, threshold: number | null, breached: boolean }> };

export type ModelFairnessHistoryQueryVariables = Exact<{
  id: string | number;
  windows: number;
  at?: string | null | undefined;
}>;


export type ModelFairnessHistoryQuery = { fairnessHistory: Array<{ modelId: string, windowStart: string, windowEnd: string, predictions: number, rows: number, policy: { sensitiveFeatures: Array<string>, minParityRatio: number | null, maxParityDifference: number | null, maxEqualizedOddsDifference: number | null, favorableLabel: string, minGroupSize: number, quantiles: number, bins: Array<{ feature: string, edges: Array<number> }> } | null, features: Array<{ feature: string, binning: FairnessBinning, edges: Array<number>, demographicParityDifference: number | null, demographicParityRatio: number | null, truePositiveRateDifference: number | null, falsePositiveRateDifference: number | null, equalizedOddsDifference: number | null, meanAbsoluteErrorDifference: number | null, groups: Array<{ group: string, count: number, labeled: number, selectionRate: number | null, truePositiveRate: number | null, falsePositiveRate: number | null, accuracy: number | null, meanPrediction: number | null, meanError: number | null, meanAbsoluteError: number | null }> }>, signals: Array<{ kind: string, name: string, value: number, threshold: number | null, breached: boolean }> }> };

export type IncidentListQueryVariables = Exact<{
  systemId: string | number;
  status?: IncidentStatus | null | undefined;
}>;


export type IncidentListQuery = { system: { id: string, name: string, windowSeconds: number, models: Array<{ id: string, key: string, name: string }> } | null, every: Array<{ id: string, status: IncidentStatus, openedAt: string, resolvedAt: string | null }>, incidents: Array<{ id: string, status: IncidentStatus, summary: string, openedAt: string, updatedAt: string, resolvedAt: string | null, rootCause: { id: string, key: string, name: string } | null, affected: Array<{ id: string, key: string, name: string }>, alerts: Array<{ severity: string, firedAt: string }> }> };

export type IncidentDetailQueryVariables = Exact<{
  systemId: string | number;
}>;


export type IncidentDetailQuery = { system: { id: string, name: string, windowSeconds: number, models: Array<{ id: string, key: string, name: string }> } | null, incidents: Array<{ id: string, status: IncidentStatus, summary: string, openedAt: string, updatedAt: string, resolvedAt: string | null, mergedInto: { id: string, summary: string } | null, rootCause: { id: string, key: string, name: string } | null, affected: Array<{ id: string, key: string, name: string }>, alerts: Array<{ id: string, firedAt: string, message: string, rule: string, severity: string, value: number, model: { id: string, key: string, name: string } }>, remediationActions: Array<{ id: string, seq: number, step: number, kind: RemediationActionKind, status: RemediationActionStatus, plannedAt: string, finishedAt: string | null, outcome: string | null, model: { key: string } }> }> };

export type IncidentContextQueryVariables = Exact<{
  systemId: string | number;
  at?: string | null | undefined;
  opened?: string | null | undefined;
  rootId: string | number;
  hasRoot: boolean;
}>;


export type IncidentContextQuery = { atLast?: Array<{ rank: number, score: number, explanation: string, model: { id: string, key: string }, evidence: Array<{ kind: string, name: string, value: number, threshold: number | null, breached: boolean }> }>, atOpen?: Array<{ rank: number, score: number, explanation: string, model: { id: string, key: string }, evidence: Array<{ kind: string, name: string, value: number, threshold: number | null, breached: boolean }> }>, blastRadius?: Array<{ hops: number, risk: number, model: { id: string, key: string, name: string, health: { status: HealthStatus } } }>, system: { models: Array<{ id: string, key: string, name: string, now: { status: HealthStatus, windowEnd: string }, then: { status: HealthStatus, windowEnd: string } }> } | null };

export type AcknowledgeIncidentMutationVariables = Exact<{
  id: string | number;
}>;


export type AcknowledgeIncidentMutation = { acknowledgeIncident: { id: string, status: IncidentStatus, updatedAt: string } };

export type ResolveIncidentMutationVariables = Exact<{
  id: string | number;
}>;


export type ResolveIncidentMutation = { resolveIncident: { id: string, status: IncidentStatus, updatedAt: string, resolvedAt: string | null } };

export type ModelWindowSizeQueryVariables = Exact<{
  id: string | number;
}>;


export type ModelWindowSizeQuery = { model: { system: { windowSeconds: number } } | null };

export type ModelPageQueryVariables = Exact<{
  id: string | number;
  at?: string | null | undefined;
}>;


export type ModelPageQuery = { model: { id: string, key: string, name: string, task: ModelTask, version: string | null, features: Array<{ name: string, kind: FeatureKind }>, metrics: Array<{ name: string, lowerIsBetter: boolean }>, upstream: Array<{ id: string, key: string, name: string }>, downstream: Array<{ id: string, key: string, name: string }>, system: { id: string, name: string, windowSeconds: number }, health: { status: HealthStatus, windowStart: string, windowEnd: string } } | null, blastRadius: Array<{ hops: number, risk: number, model: { id: string, key: string, name: string, health: { status: HealthStatus } } }> };

export type WindowVerdictFieldsFragment = { status: HealthStatus, windowStart: string, windowEnd: string, anomalyScore: number };

export type TimelineIncidentFieldsFragment = { id: string, status: IncidentStatus, alerts: Array<{ id: string, firedAt: string, rule: string, severity: string, value: number, message: string, model: { id: string } }> };

export type FeatureDriftFieldsFragment = { feature: string, kind: FeatureKind, test: DriftTest, statistic: number, pValue: number | null, adjustedPValue: number | null, effectSize: number, effectSizeMetric: DriftTest, threshold: number, drifted: boolean, psi: number, jensenShannon: number, wasserstein: number | null, skipped: string | null, sampled: boolean, referenceSampleSize: number | null, currentSampleSize: number | null, currentCount: number, referenceCount: number, missingRateCurrent: number, missingRateReference: number, unseenShare: number, unseenCategories: Array<string>, referenceHistogram: { counts: Array<number>, edges: Array<number> | null, categories: Array<string> | null }, currentHistogram: { counts: Array<number>, edges: Array<number> | null, categories: Array<string> | null } };

export type PerformancePointFieldsFragment = { windowStart: string, windowEnd: string, metric: string, value: number, estimated: boolean, forecast: boolean, count: number, lower: number | null, upper: number | null };

export type WindowHealthFieldsFragment = { status: HealthStatus, windowStart: string, windowEnd: string, anomalyScore: number, propagatedScore: number, signals: Array<{ kind: string, name: string, value: number, threshold: number | null, breached: boolean }>, anomalies: Array<{ detector: string, predictionId: string, score: number, topFeatures: Array<{ feature: string, contribution: number }> }> };

export type ModelDriftQueryVariables = Exact<{
  id: string | number;
  current: WindowInput;
}>;


export type ModelDriftQuery = { driftReport: { referenceSource: string, currentCount: number, referenceCount: number, drifted: boolean, driftedFeatures: number, multivariateStatus: string, path: DriftPath, pathReason: string, errorBound: number | null, current: { from: string, to: string }, reference: { from: string, to: string }, multivariate: { drifted: boolean, method: string, score: number, referenceScore: number, threshold: number, topFeatures: Array<{ feature: string, contribution: number }> } | null, features: Array<{ feature: string, kind: FeatureKind, test: DriftTest, statistic: number, pValue: number | null, adjustedPValue: number | null, effectSize: number, effectSizeMetric: DriftTest, threshold: number, drifted: boolean, psi: number, jensenShannon: number, wasserstein: number | null, skipped: string | null, sampled: boolean, referenceSampleSize: number | null, currentSampleSize: number | null, currentCount: number, referenceCount: number, missingRateCurrent: number, missingRateReference: number, unseenShare: number, unseenCategories: Array<string>, referenceHistogram: { counts: Array<number>, edges: Array<number> | null, categories: Array<string> | null }, currentHistogram: { counts: Array<number>, edges: Array<number> | null, categories: Array<string> | null } }>, predictionDrift: { feature: string, kind: FeatureKind, test: DriftTest, statistic: number, pValue: number | null, adjustedPValue: number | null, effectSize: number, effectSizeMetric: DriftTest, threshold: number, drifted: boolean, psi: number, jensenShannon: number, wasserstein: number | null, skipped: string | null, sampled: boolean, referenceSampleSize: number | null, currentSampleSize: number | null, currentCount: number, referenceCount: number, missingRateCurrent: number, missingRateReference: number, unseenShare: number, unseenCategories: Array<string>, referenceHistogram: { counts: Array<number>, edges: Array<number> | null, categories: Array<string> | null }, currentHistogram: { counts: Array<number>, edges: Array<number> | null, categories: Array<string> | null } } | null, segments: Array<{ segment: string, output: string, drifted: boolean, effectSize: number, effectSizeMetric: DriftTest, threshold: number, currentCount: number, referenceCount: number }> } };

export type ModelForecastQueryVariables = Exact<{
  id: string | number;
  metric: string;
  threshold: number;
  horizon: number;
}>;


export type ModelForecastQuery = { forecast: { direction: string, expectedBreachAt: string | null, metric: string, reason: string | null, threshold: number, points: Array<{ windowStart: string, windowEnd: string, metric: string, value: number, estimated: boolean, forecast: boolean, count: number, lower: number | null, upper: number | null }> } };

export type PredictionPageQueryVariables = Exact<{
  modelId: string | number;
  id: string;
}>;


export type PredictionPageQuery = { model: { id: string, key: string, name: string, task: ModelTask, system: { id: string, name: string }, forbiddenFeatures: Array<{ name: string, maxShare: number }> } | null, prediction: { id: string, timestamp: string, score: number | null, predictedClass: string | null, segment: string | null, labelValue: number | null, labelClass: string | null, reference: { from: string, to: string } | null, explanation: { sentence: string, forbiddenInTopReasons: Array<string>, predictedLabel: string | null, sameLabelCount: number | null, attributions: Array<{ feature: string, value: number, share: number, forbidden: boolean }>, features: Array<{ feature: string, kind: FeatureKind, value: unknown, percentile: number | null, referenceFrequency: number | null, outOfReferenceRange: boolean, inDriftedBin: boolean | null }>, similarCases: { k: number, labelCounts: Array<{ label: string, count: number }>, cases: Array<{ predictionId: string, distance: number, label: string }> } | null } } };

export type SystemsQueryVariables = Exact<{ [key: string]: never; }>;


export type SystemsQuery = { systems: Array<{ id: string, name: string, description: string | null, windowSeconds: number, models: Array<{ id: string, key: string, name: string, task: ModelTask, version: string | null, features: Array<{ name: string, kind: FeatureKind }>, upstream: Array<{ id: string, key: string }>, downstream: Array<{ id: string, key: string }> }>, dependencies: Array<{ id: string, weight: number, feature: string | null, from: { id: string, key: string }, to: { id: string, key: string } }> }> };

export type SystemOverviewQueryVariables = Exact<{
  id: string | number;
  at?: string | null | undefined;
}>;


export type SystemOverviewQuery = { system: { id: string, health: { status: HealthStatus, score: number, stored: boolean, windowStart: string, windowEnd: string, models: Array<{ status: HealthStatus, anomalyScore: number, propagatedScore: number, model: { id: string } }>, rootCauses: Array<{ rank: number, explanation: string, model: { id: string, key: string, name: string } }> } } | null, open: Array<{ id: string, summary: string, openedAt: string, rootCause: { id: string, key: string, name: string } | null }>, acknowledged: Array<{ id: string }> };

export type RegistrySystemQueryVariables = Exact<{
  id: string | number;
}>;


export type RegistrySystemQuery = { system: { id: string, name: string, windowSeconds: number, models: Array<{ id: string, key: string, name: string, description: string | null, task: ModelTask, version: string | null, retiredAt: string | null, retiredFrom: string | null, features: Array<{ name: string, kind: FeatureKind, deprecated: boolean }> }>, dependencies: Array<{ id: string, weight: number, feature: string | null, validFrom: string | null, from: { id: string, key: string }, to: { id: string, key: string } }> } | null };

export type AdminProbeQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminProbeQuery = { apiKeys: Array<{ id: string }> };

export type KeyLabelsQueryVariables = Exact<{ [key: string]: never; }>;


export type KeyLabelsQuery = { apiKeys: Array<{ id: string, label: string | null, prefix: string }> };

export type UpdateModelMutationVariables = Exact<{
  id: string | number;
  name?: string | null | undefined;
  description?: string | null | undefined;
  version?: string | null | undefined;
  addFeatures?: Array<FeatureInput> | FeatureInput | null | undefined;
  deprecateFeatures?: Array<string> | string | null | undefined;
}>;


export type UpdateModelMutation = { updateModel: { id: string, name: string, description: string | null, version: string | null, features: Array<{ name: string, kind: FeatureKind, deprecated: boolean }> } };

export type RetireModelMutationVariables = Exact<{
  id: string | number;
}>;


export type RetireModelMutation = { retireModel: { id: string, key: string, retiredAt: string | null, retiredFrom: string | null } };

export type AddDependencyMutationVariables = Exact<{
  systemId: string | number;
  fromKey: string;
  toKey: string;
  weight?: number | null | undefined;
  feature?: string | null | undefined;
}>;


export type AddDependencyMutation = { addDependency: { id: string, weight: number, feature: string | null, validFrom: string | null } };

export type UpdateDependencyMutationVariables = Exact<{
  systemId: string | number;
  fromKey: string;
  toKey: string;
  weight?: number | null | undefined;
  feature?: string | null | undefined;
  clearFeature?: boolean | null | undefined;
}>;


export type UpdateDependencyMutation = { updateDependency: { id: string, weight: number, feature: string | null, validFrom: string | null } };

export type RemoveDependencyMutationVariables = Exact<{
  systemId: string | number;
  fromKey: string;
  toKey: string;
}>;


export type RemoveDependencyMutation = { removeDependency: { id: string, validTo: string | null } };

export type RegistryChangesQueryVariables = Exact<{
  systemId: string | number;
  limit?: number | null | undefined;
  before?: string | number | null | undefined;
}>;


export type RegistryChangesQuery = { system: { id: string, name: string, models: Array<{ id: string, key: string }> } | null, registryChanges: Array<{ id: string, kind: RegistryChangeKind, actorKeyId: string, at: string, effectiveFrom: string | null, modelId: string | null, summary: string, details: unknown }> };

export type SystemRemediationQueryVariables = Exact<{
  systemId: string | number;
  actions: number;
  audit: number;
}>;


export type SystemRemediationQuery = { remediationPolicies: Array<{ id: string, name: string, mode: RemediationMode, enabled: boolean, runnerUrl: string, cooldownSeconds: number, maxActionsPerHour: number, verifyWindows: number, selector: { modelKeys: Array<string>, tasks: Array<ModelTask>, minStatus: HealthStatus }, steps: Array<{ kind: RemediationActionKind, fallbackModelKey: string | null, strategy: string | null, size: number | null }> }>, remediationActions: Array<{ id: string, incidentId: string, seq: number, step: number, kind: RemediationActionKind, status: RemediationActionStatus, params: unknown, plannedAt: string, windowsObserved: number, outcome: string | null, finishedAt: string | null, model: { id: string, key: string }, cascade: Array<{ id: string, key: string }>, policy: { id: string, name: string } | null, attempts: Array<{ attempt: number, at: string, statusCode: number | null, error: string | null }> }>, remediationAudit: Array<{ id: string, event: RemediationAuditEvent, actor: string, detail: string, at: string, incidentId: string | null, actionId: string | null }> };

export type ApproveRemediationMutationVariables = Exact<{
  actionId: string | number;
  comment?: string | null | undefined;
}>;


export type ApproveRemediationMutation = { approveRemediation: { id: string, status: RemediationActionStatus } };

export type RejectRemediationMutationVariables = Exact<{
  actionId: string | number;
  comment?: string | null | undefined;
}>;


export type RejectRemediationMutation = { rejectRemediation: { id: string, status: RemediationActionStatus } };

export type ModelVersionsQueryVariables = Exact<{
  modelId: string | number;
}>;


export type ModelVersionsQuery = { model: { id: string, key: string, versions: Array<{ id: string, version: string, notes: string, liveAt: string }> } | null, compareModelVersions: { liveAt: string, regressed: boolean, sentence: string, before: { version: string, predictions: number, labeled: number }, after: { version: string, predictions: number, labeled: number }, metrics: Array<{ metric: string, before: number | null, after: number | null, delta: number | null, worse: boolean }>, shifts: Array<{ feature: string, statistic: number, pValue: number, drifted: boolean }> } | null };

export type RemediationSystemQueryVariables = Exact<{
  systemId: string | number;
}>;


export type RemediationSystemQuery = { system: { id: string, name: string } | null };

export type RetrainingSystemQueryVariables = Exact<{
  systemId: string | number;
}>;


export type RetrainingSystemQuery = { system: { id: string, name: string, models: Array<{ id: string, key: string, name: string, task: ModelTask, features: Array<{ name: string, kind: FeatureKind }> }> } | null };

export type RetrainingProbeFieldsFragment = { label: unknown, feedback: unknown };

export type RetrainingSampleFieldsFragment = { predictionId: string, priority: number, reasons: Array<string>, features: unknown, prediction: unknown, label: unknown, feedback: unknown, timestamp: string };

export type RetrainingSummaryFieldsFragment = { predictionId: string, reasons: Array<string> };

export type RetrainingQueueQueryVariables = Exact<{
  modelId: string | number;
  strategy: PriorityStrategy;
  first: number;
}>;


export type RetrainingQueueQuery = { candidates: Array<{ predictionId: string, priority: number, reasons: Array<string>, features: unknown, prediction: unknown, label: unknown, feedback: unknown, timestamp: string }>, COMBINED: Array<{ predictionId: string, reasons: Array<string> }>, DISAGREEMENT: Array<{ predictionId: string, reasons: Array<string> }>, UNCERTAINTY: Array<{ predictionId: string, reasons: Array<string> }>, LABEL_ERROR: Array<{ predictionId: string, reasons: Array<string> }>, DRIFT: Array<{ predictionId: string, reasons: Array<string> }>, BLAME: Array<{ predictionId: string, reasons: Array<string> }> };

export type SystemMapQueryVariables = Exact<{
  id: string | number;
  at?: string | null | undefined;
  wiringAt?: string | null | undefined;
}>;


export type SystemMapQuery = { system: { id: string, name: string, description: string | null, windowSeconds: number, models: Array<{ id: string, key: string, name: string, task: ModelTask, version: string | null, retiredAt: string | null }>, dependencies: Array<{ id: string, weight: number, feature: string | null, validFrom: string | null, validTo: string | null, from: { id: string, key: string }, to: { id: string, key: string } }>, health: { at: string, windowStart: string, windowEnd: string, status: HealthStatus, score: number, stored: boolean, models: Array<{ status: HealthStatus, anomalyScore: number, propagatedScore: number, model: { id: string, key: string }, signals: Array<{ kind: string, name: string, value: number, threshold: number | null, breached: boolean }> }>, cascades: Array<{ startedAt: string, root: { id: string, key: string }, affected: Array<{ id: string, key: string }> }>, rootCauses: Array<{ rank: number, score: number, explanation: string, latent: boolean, model: { id: string, key: string, name: string } }> } } | null };

export type SystemIncidentsQueryVariables = Exact<{
  id: string | number;
}>;


export type SystemIncidentsQuery = { incidents: Array<{ id: string, status: IncidentStatus, summary: string, openedAt: string, updatedAt: string, resolvedAt: string | null, rootCause: { id: string, key: string } | null, affected: Array<{ id: string, key: string }>, remediationActions: Array<{ id: string, step: number, kind: RemediationActionKind, status: RemediationActionStatus, outcome: string | null }> }> };

export type WindowSummaryFieldsFragment = { windowStart: string, windowEnd: string, status: HealthStatus, score: number, stored: boolean };

export type ReportFeatureDriftFragment = { feature: string, drifted: boolean, test: DriftTest, statistic: number, pValue: number | null, adjustedPValue: number | null, effectSize: number, effectSizeMetric: DriftTest, threshold: number, skipped: string | null };

export type ReportDriftQueryVariables = Exact<{
  modelId: string | number;
  from: string;
  to: string;
}>;


export type ReportDriftQuery = { driftReport: { drifted: boolean, driftedFeatures: number, referenceSource: string, currentCount: number, reference: { from: string, to: string }, features: Array<{ feature: string, drifted: boolean, test: DriftTest, statistic: number, pValue: number | null, adjustedPValue: number | null, effectSize: number, effectSizeMetric: DriftTest, threshold: number, skipped: string | null }>, predictionDrift: { feature: string, drifted: boolean, test: DriftTest, statistic: number, pValue: number | null, adjustedPValue: number | null, effectSize: number, effectSizeMetric: DriftTest, threshold: number, skipped: string | null } | null } };

export type WeakSliceConditionFieldsFragment = { feature: string, category: string | null, range: { lower: number | null, upper: number | null } | null };

export type ModelWeakSlicesQueryVariables = Exact<{
  id: string | number;
  at?: string | null | undefined;
  max?: number | null | undefined;
}>;


export type ModelWeakSlicesQuery = { weakSlices: { windowStart: string, windowEnd: string, metric: string | null, estimated: boolean, test: string | null, rows: number, tested: number, reason: string | null, slices: Array<{ support: number, metric: string, inSlice: number, outside: number, pValue: number, adjustedPValue: number, estimated: boolean, conditions: Array<{ feature: string, category: string | null, range: { lower: number | null, upper: number | null } | null }> }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const FairnessWindowFieldsFragmentDoc = new TypedDocumentString(`
    fragment FairnessWindowFields on ModelFairness {
  modelId
  windowStart
  windowEnd
  predictions
  rows
  policy {
    sensitiveFeatures
    minParityRatio
    maxParityDifference
    maxEqualizedOddsDifference
    favorableLabel
    minGroupSize
    quantiles
    bins {
      feature
      edges
    }
  }
  features {
    feature
    binning
    edges
    demographicParityDifference
    demographicParityRatio
    truePositiveRateDifference
    falsePositiveRateDifference
    equalizedOddsDifference
    meanAbsoluteErrorDifference
    groups {
      group
      count
      labeled
      selectionRate
      truePositiveRate
      falsePositiveRate
      accuracy
      meanPrediction
      meanError
      meanAbsoluteError
    }
  }
  signals {
    kind
    name
    value
    threshold
    breached
  }
}
    `, {"fragmentName":"FairnessWindowFields"}) as unknown as TypedDocumentString<FairnessWindowFieldsFragment, unknown>;
export const WindowVerdictFieldsFragmentDoc = new TypedDocumentString(`
    fragment WindowVerdictFields on ModelHealth {
  status
  windowStart
  windowEnd
  anomalyScore
}
    `, {"fragmentName":"WindowVerdictFields"}) as unknown as TypedDocumentString<WindowVerdictFieldsFragment, unknown>;
export const TimelineIncidentFieldsFragmentDoc = new TypedDocumentString(`
    fragment TimelineIncidentFields on Incident {
  id
  status
  alerts {
    id
    firedAt
    rule
    severity
    value
    message
    model {
      id
    }
  }
}
    `, {"fragmentName":"TimelineIncidentFields"}) as unknown as TypedDocumentString<TimelineIncidentFieldsFragment, unknown>;
export const FeatureDriftFieldsFragmentDoc = new TypedDocumentString(`
    fragment FeatureDriftFields on FeatureDrift {
  feature
  kind
  test
  statistic
  pValue
  adjustedPValue
  effectSize
  effectSizeMetric
  threshold
  drifted
  psi
  jensenShannon
  wasserstein
  skipped
  sampled
  referenceSampleSize
  currentSampleSize
  currentCount
  referenceCount
  missingRateCurrent
  missingRateReference
  unseenShare
  unseenCategories
  referenceHistogram {
    counts
    edges
    categories
  }
  currentHistogram {
    counts
    edges
    categories
  }
}
    `, {"fragmentName":"FeatureDriftFields"}) as unknown as TypedDocumentString<FeatureDriftFieldsFragment, unknown>;
export const PerformancePointFieldsFragmentDoc = new TypedDocumentString(`
    fragment PerformancePointFields on PerformancePoint {
  windowStart
  windowEnd
  metric
  value
  estimated
  forecast
  count
  lower
  upper
}
    `, {"fragmentName":"PerformancePointFields"}) as unknown as TypedDocumentString<PerformancePointFieldsFragment, unknown>;
export const WindowHealthFieldsFragmentDoc = new TypedDocumentString(`
    fragment WindowHealthFields on ModelHealth {
  status
  windowStart
  windowEnd
  anomalyScore
  propagatedScore
  signals {
    kind
    name
    value
    threshold
    breached
  }
  anomalies(first: 10) {
    detector
    predictionId
    score
    topFeatures {
      feature
      contribution
    }
  }
}
    `, {"fragmentName":"WindowHealthFields"}) as unknown as TypedDocumentString<WindowHealthFieldsFragment, unknown>;
export const RetrainingProbeFieldsFragmentDoc = new TypedDocumentString(`
    fragment RetrainingProbeFields on RetrainingSample {
  label
  feedback
}
    `, {"fragmentName":"RetrainingProbeFields"}) as unknown as TypedDocumentString<RetrainingProbeFieldsFragment, unknown>;
export const RetrainingSampleFieldsFragmentDoc = new TypedDocumentString(`
    fragment RetrainingSampleFields on RetrainingSample {
  predictionId
  priority
  reasons
  features
  prediction
  label
  feedback
  timestamp
}
    `, {"fragmentName":"RetrainingSampleFields"}) as unknown as TypedDocumentString<RetrainingSampleFieldsFragment, unknown>;
export const RetrainingSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment RetrainingSummaryFields on RetrainingSample {
  predictionId
  reasons
}
    `, {"fragmentName":"RetrainingSummaryFields"}) as unknown as TypedDocumentString<RetrainingSummaryFieldsFragment, unknown>;
export const WindowSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment WindowSummaryFields on SystemHealth {
  windowStart
  windowEnd
  status
  score
  stored
}
    `, {"fragmentName":"WindowSummaryFields"}) as unknown as TypedDocumentString<WindowSummaryFieldsFragment, unknown>;
export const ReportFeatureDriftFragmentDoc = new TypedDocumentString(`
    fragment ReportFeatureDrift on FeatureDrift {
  feature
  drifted
  test
  statistic
  pValue
  adjustedPValue
  effectSize
  effectSizeMetric
  threshold
  skipped
}
    `, {"fragmentName":"ReportFeatureDrift"}) as unknown as TypedDocumentString<ReportFeatureDriftFragment, unknown>;
export const WeakSliceConditionFieldsFragmentDoc = new TypedDocumentString(`
    fragment WeakSliceConditionFields on SliceCondition {
  feature
  category
  range {
    lower
    upper
  }
}
    `, {"fragmentName":"WeakSliceConditionFields"}) as unknown as TypedDocumentString<WeakSliceConditionFieldsFragment, unknown>;
export const LiveDocument = new TypedDocumentString(`
    subscription Live($systemId: ID!) {
  health: systemHealthChanged(systemId: $systemId) {
    windowEnd
    status
  }
}
    `) as unknown as TypedDocumentString<LiveSubscription, LiveSubscriptionVariables>;
export const LiveIncidentsDocument = new TypedDocumentString(`
    subscription LiveIncidents($systemId: ID!) {
  incident: incidentChanged(systemId: $systemId) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LiveIncidentsSubscription, LiveIncidentsSubscriptionVariables>;
export const LiveSystemsDocument = new TypedDocumentString(`
    query LiveSystems {
  systems {
    id
  }
}
    `) as unknown as TypedDocumentString<LiveSystemsQuery, LiveSystemsQueryVariables>;
export const SystemWindowSizeDocument = new TypedDocumentString(`
    query SystemWindowSize($id: ID!) {
  system(id: $id) {
    windowSeconds
  }
}
    `) as unknown as TypedDocumentString<SystemWindowSizeQuery, SystemWindowSizeQueryVariables>;
export const ModelFairnessHistoryDocument = new TypedDocumentString(`
    query ModelFairnessHistory($id: ID!, $windows: Int!, $at: DateTime) {
  fairnessHistory(modelId: $id, windows: $windows, at: $at) {
    ...FairnessWindowFields
  }
}
    fragment FairnessWindowFields on ModelFairness {
  modelId
  windowStart
  windowEnd
  predictions
  rows
  policy {
    sensitiveFeatures
    minParityRatio
    maxParityDifference
    maxEqualizedOddsDifference
    favorableLabel
    minGroupSize
    quantiles
    bins {
      feature
      edges
    }
  }
  features {
    feature
    binning
    edges
    demographicParityDifference
    demographicParityRatio
    truePositiveRateDifference
    falsePositiveRateDifference
    equalizedOddsDifference
    meanAbsoluteErrorDifference
    groups {
      group
      count
      labeled
      selectionRate
      truePositiveRate
      falsePositiveRate
      accuracy
      meanPrediction
      meanError
      meanAbsoluteError
    }
  }
  signals {
    kind
    name
    value
    threshold
    breached
  }
}`) as unknown as TypedDocumentString<ModelFairnessHistoryQuery, ModelFairnessHistoryQueryVariables>;
export const IncidentListDocument = new TypedDocumentString(`
    query IncidentList($systemId: ID!, $status: IncidentStatus) {
  system(id: $systemId) {
    id
    name
    windowSeconds
    models {
      id
      key
      name
    }
  }
  every: incidents(systemId: $systemId) {
    id
    status
    openedAt
    resolvedAt
  }
  incidents(systemId: $systemId, status: $status) {
    id
    status
    summary
    openedAt
    updatedAt
    resolvedAt
    rootCause {
      id
      key
      name
    }
    affected {
      id
      key
      name
    }
    alerts {
      severity
      firedAt
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentListQuery, IncidentListQueryVariables>;
export const IncidentDetailDocument = new TypedDocumentString(`
    query IncidentDetail($systemId: ID!) {
  system(id: $systemId) {
    id
    name
    windowSeconds
    models {
      id
      key
      name
    }
  }
  incidents(systemId: $systemId) {
    id
    status
    summary
    openedAt
    updatedAt
    resolvedAt
    mergedInto {
      id
      summary
    }
    rootCause {
      id
      key
      name
    }
    affected {
      id
      key
      name
    }
    alerts {
      id
      firedAt
      message
      rule
      severity
      value
      model {
        id
        key
        name
      }
    }
    remediationActions {
      id
      seq
      step
      kind
      status
      plannedAt
      finishedAt
      outcome
      model {
        key
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentDetailQuery, IncidentDetailQueryVariables>;
export const IncidentContextDocument = new TypedDocumentString(`
    query IncidentContext($systemId: ID!, $at: DateTime, $opened: DateTime, $rootId: ID!, $hasRoot: Boolean!) {
  atLast: rootCauses(systemId: $systemId, at: $at) @include(if: $hasRoot) {
    rank
    score
    explanation
    model {
      id
      key
    }
    evidence {
      kind
      name
      value
      threshold
      breached
    }
  }
  atOpen: rootCauses(systemId: $systemId, at: $opened) @include(if: $hasRoot) {
    rank
    score
    explanation
    model {
      id
      key
    }
    evidence {
      kind
      name
      value
      threshold
      breached
    }
  }
  blastRadius(modelId: $rootId) @include(if: $hasRoot) {
    hops
    risk
    model {
      id
      key
      name
      health {
        status
      }
    }
  }
  system(id: $systemId) {
    models {
      id
      key
      name
      now: health {
        status
        windowEnd
      }
      then: health(at: $at) {
        status
        windowEnd
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IncidentContextQuery, IncidentContextQueryVariables>;
export const AcknowledgeIncidentDocument = new TypedDocumentString(`
    mutation AcknowledgeIncident($id: ID!) {
  acknowledgeIncident(id: $id) {
    id
    status
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<AcknowledgeIncidentMutation, AcknowledgeIncidentMutationVariables>;
export const ResolveIncidentDocument = new TypedDocumentString(`
    mutation ResolveIncident($id: ID!) {
  resolveIncident(id: $id) {
    id
    status
    updatedAt
    resolvedAt
  }
}
    `) as unknown as TypedDocumentString<ResolveIncidentMutation, ResolveIncidentMutationVariables>;
export const ModelWindowSizeDocument = new TypedDocumentString(`
    query ModelWindowSize($id: ID!) {
  model(id: $id) {
    system {
      windowSeconds
    }
  }
}
    `) as unknown as TypedDocumentString<ModelWindowSizeQuery, ModelWindowSizeQueryVariables>;
export const ModelPageDocument = new TypedDocumentString(`
    query ModelPage($id: ID!, $at: DateTime) {
  model(id: $id) {
    id
    key
    name
    task
    version
    features {
      name
      kind
    }
    metrics {
      name
      lowerIsBetter
    }
    upstream {
      id
      key
      name
    }
    downstream {
      id
      key
      name
    }
    system {
      id
      name
      windowSeconds
    }
    health(at: $at) {
      status
      windowStart
      windowEnd
    }
  }
  blastRadius(modelId: $id) {
    hops
    risk
    model {
      id
      key
      name
      health(at: $at) {
        status
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ModelPageQuery, ModelPageQueryVariables>;
export const ModelDriftDocument = new TypedDocumentString(`
    query ModelDrift($id: ID!, $current: WindowInput!) {
  driftReport(modelId: $id, current: $current) {
    current {
      from
      to
    }
    reference {
      from
      to
    }
    referenceSource
    currentCount
    referenceCount
    drifted
    driftedFeatures
    multivariateStatus
    path
    pathReason
    errorBound
    multivariate {
      drifted
      method
      score
      referenceScore
      threshold
      topFeatures {
        feature
        contribution
      }
    }
    features {
      ...FeatureDriftFields
    }
    predictionDrift {
      ...FeatureDriftFields
    }
    segments {
      segment
      output
      drifted
      effectSize
      effectSizeMetric
      threshold
      currentCount
      referenceCount
    }
  }
}
    fragment FeatureDriftFields on FeatureDrift {
  feature
  kind
  test
  statistic
  pValue
  adjustedPValue
  effectSize
  effectSizeMetric
  threshold
  drifted
  psi
  jensenShannon
  wasserstein
  skipped
  sampled
  referenceSampleSize
  currentSampleSize
  currentCount
  referenceCount
  missingRateCurrent
  missingRateReference
  unseenShare
  unseenCategories
  referenceHistogram {
    counts
    edges
    categories
  }
  currentHistogram {
    counts
    edges
    categories
  }
}`) as unknown as TypedDocumentString<ModelDriftQuery, ModelDriftQueryVariables>;
export const ModelForecastDocument = new TypedDocumentString(`
    query ModelForecast($id: ID!, $metric: String!, $threshold: Float!, $horizon: Int!) {
  forecast(
    modelId: $id
    metric: $metric
    threshold: $threshold
    horizonSeconds: $horizon
  ) {
    direction
    expectedBreachAt
    metric
    reason
    threshold
    points {
      ...PerformancePointFields
    }
  }
}
    fragment PerformancePointFields on PerformancePoint {
  windowStart
  windowEnd
  metric
  value
  estimated
  forecast
  count
  lower
  upper
}`) as unknown as TypedDocumentString<ModelForecastQuery, ModelForecastQueryVariables>;
export const PredictionPageDocument = new TypedDocumentString(`
    query PredictionPage($modelId: ID!, $id: String!) {
  model(id: $modelId) {
    id
    key
    name
    task
    system {
      id
      name
    }
    forbiddenFeatures {
      name
      maxShare
    }
  }
  prediction(modelId: $modelId, id: $id) {
    id
    timestamp
    score
    predictedClass
    segment
    labelValue
    labelClass
    reference {
      from
      to
    }
    explanation {
      sentence
      forbiddenInTopReasons
      predictedLabel
      sameLabelCount
      attributions {
        feature
        value
        share
        forbidden
      }
      features {
        feature
        kind
        value
        percentile
        referenceFrequency
        outOfReferenceRange
        inDriftedBin
      }
      similarCases {
        k
        labelCounts {
          label
          count
        }
        cases {
          predictionId
          distance
          label
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PredictionPageQuery, PredictionPageQueryVariables>;
export const SystemsDocument = new TypedDocumentString(`
    query Systems {
  systems {
    id
    name
    description
    windowSeconds
    models {
      id
      key
      name
      task
      version
      features {
        name
        kind
      }
      upstream {
        id
        key
      }
      downstream {
        id
        key
      }
    }
    dependencies {
      id
      from {
        id
        key
      }
      to {
        id
        key
      }
      weight
      feature
    }
  }
}
    `) as unknown as TypedDocumentString<SystemsQuery, SystemsQueryVariables>;
export const SystemOverviewDocument = new TypedDocumentString(`
    query SystemOverview($id: ID!, $at: DateTime) {
  system(id: $id) {
    id
    health(at: $at) {
      status
      score
      stored
      windowStart
      windowEnd
      models {
        model {
          id
        }
        status
        anomalyScore
        propagatedScore
      }
      rootCauses {
        rank
        model {
          id
          key
          name
        }
        explanation
      }
    }
  }
  open: incidents(systemId: $id, status: OPEN) {
    id
    summary
    openedAt
    rootCause {
      id
      key
      name
    }
  }
  acknowledged: incidents(systemId: $id, status: ACKNOWLEDGED) {
    id
  }
}
    `) as unknown as TypedDocumentString<SystemOverviewQuery, SystemOverviewQueryVariables>;
export const RegistrySystemDocument = new TypedDocumentString(`
    query RegistrySystem($id: ID!) {
  system(id: $id) {
    id
    name
    windowSeconds
    models(includeRetired: true) {
      id
      key
      name
      description
      task
      version
      retiredAt
      retiredFrom
      features {
        name
        kind
        deprecated
      }
    }
    dependencies {
      id
      from {
        id
        key
      }
      to {
        id
        key
      }
      weight
      feature
      validFrom
    }
  }
}
    `) as unknown as TypedDocumentString<RegistrySystemQuery, RegistrySystemQueryVariables>;
export const AdminProbeDocument = new TypedDocumentString(`
    query AdminProbe {
  apiKeys {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminProbeQuery, AdminProbeQueryVariables>;
export const KeyLabelsDocument = new TypedDocumentString(`
    query KeyLabels {
  apiKeys {
    id
    label
    prefix
  }
}
    `) as unknown as TypedDocumentString<KeyLabelsQuery, KeyLabelsQueryVariables>;
export const UpdateModelDocument = new TypedDocumentString(`
    mutation UpdateModel($id: ID!, $name: String, $description: String, $version: String, $addFeatures: [FeatureInput!], $deprecateFeatures: [String!]) {
  updateModel(
    id: $id
    name: $name
    description: $description
    version: $version
    addFeatures: $addFeatures
    deprecateFeatures: $deprecateFeatures
  ) {
    id
    name
    description
    version
    features {
      name
      kind
      deprecated
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateModelMutation, UpdateModelMutationVariables>;
export const RetireModelDocument = new TypedDocumentString(`
    mutation RetireModel($id: ID!) {
  retireModel(id: $id) {
    id
    key
    retiredAt
    retiredFrom
  }
}
    `) as unknown as TypedDocumentString<RetireModelMutation, RetireModelMutationVariables>;
export const AddDependencyDocument = new TypedDocumentString(`
    mutation AddDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String) {
  addDependency(
    systemId: $systemId
    fromKey: $fromKey
    toKey: $toKey
    weight: $weight
    feature: $feature
  ) {
    id
    weight
    feature
    validFrom
  }
}
    `) as unknown as TypedDocumentString<AddDependencyMutation, AddDependencyMutationVariables>;
export const UpdateDependencyDocument = new TypedDocumentString(`
    mutation UpdateDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String, $clearFeature: Boolean) {
  updateDependency(
    systemId: $systemId
    fromKey: $fromKey
    toKey: $toKey
    weight: $weight
    feature: $feature
    clearFeature: $clearFeature
  ) {
    id
    weight
    feature
    validFrom
  }
}
    `) as unknown as TypedDocumentString<UpdateDependencyMutation, UpdateDependencyMutationVariables>;
export const RemoveDependencyDocument = new TypedDocumentString(`
    mutation RemoveDependency($systemId: ID!, $fromKey: String!, $toKey: String!) {
  removeDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey) {
    id
    validTo
  }
}
    `) as unknown as TypedDocumentString<RemoveDependencyMutation, RemoveDependencyMutationVariables>;
export const RegistryChangesDocument = new TypedDocumentString(`
    query RegistryChanges($systemId: ID!, $limit: Int, $before: ID) {
  system(id: $systemId) {
    id
    name
    models(includeRetired: true) {
      id
      key
    }
  }
  registryChanges(systemId: $systemId, limit: $limit, before: $before) {
    id
    kind
    actorKeyId
    at
    effectiveFrom
    modelId
    summary
    details
  }
}
    `) as unknown as TypedDocumentString<RegistryChangesQuery, RegistryChangesQueryVariables>;
export const SystemRemediationDocument = new TypedDocumentString(`
    query SystemRemediation($systemId: ID!, $actions: Int!, $audit: Int!) {
  remediationPolicies(systemId: $systemId) {
    id
    name
    mode
    enabled
    runnerUrl
    cooldownSeconds
    maxActionsPerHour
    verifyWindows
    selector {
      modelKeys
      tasks
      minStatus
    }
    steps {
      kind
      fallbackModelKey
      strategy
      size
    }
  }
  remediationActions(systemId: $systemId, limit: $actions) {
    id
    incidentId
    seq
    step
    kind
    status
    params
    plannedAt
    windowsObserved
    outcome
    finishedAt
    model {
      id
      key
    }
    cascade {
      id
      key
    }
    policy {
      id
      name
    }
    attempts {
      attempt
      at
      statusCode
      error
    }
  }
  remediationAudit(systemId: $systemId, limit: $audit) {
    id
    event
    actor
    detail
    at
    incidentId
    actionId
  }
}
    `) as unknown as TypedDocumentString<SystemRemediationQuery, SystemRemediationQueryVariables>;
export const ApproveRemediationDocument = new TypedDocumentString(`
    mutation ApproveRemediation($actionId: ID!, $comment: String) {
  approveRemediation(actionId: $actionId, comment: $comment) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ApproveRemediationMutation, ApproveRemediationMutationVariables>;
export const RejectRemediationDocument = new TypedDocumentString(`
    mutation RejectRemediation($actionId: ID!, $comment: String) {
  rejectRemediation(actionId: $actionId, comment: $comment) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RejectRemediationMutation, RejectRemediationMutationVariables>;
export const ModelVersionsDocument = new TypedDocumentString(`
    query ModelVersions($modelId: ID!) {
  model(id: $modelId) {
    id
    key
    versions {
      id
      version
      notes
      liveAt
    }
  }
  compareModelVersions(modelId: $modelId) {
    before {
      version
      predictions
      labeled
    }
    after {
      version
      predictions
      labeled
    }
    liveAt
    regressed
    sentence
    metrics {
      metric
      before
      after
      delta
      worse
    }
    shifts {
      feature
      statistic
      pValue
      drifted
    }
  }
}
    `) as unknown as TypedDocumentString<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const RemediationSystemDocument = new TypedDocumentString(`
    query RemediationSystem($systemId: ID!) {
  system(id: $systemId) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<RemediationSystemQuery, RemediationSystemQueryVariables>;
export const RetrainingSystemDocument = new TypedDocumentString(`
    query RetrainingSystem($systemId: ID!) {
  system(id: $systemId) {
    id
    name
    models {
      id
      key
      name
      task
      features {
        name
        kind
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RetrainingSystemQuery, RetrainingSystemQueryVariables>;
export const RetrainingQueueDocument = new TypedDocumentString(`
    query RetrainingQueue($modelId: ID!, $strategy: PriorityStrategy!, $first: Int!) {
  candidates: retrainingCandidates(
    modelId: $modelId
    strategy: $strategy
    first: $first
  ) {
    ...RetrainingSampleFields
  }
  COMBINED: retrainingCandidates(
    modelId: $modelId
    strategy: COMBINED
    first: $first
  ) {
    ...RetrainingSummaryFields
  }
  DISAGREEMENT: retrainingCandidates(
    modelId: $modelId
    strategy: DISAGREEMENT
    first: $first
  ) {
    ...RetrainingSummaryFields
  }
  UNCERTAINTY: retrainingCandidates(
    modelId: $modelId
    strategy: UNCERTAINTY
    first: $first
  ) {
    ...RetrainingSummaryFields
  }
  LABEL_ERROR: retrainingCandidates(
    modelId: $modelId
    strategy: LABEL_ERROR
    first: $first
  ) {
    ...RetrainingSummaryFields
  }
  DRIFT: retrainingCandidates(modelId: $modelId, strategy: DRIFT, first: $first) {
    ...RetrainingSummaryFields
  }
  BLAME: retrainingCandidates(modelId: $modelId, strategy: BLAME, first: $first) {
    ...RetrainingSummaryFields
  }
}
    fragment RetrainingSampleFields on RetrainingSample {
  predictionId
  priority
  reasons
  features
  prediction
  label
  feedback
  timestamp
}
fragment RetrainingSummaryFields on RetrainingSample {
  predictionId
  reasons
}`) as unknown as TypedDocumentString<RetrainingQueueQuery, RetrainingQueueQueryVariables>;
export const SystemMapDocument = new TypedDocumentString(`
    query SystemMap($id: ID!, $at: DateTime, $wiringAt: DateTime) {
  system(id: $id) {
    id
    name
    description
    windowSeconds
    models(at: $wiringAt) {
      id
      key
      name
      task
      version
      retiredAt
    }
    dependencies(at: $wiringAt) {
      id
      from {
        id
        key
      }
      to {
        id
        key
      }
      weight
      feature
      validFrom
      validTo
    }
    health(at: $at) {
      at
      windowStart
      windowEnd
      status
      score
      stored
      models {
        model {
          id
          key
        }
        status
        anomalyScore
        propagatedScore
        signals {
          kind
          name
          value
          threshold
          breached
        }
      }
      cascades {
        root {
          id
          key
        }
        affected {
          id
          key
        }
        startedAt
      }
      rootCauses {
        rank
        score
        explanation
        latent
        model {
          id
          key
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SystemMapQuery, SystemMapQueryVariables>;
export const SystemIncidentsDocument = new TypedDocumentString(`
    query SystemIncidents($id: ID!) {
  incidents(systemId: $id) {
    id
    status
    summary
    openedAt
    updatedAt
    resolvedAt
    rootCause {
      id
      key
    }
    affected {
      id
      key
    }
    remediationActions {
      id
      step
      kind
      status
      outcome
    }
  }
}
    `) as unknown as TypedDocumentString<SystemIncidentsQuery, SystemIncidentsQueryVariables>;
export const ReportDriftDocument = new TypedDocumentString(`
    query ReportDrift($modelId: ID!, $from: DateTime!, $to: DateTime!) {
  driftReport(modelId: $modelId, current: {from: $from, to: $to}) {
    drifted
    driftedFeatures
    referenceSource
    reference {
      from
      to
    }
    currentCount
    features {
      ...ReportFeatureDrift
    }
    predictionDrift {
      ...ReportFeatureDrift
    }
  }
}
    fragment ReportFeatureDrift on FeatureDrift {
  feature
  drifted
  test
  statistic
  pValue
  adjustedPValue
  effectSize
  effectSizeMetric
  threshold
  skipped
}`) as unknown as TypedDocumentString<ReportDriftQuery, ReportDriftQueryVariables>;
export const ModelWeakSlicesDocument = new TypedDocumentString(`
    query ModelWeakSlices($id: ID!, $at: DateTime, $max: Int) {
  weakSlices(modelId: $id, at: $at, maxSlices: $max) {
    windowStart
    windowEnd
    metric
    estimated
    test
    rows
    tested
    reason
    slices {
      conditions {
        ...WeakSliceConditionFields
      }
      support
      metric
      inSlice
      outside
      pValue
      adjustedPValue
      estimated
    }
  }
}
    fragment WeakSliceConditionFields on SliceCondition {
  feature
  category
  range {
    lower
    upper
  }
}`) as unknown as TypedDocumentString<ModelWeakSlicesQuery, ModelWeakSlicesQueryVariables>;