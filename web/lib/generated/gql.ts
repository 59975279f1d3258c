/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  subscription Live($systemId: ID!) {\n    health: systemHealthChanged(systemId: $systemId) { windowEnd status }\n  }\n": typeof types.LiveDocument,
    "\n  subscription LiveIncidents($systemId: ID!) {\n    incident: incidentChanged(systemId: $systemId) { id status }\n  }\n": typeof types.LiveIncidentsDocument,
    "\n  query LiveSystems { systems { id } }\n": typeof types.LiveSystemsDocument,
    "\n  query SystemWindowSize($id: ID!) { system(id: $id) { windowSeconds } }\n": typeof types.SystemWindowSizeDocument,
    "\n  fragment FairnessWindowFields on ModelFairness {\n    modelId windowStart windowEnd predictions rows\n    policy { sensitiveFeatures minParityRatio maxParityDifference maxEqualizedOddsDifference favorableLabel minGroupSize quantiles bins { feature edges } }\n    features {\n      feature binning edges\n      demographicParityDifference demographicParityRatio truePositiveRateDifference falsePositiveRateDifference equalizedOddsDifference meanAbsoluteErrorDifference\n      groups { group count labeled selectionRate truePositiveRate falsePositiveRate accuracy meanPrediction meanError meanAbsoluteError }\n    }\n    signals { kind name value threshold breached }\n  }\n": typeof types.FairnessWindowFieldsFragmentDoc,
    "\n  query ModelFairnessHistory($id: ID!, $windows: Int!, $at: DateTime) {\n    fairnessHistory(modelId: $id, windows: $windows, at: $at) { ...FairnessWindowFields }\n  }\n": typeof types.ModelFairnessHistoryDocument,
    "\n  query IncidentList($systemId: ID!, $status: IncidentStatus) {\n    system(id: $systemId) { id name windowSeconds models { id key name } }\n    every: incidents(systemId: $systemId) { id status openedAt resolvedAt }\n    incidents(systemId: $systemId, status: $status) {\n      id status summary openedAt updatedAt resolvedAt\n      rootCause { id key name }\n      affected { id key name }\n      alerts { severity firedAt }\n    }\n  }\n": typeof types.IncidentListDocument,
    "\n  query IncidentDetail($systemId: ID!) {\n    system(id: $systemId) { id name windowSeconds models { id key name } }\n    incidents(systemId: $systemId) {\n      id status summary openedAt updatedAt resolvedAt\n      mergedInto { id summary }\n      rootCause { id key name }\n      affected { id key name }\n      alerts { id firedAt message rule severity value model { id key name } }\n      remediationActions { id seq step kind status plannedAt finishedAt outcome model { key } }\n    }\n  }\n": typeof types.IncidentDetailDocument,
    "\n  query IncidentContext($systemId: ID!, $at: DateTime, $opened: DateTime, $rootId: ID!, $hasRoot: Boolean!) {\n    atLast: rootCauses(systemId: $systemId, at: $at) @include(if: $hasRoot) {\n      rank score explanation model { id key }\n      evidence { kind name value threshold breached }\n    }\n    atOpen: rootCauses(systemId: $systemId, at: $opened) @include(if: $hasRoot) {\n      rank score explanation model { id key }\n      evidence { kind name value threshold breached }\n    }\n    blastRadius(modelId: $rootId) @include(if: $hasRoot) {\n      hops risk\n      model { id key name health { status } }\n    }\n    system(id: $systemId) {\n      models {\n        id key name\n        now: health { status windowEnd }\n        then: health(at: $at) { status windowEnd }\n      }\n    }\n  }\n": typeof types.IncidentContextDocument,
    "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { id status updatedAt } }\n": typeof types.AcknowledgeIncidentDocument,
    "\n  mutation ResolveIncident($id: ID!) { resolveIncident(id: $id) { id status updatedAt resolvedAt } }\n": typeof types.ResolveIncidentDocument,
    "\n  query ModelWindowSize($id: ID!) {\n    model(id: $id) { system { windowSeconds } }\n  }\n": typeof types.ModelWindowSizeDocument,
    "\n  query ModelPage($id: ID!, $at: DateTime) {\n    model(id: $id) {\n      id\n      key\n      name\n      task\n      version\n      features { name kind }\n      metrics { name lowerIsBetter }\n      upstream { id key name }\n      downstream { id key name }\n      system { id name windowSeconds }\n      health(at: $at) { status windowStart windowEnd }\n    }\n    blastRadius(modelId: $id) {\n      hops\n      risk\n      model { id key name health(at: $at) { status } }\n    }\n  }\n": typeof types.ModelPageDocument,
    "\n  fragment WindowVerdictFields on ModelHealth { status windowStart windowEnd anomalyScore }\n": typeof types.WindowVerdictFieldsFragmentDoc,
    "\n  fragment TimelineIncidentFields on Incident {\n    id\n    status\n    alerts { id firedAt rule severity value message model { id } }\n  }\n": typeof types.TimelineIncidentFieldsFragmentDoc,
    "\n  fragment FeatureDriftFields on FeatureDrift {\n    feature kind test statistic pValue adjustedPValue effectSize effectSizeMetric threshold drifted\n    psi jensenShannon wasserstein skipped sampled referenceSampleSize currentSampleSize currentCount referenceCount\n    missingRateCurrent missingRateReference unseenShare unseenCategories\n    referenceHistogram { counts edges categories }\n    currentHistogram { counts edges categories }\n  }\n": typeof types.FeatureDriftFieldsFragmentDoc,
    "\n  fragment PerformancePointFields on PerformancePoint {\n    windowStart windowEnd metric value estimated forecast count lower upper\n  }\n": typeof types.PerformancePointFieldsFragmentDoc,
    "\n  fragment WindowHealthFields on ModelHealth {\n    status windowStart windowEnd anomalyScore propagatedScore\n    signals { kind name value threshold breached }\n    anomalies(first: 10) { detector predictionId score topFeatures { feature contribution } }\n  }\n": typeof types.WindowHealthFieldsFragmentDoc,
    "\n  query ModelDrift($id: ID!, $current: WindowInput!) {\n    driftReport(modelId: $id, current: $current) {\n      current { from to }\n      reference { from to }\n      referenceSource currentCount referenceCount drifted driftedFeatures multivariateStatus path pathReason errorBound\n      multivariate { drifted method score referenceScore threshold topFeatures { feature contribution } }\n      features { ...FeatureDriftFields }\n      predictionDrift { ...FeatureDriftFields }\n      segments { segment output drifted effectSize effectSizeMetric threshold currentCount referenceCount }\n    }\n  }\n": typeof types.ModelDriftDocument,
    "\n  query ModelForecast($id: ID!, $metric: String!, $threshold: Float!, $horizon: Int!) {\n    forecast(modelId: $id, metric: $metric, threshold: $threshold, horizonSeconds: $horizon) {\n      direction expectedBreachAt metric reason threshold\n      points { ...PerformancePointFields }\n    }\n  }\n": typeof types.ModelForecastDocument,
    "\n  query PredictionPage($modelId: ID!, $id: String!) {\n    model(id: $modelId) { id key name task system { id name } forbiddenFeatures { name maxShare } }\n    prediction(modelId: $modelId, id: $id) {\n      id\n      timestamp\n      score\n      predictedClass\n      segment\n      labelValue\n      labelClass\n      reference { from to }\n      explanation {\n        sentence\n        forbiddenInTopReasons\n        predictedLabel\n        sameLabelCount\n        attributions { feature value share forbidden }\n        features { feature kind value percentile referenceFrequency outOfReferenceRange inDriftedBin }\n        similarCases { k labelCounts { label count } cases { predictionId distance label } }\n      }\n    }\n  }\n": typeof types.PredictionPageDocument,
    "\n  query Systems {\n    systems {\n      id\n      name\n      description\n      windowSeconds\n      models {\n        id\n        key\n        name\n        task\n        version\n        features { name kind }\n        upstream { id key }\n        downstream { id key }\n      }\n      dependencies {\n        id\n        from { id key }\n        to { id key }\n        weight\n        feature\n      }\n    }\n  }\n": typeof types.SystemsDocument,
    "\n  query SystemOverview($id: ID!, $at: DateTime) {\n    system(id: $id) {\n      id\n      health(at: $at) {\n        status\n        score\n        stored\n        windowStart\n        windowEnd\n        models { model { id } status anomalyScore propagatedScore }\n        rootCauses { rank model { id key name } explanation }\n      }\n    }\n    open: incidents(systemId: $id, status: OPEN) { id summary openedAt rootCause { id key name } }\n    acknowledged: incidents(systemId: $id, status: ACKNOWLEDGED) { id }\n  }\n": typeof types.SystemOverviewDocument,
    "\n  query RegistrySystem($id: ID!) {\n    system(id: $id) {\n      id\n      name\n      windowSeconds\n      models(includeRetired: true) {\n        id key name description task version retiredAt retiredFrom\n        features { name kind deprecated }\n      }\n      dependencies { id from { id key } to { id key } weight feature validFrom }\n    }\n  }\n": typeof types.RegistrySystemDocument,
    "\n  query AdminProbe { apiKeys { id } }\n": typeof types.AdminProbeDocument,
    "\n  query KeyLabels { apiKeys { id label prefix } }\n": typeof types.KeyLabelsDocument,
    "\n  mutation UpdateModel($id: ID!, $name: String, $description: String, $version: String, $addFeatures: [FeatureInput!], $deprecateFeatures: [String!]) {\n    updateModel(id: $id, name: $name, description: $description, version: $version, addFeatures: $addFeatures, deprecateFeatures: $deprecateFeatures) {\n      id name description version features { name kind deprecated }\n    }\n  }\n": typeof types.UpdateModelDocument,
    "\n  mutation RetireModel($id: ID!) { retireModel(id: $id) { id key retiredAt retiredFrom } }\n": typeof types.RetireModelDocument,
    "\n  mutation AddDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String) {\n    addDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature) { id weight feature validFrom }\n  }\n": typeof types.AddDependencyDocument,
    "\n  mutation UpdateDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String, $clearFeature: Boolean) {\n    updateDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature, clearFeature: $clearFeature) {\n      id weight feature validFrom\n    }\n  }\n": typeof types.UpdateDependencyDocument,
    "\n  mutation RemoveDependency($systemId: ID!, $fromKey: String!, $toKey: String!) {\n    removeDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey) { id validTo }\n  }\n": typeof types.RemoveDependencyDocument,
    "\n  query RegistryChanges($systemId: ID!, $limit: Int, $before: ID) {\n    system(id: $systemId) { id name models(includeRetired: true) { id key } }\n    registryChanges(systemId: $systemId, limit: $limit, before: $before) {\n      id kind actorKeyId at effectiveFrom modelId summary details\n    }\n  }\n": typeof types.RegistryChangesDocument,
    "\n  query SystemRemediation($systemId: ID!, $actions: Int!, $audit: Int!) {\n    remediationPolicies(systemId: $systemId) {\n      id name mode enabled runnerUrl cooldownSeconds maxActionsPerHour verifyWindows\n      selector { modelKeys tasks minStatus }\n      steps { kind fallbackModelKey strategy size }\n    }\n    remediationActions(systemId: $systemId, limit: $actions) {\n      id incidentId seq step kind status params plannedAt windowsObserved outcome finishedAt\n      model { id key }\n      cascade { id key }\n      policy { id name }\n      attempts { attempt at statusCode error }\n    }\n    remediationAudit(systemId: $systemId, limit: $audit) { id event actor detail at incidentId actionId }\n  }\n": typeof types.SystemRemediationDocument,
    "\n  mutation ApproveRemediation($actionId: ID!, $comment: String) { approveRemediation(actionId: $actionId, comment: $comment) { id status } }\n": typeof types.ApproveRemediationDocument,
    "\n  mutation RejectRemediation($actionId: ID!, $comment: String) { rejectRemediation(actionId: $actionId, comment: $comment) { id status } }\n": typeof types.RejectRemediationDocument,
    "\n  query ModelVersions($modelId: ID!) {\n    model(id: $modelId) { id key versions { id version notes liveAt } }\n    compareModelVersions(modelId: $modelId) {\n      before { version predictions labeled }\n      after { version predictions labeled }\n      liveAt regressed sentence\n      metrics { metric before after delta worse }\n      shifts { feature statistic pValue drifted }\n    }\n  }\n": typeof types.ModelVersionsDocument,
    "\n  query RemediationSystem($systemId: ID!) { system(id: $systemId) { id name } }\n": typeof types.RemediationSystemDocument,
    "\n  query RetrainingSystem($systemId: ID!) {\n    system(id: $systemId) { id name models { id key name task features { name kind } } }\n  }\n": typeof types.RetrainingSystemDocument,
    "\n  fragment RetrainingProbeFields on RetrainingSample { label feedback }\n": typeof types.RetrainingProbeFieldsFragmentDoc,
    "\n  fragment RetrainingSampleFields on RetrainingSample { predictionId priority reasons features prediction label feedback timestamp }\n": typeof types.RetrainingSampleFieldsFragmentDoc,
    "\n  fragment RetrainingSummaryFields on RetrainingSample { predictionId reasons }\n": typeof types.RetrainingSummaryFieldsFragmentDoc,
    "\n  query RetrainingQueue($modelId: ID!, $strategy: PriorityStrategy!, $first: Int!) {\n    candidates: retrainingCandidates(modelId: $modelId, strategy: $strategy, first: $first) { ...RetrainingSampleFields }\n    COMBINED: retrainingCandidates(modelId: $modelId, strategy: COMBINED, first: $first) { ...RetrainingSummaryFields }\n    DISAGREEMENT: retrainingCandidates(modelId: $modelId, strategy: DISAGREEMENT, first: $first) { ...RetrainingSummaryFields }\n    UNCERTAINTY: retrainingCandidates(modelId: $modelId, strategy: UNCERTAINTY, first: $first) { ...RetrainingSummaryFields }\n    LABEL_ERROR: retrainingCandidates(modelId: $modelId, strategy: LABEL_ERROR, first: $first) { ...RetrainingSummaryFields }\n    DRIFT: retrainingCandidates(modelId: $modelId, strategy: DRIFT, first: $first) { ...RetrainingSummaryFields }\n    BLAME: retrainingCandidates(modelId: $modelId, strategy: BLAME, first: $first) { ...RetrainingSummaryFields }\n  }\n": typeof types.RetrainingQueueDocument,
    "\n  query SystemMap($id: ID!, $at: DateTime, $wiringAt: DateTime) {\n    system(id: $id) {\n      id\n      name\n      description\n      windowSeconds\n      models(at: $wiringAt) { id key name task version retiredAt }\n      dependencies(at: $wiringAt) { id from { id key } to { id key } weight feature validFrom validTo }\n      health(at: $at) {\n        at\n        windowStart\n        windowEnd\n        status\n        score\n        stored\n        models {\n          model { id key }\n          status\n          anomalyScore\n          propagatedScore\n          signals { kind name value threshold breached }\n        }\n        cascades { root { id key } affected { id key } startedAt }\n        rootCauses { rank score explanation latent model { id key name } }\n      }\n    }\n  }\n": typeof types.SystemMapDocument,
    "\n  query SystemIncidents($id: ID!) {\n    incidents(systemId: $id) {\n      id\n      status\n      summary\n      openedAt\n      updatedAt\n      resolvedAt\n      rootCause { id key }\n      affected { id key }\n      remediationActions { id step kind status outcome }\n    }\n  }\n": typeof types.SystemIncidentsDocument,
    "\n  fragment WindowSummaryFields on SystemHealth { windowStart windowEnd status score stored }\n": typeof types.WindowSummaryFieldsFragmentDoc,
    "\n  fragment ReportFeatureDrift on FeatureDrift {\n    feature drifted test statistic pValue adjustedPValue effectSize effectSizeMetric threshold skipped\n  }\n": typeof types.ReportFeatureDriftFragmentDoc,
    "\n  query ReportDrift($modelId: ID!, $from: DateTime!, $to: DateTime!) {\n    driftReport(modelId: $modelId, current: { from: $from, to: $to }) {\n      drifted\n      driftedFeatures\n      referenceSource\n      reference { from to }\n      currentCount\n      features { ...ReportFeatureDrift }\n      predictionDrift { ...ReportFeatureDrift }\n    }\n  }\n": typeof types.ReportDriftDocument,
    "\n  fragment WeakSliceConditionFields on SliceCondition {\n    feature category range { lower upper }\n  }\n": typeof types.WeakSliceConditionFieldsFragmentDoc,
    "\n  query ModelWeakSlices($id: ID!, $at: DateTime, $max: Int) {\n    weakSlices(modelId: $id, at: $at, maxSlices: $max) {\n      windowStart windowEnd metric estimated test rows tested reason\n      slices { conditions { ...WeakSliceConditionFields } support metric inSlice outside pValue adjustedPValue estimated }\n    }\n  }\n": typeof types.ModelWeakSlicesDocument,
};
const documents: Documents = {
    "\n  subscription Live($systemId: ID!) {\n    health: systemHealthChanged(systemId: $systemId) { windowEnd status }\n  }\n": types.LiveDocument,
    "\n  subscription LiveIncidents($systemId: ID!) {\n    incident: incidentChanged(systemId: $systemId) { id status }\n  }\n": types.LiveIncidentsDocument,
    "\n  query LiveSystems { systems { id } }\n": types.LiveSystemsDocument,
    "\n  query SystemWindowSize($id: ID!) { system(id: $id) { windowSeconds } }\n": types.SystemWindowSizeDocument,
    "\n  fragment FairnessWindowFields on ModelFairness {\n    modelId windowStart windowEnd predictions rows\n    policy { sensitiveFeatures minParityRatio maxParityDifference maxEqualizedOddsDifference favorableLabel minGroupSize quantiles bins { feature edges } }\n    features {\n      feature binning edges\n      demographicParityDifference demographicParityRatio truePositiveRateDifference falsePositiveRateDifference equalizedOddsDifference meanAbsoluteErrorDifference\n      groups { group count labeled selectionRate truePositiveRate falsePositiveRate accuracy meanPrediction meanError meanAbsoluteError }\n    }\n    signals { kind name value threshold breached }\n  }\n": types.FairnessWindowFieldsFragmentDoc,
    "\n  query ModelFairnessHistory($id: ID!, $windows: Int!, $at: DateTime) {\n    fairnessHistory(modelId: $id, windows: $windows, at: $at) { ...FairnessWindowFields }\n  }\n": types.ModelFairnessHistoryDocument,
    "\n  query IncidentList($systemId: ID!, $status: IncidentStatus) {\n    system(id: $systemId) { id name windowSeconds models { id key name } }\n    every: incidents(systemId: $systemId) { id status openedAt resolvedAt }\n    incidents(systemId: $systemId, status: $status) {\n      id status summary openedAt updatedAt resolvedAt\n      rootCause { id key name }\n      affected { id key name }\n      alerts { severity firedAt }\n    }\n  }\n": types.IncidentListDocument,
    "\n  query IncidentDetail($systemId: ID!) {\n    system(id: $systemId) { id name windowSeconds models { id key name } }\n    incidents(systemId: $systemId) {\n      id status summary openedAt updatedAt resolvedAt\n      mergedInto { id summary }\n      rootCause { id key name }\n      affected { id key name }\n      alerts { id firedAt message rule severity value model { id key name } }\n      remediationActions { id seq step kind status plannedAt finishedAt outcome model { key } }\n    }\n  }\n": types.IncidentDetailDocument,
    "\n  query IncidentContext($systemId: ID!, $at: DateTime, $opened: DateTime, $rootId: ID!, $hasRoot: Boolean!) {\n    atLast: rootCauses(systemId: $systemId, at: $at) @include(if: $hasRoot) {\n      rank score explanation model { id key }\n      evidence { kind name value threshold breached }\n    }\n    atOpen: rootCauses(systemId: $systemId, at: $opened) @include(if: $hasRoot) {\n      rank score explanation model { id key }\n      evidence { kind name value threshold breached }\n    }\n    blastRadius(modelId: $rootId) @include(if: $hasRoot) {\n      hops risk\n      model { id key name health { status } }\n    }\n    system(id: $systemId) {\n      models {\n        id key name\n        now: health { status windowEnd }\n        then: health(at: $at) { status windowEnd }\n      }\n    }\n  }\n": types.IncidentContextDocument,
    "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { id status updatedAt } }\n": types.AcknowledgeIncidentDocument,
    "\n  mutation ResolveIncident($id: ID!) { resolveIncident(id: $id) { id status updatedAt resolvedAt } }\n": types.ResolveIncidentDocument,
    "\n  query ModelWindowSize($id: ID!) {\n    model(id: $id) { system { windowSeconds } }\n  }\n": types.ModelWindowSizeDocument,
    "\n  query ModelPage($id: ID!, $at: DateTime) {\n    model(id: $id) {\n      id\n      key\n      name\n      task\n      version\n      features { name kind }\n      metrics { name lowerIsBetter }\n      upstream { id key name }\n      downstream { id key name }\n      system { id name windowSeconds }\n      health(at: $at) { status windowStart windowEnd }\n    }\n    blastRadius(modelId: $id) {\n      hops\n      risk\n      model { id key name health(at: $at) { status } }\n    }\n  }\n": types.ModelPageDocument,
    "\n  fragment WindowVerdictFields on ModelHealth { status windowStart windowEnd anomalyScore }\n": types.WindowVerdictFieldsFragmentDoc,
    "\n  fragment TimelineIncidentFields on Incident {\n    id\n    status\n    alerts { id firedAt rule severity value message model { id } }\n  }\n": types.TimelineIncidentFieldsFragmentDoc,
    "\n  fragment FeatureDriftFields on FeatureDrift {\n    feature kind test statistic pValue adjustedPValue effectSize effectSizeMetric threshold drifted\n    psi jensenShannon wasserstein skipped sampled referenceSampleSize currentSampleSize currentCount referenceCount\n    missingRateCurrent missingRateReference unseenShare unseenCategories\n    referenceHistogram { counts edges categories }\n    currentHistogram { counts edges categories }\n  }\n": types.FeatureDriftFieldsFragmentDoc,
    "\n  fragment PerformancePointFields on PerformancePoint {\n    windowStart windowEnd metric value estimated forecast count lower upper\n  }\n": types.PerformancePointFieldsFragmentDoc,
    "\n  fragment WindowHealthFields on ModelHealth {\n    status windowStart windowEnd anomalyScore propagatedScore\n    signals { kind name value threshold breached }\n    anomalies(first: 10) { detector predictionId score topFeatures { feature contribution } }\n  }\n": types.WindowHealthFieldsFragmentDoc,
    "\n  query ModelDrift($id: ID!, $current: WindowInput!) {\n    driftReport(modelId: $id, current: $current) {\n      current { from to }\n      reference { from to }\n      referenceSource currentCount referenceCount drifted driftedFeatures multivariateStatus path pathReason errorBound\n      multivariate { drifted method score referenceScore threshold topFeatures { feature contribution } }\n      features { ...FeatureDriftFields }\n      predictionDrift { ...FeatureDriftFields }\n      segments { segment output drifted effectSize effectSizeMetric threshold currentCount referenceCount }\n    }\n  }\n": types.ModelDriftDocument,
    "\n  query ModelForecast($id: ID!, $metric: String!, $threshold: Float!, $horizon: Int!) {\n    forecast(modelId: $id, metric: $metric, threshold: $threshold, horizonSeconds: $horizon) {\n      direction expectedBreachAt metric reason threshold\n      points { ...PerformancePointFields }\n    }\n  }\n": types.ModelForecastDocument,
    "\n  query PredictionPage($modelId: ID!, $id: String!) {\n    model(id: $modelId) { id key name task system { id name } forbiddenFeatures { name maxShare } }\n    prediction(modelId: $modelId, id: $id) {\n      id\n      timestamp\n      score\n      predictedClass\n      segment\n      labelValue\n      labelClass\n      reference { from to }\n      explanation {\n        sentence\n        forbiddenInTopReasons\n        predictedLabel\n        sameLabelCount\n        attributions { feature value share forbidden }\n        features { feature kind value percentile referenceFrequency outOfReferenceRange inDriftedBin }\n        similarCases { k labelCounts { label count } cases { predictionId distance label } }\n      }\n    }\n  }\n": types.PredictionPageDocument,
    "\n  query Systems {\n    systems {\n      id\n      name\n      description\n      windowSeconds\n      models {\n        id\n        key\n        name\n        task\n        version\n        features { name kind }\n        upstream { id key }\n        downstream { id key }\n      }\n      dependencies {\n        id\n        from { id key }\n        to { id key }\n        weight\n        feature\n      }\n    }\n  }\n": types.SystemsDocument,
    "\n  query SystemOverview($id: ID!, $at: DateTime) {\n    system(id: $id) {\n      id\n      health(at: $at) {\n        status\n        score\n        stored\n        windowStart\n        windowEnd\n        models { model { id } status anomalyScore propagatedScore }\n        rootCauses { rank model { id key name } explanation }\n      }\n    }\n    open: incidents(systemId: $id, status: OPEN) { id summary openedAt rootCause { id key name } }\n    acknowledged: incidents(systemId: $id, status: ACKNOWLEDGED) { id }\n  }\n": types.SystemOverviewDocument,
    "\n  query RegistrySystem($id: ID!) {\n    system(id: $id) {\n      id\n      name\n      windowSeconds\n      models(includeRetired: true) {\n        id key name description task version retiredAt retiredFrom\n        features { name kind deprecated }\n      }\n      dependencies { id from { id key } to { id key } weight feature validFrom }\n    }\n  }\n": types.RegistrySystemDocument,
    "\n  query AdminProbe { apiKeys { id } }\n": types.AdminProbeDocument,
    "\n  query KeyLabels { apiKeys { id label prefix } }\n": types.KeyLabelsDocument,
    "\n  mutation UpdateModel($id: ID!, $name: String, $description: String, $version: String, $addFeatures: [FeatureInput!], $deprecateFeatures: [String!]) {\n    updateModel(id: $id, name: $name, description: $description, version: $version, addFeatures: $addFeatures, deprecateFeatures: $deprecateFeatures) {\n      id name description version features { name kind deprecated }\n    }\n  }\n": types.UpdateModelDocument,
    "\n  mutation RetireModel($id: ID!) { retireModel(id: $id) { id key retiredAt retiredFrom } }\n": types.RetireModelDocument,
    "\n  mutation AddDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String) {\n    addDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature) { id weight feature validFrom }\n  }\n": types.AddDependencyDocument,
    "\n  mutation UpdateDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String, $clearFeature: Boolean) {\n    updateDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature, clearFeature: $clearFeature) {\n      id weight feature validFrom\n    }\n  }\n": types.UpdateDependencyDocument,
    "\n  mutation RemoveDependency($systemId: ID!, $fromKey: String!, $toKey: String!) {\n    removeDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey) { id validTo }\n  }\n": types.RemoveDependencyDocument,
    "\n  query RegistryChanges($systemId: ID!, $limit: Int, $before: ID) {\n    system(id: $systemId) { id name models(includeRetired: true) { id key } }\n    registryChanges(systemId: $systemId, limit: $limit, before: $before) {\n      id kind actorKeyId at effectiveFrom modelId summary details\n    }\n  }\n": types.RegistryChangesDocument,
    "\n  query SystemRemediation($systemId: ID!, $actions: Int!, $audit: Int!) {\n    remediationPolicies(systemId: $systemId) {\n      id name mode enabled runnerUrl cooldownSeconds maxActionsPerHour verifyWindows\n      selector { modelKeys tasks minStatus }\n      steps { kind fallbackModelKey strategy size }\n    }\n    remediationActions(systemId: $systemId, limit: $actions) {\n      id incidentId seq step kind status params plannedAt windowsObserved outcome finishedAt\n      model { id key }\n      cascade { id key }\n      policy { id name }\n      attempts { attempt at statusCode error }\n    }\n    remediationAudit(systemId: $systemId, limit: $audit) { id event actor detail at incidentId actionId }\n  }\n": types.SystemRemediationDocument,
    "\n  mutation ApproveRemediation($actionId: ID!, $comment: String) { approveRemediation(actionId: $actionId, comment: $comment) { id status } }\n": types.ApproveRemediationDocument,
    "\n  mutation RejectRemediation($actionId: ID!, $comment: String) { rejectRemediation(actionId: $actionId, comment: $comment) { id status } }\n": types.RejectRemediationDocument,
    "\n  query ModelVersions($modelId: ID!) {\n    model(id: $modelId) { id key versions { id version notes liveAt } }\n    compareModelVersions(modelId: $modelId) {\n      before { version predictions labeled }\n      after { version predictions labeled }\n      liveAt regressed sentence\n      metrics { metric before after delta worse }\n      shifts { feature statistic pValue drifted }\n    }\n  }\n": types.ModelVersionsDocument,
    "\n  query RemediationSystem($systemId: ID!) { system(id: $systemId) { id name } }\n": types.RemediationSystemDocument,
    "\n  query RetrainingSystem($systemId: ID!) {\n    system(id: $systemId) { id name models { id key name task features { name kind } } }\n  }\n": types.RetrainingSystemDocument,
    "\n  fragment RetrainingProbeFields on RetrainingSample { label feedback }\n": types.RetrainingProbeFieldsFragmentDoc,
    "\n  fragment RetrainingSampleFields on RetrainingSample { predictionId priority reasons features prediction label feedback timestamp }\n": types.RetrainingSampleFieldsFragmentDoc,
    "\n  fragment RetrainingSummaryFields on RetrainingSample { predictionId reasons }\n": types.RetrainingSummaryFieldsFragmentDoc,
    "\n  query RetrainingQueue($modelId: ID!, $strategy: PriorityStrategy!, $first: Int!) {\n    candidates: retrainingCandidates(modelId: $modelId, strategy: $strategy, first: $first) { ...RetrainingSampleFields }\n    COMBINED: retrainingCandidates(modelId: $modelId, strategy: COMBINED, first: $first) { ...RetrainingSummaryFields }\n    DISAGREEMENT: retrainingCandidates(modelId: $modelId, strategy: DISAGREEMENT, first: $first) { ...RetrainingSummaryFields }\n    UNCERTAINTY: retrainingCandidates(modelId: $modelId, strategy: UNCERTAINTY, first: $first) { ...RetrainingSummaryFields }\n    LABEL_ERROR: retrainingCandidates(modelId: $modelId, strategy: LABEL_ERROR, first: $first) { ...RetrainingSummaryFields }\n    DRIFT: retrainingCandidates(modelId: $modelId, strategy: DRIFT, first: $first) { ...RetrainingSummaryFields }\n    BLAME: retrainingCandidates(modelId: $modelId, strategy: BLAME, first: $first) { ...RetrainingSummaryFields }\n  }\n": types.RetrainingQueueDocument,
    "\n  query SystemMap($id: ID!, $at: DateTime, $wiringAt: DateTime) {\n    system(id: $id) {\n      id\n      name\n      description\n      windowSeconds\n      models(at: $wiringAt) { id key name task version retiredAt }\n      dependencies(at: $wiringAt) { id from { id key } to { id key } weight feature validFrom validTo }\n      health(at: $at) {\n        at\n        windowStart\n        windowEnd\n        status\n        score\n        stored\n        models {\n          model { id key }\n          status\n          anomalyScore\n          propagatedScore\n          signals { kind name value threshold breached }\n        }\n        cascades { root { id key } affected { id key } startedAt }\n        rootCauses { rank score explanation latent model { id key name } }\n      }\n    }\n  }\n": types.SystemMapDocument,
    "\n  query SystemIncidents($id: ID!) {\n    incidents(systemId: $id) {\n      id\n      status\n      summary\n      openedAt\n      updatedAt\n      resolvedAt\n      rootCause { id key }\n      affected { id key }\n      remediationActions { id step kind status outcome }\n    }\n  }\n": types.SystemIncidentsDocument,
    "\n  fragment WindowSummaryFields on SystemHealth { windowStart windowEnd status score stored }\n": types.WindowSummaryFieldsFragmentDoc,
    "\n  fragment ReportFeatureDrift on FeatureDrift {\n    feature drifted test statistic pValue adjustedPValue effectSize effectSizeMetric threshold skipped\n  }\n": types.ReportFeatureDriftFragmentDoc,
    "\n  query ReportDrift($modelId: ID!, $from: DateTime!, $to: DateTime!) {\n    driftReport(modelId: $modelId, current: { from: $from, to: $to }) {\n      drifted\n      driftedFeatures\n      referenceSource\n      reference { from to }\n      currentCount\n      features { ...ReportFeatureDrift }\n      predictionDrift { ...ReportFeatureDrift }\n    }\n  }\n": types.ReportDriftDocument,
    "\n  fragment WeakSliceConditionFields on SliceCondition {\n    feature category range { lower upper }\n  }\n": types.WeakSliceConditionFieldsFragmentDoc,
    "\n  query ModelWeakSlices($id: ID!, $at: DateTime, $max: Int) {\n    weakSlices(modelId: $id, at: $at, maxSlices: $max) {\n      windowStart windowEnd metric estimated test rows tested reason\n      slices { conditions { ...WeakSliceConditionFields } support metric inSlice outside pValue adjustedPValue estimated }\n    }\n  }\n": types.ModelWeakSlicesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Live($systemId: ID!) {\n    health: systemHealthChanged(systemId: $systemId) { windowEnd status }\n  }\n"): typeof import('./graphql').LiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveIncidents($systemId: ID!) {\n    incident: incidentChanged(systemId: $systemId) { id status }\n  }\n"): typeof import('./graphql').LiveIncidentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LiveSystems { systems { id } }\n"): typeof import('./graphql').LiveSystemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemWindowSize($id: ID!) { system(id: $id) { windowSeconds } }\n"): typeof import('./graphql').SystemWindowSizeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FairnessWindowFields on ModelFairness {\n    modelId windowStart windowEnd predictions rows\n    policy { sensitiveFeatures minParityRatio maxParityDifference maxEqualizedOddsDifference favorableLabel minGroupSize quantiles bins { feature edges } }\n    features {\n      feature binning edges\n      demographicParityDifference demographicParityRatio truePositiveRateDifference falsePositiveRateDifference equalizedOddsDifference meanAbsoluteErrorDifference\n      groups { group count labeled selectionRate truePositiveRate falsePositiveRate accuracy meanPrediction meanError meanAbsoluteError }\n    }\n    signals { kind name value threshold breached }\n  }\n"): typeof import('./graphql').FairnessWindowFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelFairnessHistory($id: ID!, $windows: Int!, $at: DateTime) {\n    fairnessHistory(modelId: $id, windows: $windows, at: $at) { ...FairnessWindowFields }\n  }\n"): typeof import('./graphql').ModelFairnessHistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentList($systemId: ID!, $status: IncidentStatus) {\n    system(id: $systemId) { id name windowSeconds models { id key name } }\n    every: incidents(systemId: $systemId) { id status openedAt resolvedAt }\n    incidents(systemId: $systemId, status: $status) {\n      id status summary openedAt updatedAt resolvedAt\n      rootCause { id key name }\n      affected { id key name }\n      alerts { severity firedAt }\n    }\n  }\n"): typeof import('./graphql').IncidentListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentDetail($systemId: ID!) {\n    system(id: $systemId) { id name windowSeconds models { id key name } }\n    incidents(systemId: $systemId) {\n      id status summary openedAt updatedAt resolvedAt\n      mergedInto { id summary }\n      rootCause { id key name }\n      affected { id key name }\n      alerts { id firedAt message rule severity value model { id key name } }\n      remediationActions { id seq step kind status plannedAt finishedAt outcome model { key } }\n    }\n  }\n"): typeof import('./graphql').IncidentDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentContext($systemId: ID!, $at: DateTime, $opened: DateTime, $rootId: ID!, $hasRoot: Boolean!) {\n    atLast: rootCauses(systemId: $systemId, at: $at) @include(if: $hasRoot) {\n      rank score explanation model { id key }\n      evidence { kind name value threshold breached }\n    }\n    atOpen: rootCauses(systemId: $systemId, at: $opened) @include(if: $hasRoot) {\n      rank score explanation model { id key }\n      evidence { kind name value threshold breached }\n    }\n    blastRadius(modelId: $rootId) @include(if: $hasRoot) {\n      hops risk\n      model { id key name health { status } }\n    }\n    system(id: $systemId) {\n      models {\n        id key name\n        now: health { status windowEnd }\n        then: health(at: $at) { status windowEnd }\n      }\n    }\n  }\n"): typeof import('./graphql').IncidentContextDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { id status updatedAt } }\n"): typeof import('./graphql').AcknowledgeIncidentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveIncident($id: ID!) { resolveIncident(id: $id) { id status updatedAt resolvedAt } }\n"): typeof import('./graphql').ResolveIncidentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelWindowSize($id: ID!) {\n    model(id: $id) { system { windowSeconds } }\n  }\n"): typeof import('./graphql').ModelWindowSizeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelPage($id: ID!, $at: DateTime) {\n    model(id: $id) {\n      id\n      key\n      name\n      task\n      version\n      features { name kind }\n      metrics { name lowerIsBetter }\n      upstream { id key name }\n      downstream { id key name }\n      system { id name windowSeconds }\n      health(at: $at) { status windowStart windowEnd }\n    }\n    blastRadius(modelId: $id) {\n      hops\n      risk\n      model { id key name health(at: $at) { status } }\n    }\n  }\n"): typeof import('./graphql').ModelPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WindowVerdictFields on ModelHealth { status windowStart windowEnd anomalyScore }\n"): typeof import('./graphql').WindowVerdictFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TimelineIncidentFields on Incident {\n    id\n    status\n    alerts { id firedAt rule severity value message model { id } }\n  }\n"): typeof import('./graphql').TimelineIncidentFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FeatureDriftFields on FeatureDrift {\n    feature kind test statistic pValue adjustedPValue effectSize effectSizeMetric threshold drifted\n    psi jensenShannon wasserstein skipped sampled referenceSampleSize currentSampleSize currentCount referenceCount\n    missingRateCurrent missingRateReference unseenShare unseenCategories\n    referenceHistogram { counts edges categories }\n    currentHistogram { counts edges categories }\n  }\n"): typeof import('./graphql').FeatureDriftFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PerformancePointFields on PerformancePoint {\n    windowStart windowEnd metric value estimated forecast count lower upper\n  }\n"): typeof import('./graphql').PerformancePointFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WindowHealthFields on ModelHealth {\n    status windowStart windowEnd anomalyScore propagatedScore\n    signals { kind name value threshold breached }\n    anomalies(first: 10) { detector predictionId score topFeatures { feature contribution } }\n  }\n"): typeof import('./graphql').WindowHealthFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelDrift($id: ID!, $current: WindowInput!) {\n    driftReport(modelId: $id, current: $current) {\n      current { from to }\n      reference { from to }\n      referenceSource currentCount referenceCount drifted driftedFeatures multivariateStatus path pathReason errorBound\n      multivariate { drifted method score referenceScore threshold topFeatures { feature contribution } }\n      features { ...FeatureDriftFields }\n      predictionDrift { ...FeatureDriftFields }\n      segments { segment output drifted effectSize effectSizeMetric threshold currentCount referenceCount }\n    }\n  }\n"): typeof import('./graphql').ModelDriftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelForecast($id: ID!, $metric: String!, $threshold: Float!, $horizon: Int!) {\n    forecast(modelId: $id, metric: $metric, threshold: $threshold, horizonSeconds: $horizon) {\n      direction expectedBreachAt metric reason threshold\n      points { ...PerformancePointFields }\n    }\n  }\n"): typeof import('./graphql').ModelForecastDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PredictionPage($modelId: ID!, $id: String!) {\n    model(id: $modelId) { id key name task system { id name } forbiddenFeatures { name maxShare } }\n    prediction(modelId: $modelId, id: $id) {\n      id\n      timestamp\n      score\n      predictedClass\n      segment\n      labelValue\n      labelClass\n      reference { from to }\n      explanation {\n        sentence\n        forbiddenInTopReasons\n        predictedLabel\n        sameLabelCount\n        attributions { feature value share forbidden }\n        features { feature kind value percentile referenceFrequency outOfReferenceRange inDriftedBin }\n        similarCases { k labelCounts { label count } cases { predictionId distance label } }\n      }\n    }\n  }\n"): typeof import('./graphql').PredictionPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Systems {\n    systems {\n      id\n      name\n      description\n      windowSeconds\n      models {\n        id\n        key\n        name\n        task\n        version\n        features { name kind }\n        upstream { id key }\n        downstream { id key }\n      }\n      dependencies {\n        id\n        from { id key }\n        to { id key }\n        weight\n        feature\n      }\n    }\n  }\n"): typeof import('./graphql').SystemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemOverview($id: ID!, $at: DateTime) {\n    system(id: $id) {\n      id\n      health(at: $at) {\n        status\n        score\n        stored\n        windowStart\n        windowEnd\n        models { model { id } status anomalyScore propagatedScore }\n        rootCauses { rank model { id key name } explanation }\n      }\n    }\n    open: incidents(systemId: $id, status: OPEN) { id summary openedAt rootCause { id key name } }\n    acknowledged: incidents(systemId: $id, status: ACKNOWLEDGED) { id }\n  }\n"): typeof import('./graphql').SystemOverviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegistrySystem($id: ID!) {\n    system(id: $id) {\n      id\n      name\n      windowSeconds\n      models(includeRetired: true) {\n        id key name description task version retiredAt retiredFrom\n        features { name kind deprecated }\n      }\n      dependencies { id from { id key } to { id key } weight feature validFrom }\n    }\n  }\n"): typeof import('./graphql').RegistrySystemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminProbe { apiKeys { id } }\n"): typeof import('./graphql').AdminProbeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyLabels { apiKeys { id label prefix } }\n"): typeof import('./graphql').KeyLabelsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateModel($id: ID!, $name: String, $description: String, $version: String, $addFeatures: [FeatureInput!], $deprecateFeatures: [String!]) {\n    updateModel(id: $id, name: $name, description: $description, version: $version, addFeatures: $addFeatures, deprecateFeatures: $deprecateFeatures) {\n      id name description version features { name kind deprecated }\n    }\n  }\n"): typeof import('./graphql').UpdateModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetireModel($id: ID!) { retireModel(id: $id) { id key retiredAt retiredFrom } }\n"): typeof import('./graphql').RetireModelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String) {\n    addDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature) { id weight feature validFrom }\n  }\n"): typeof import('./graphql').AddDependencyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDependency($systemId: ID!, $fromKey: String!, $toKey: String!, $weight: Float, $feature: String, $clearFeature: Boolean) {\n    updateDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey, weight: $weight, feature: $feature, clearFeature: $clearFeature) {\n      id weight feature validFrom\n    }\n  }\n"): typeof import('./graphql').UpdateDependencyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveDependency($systemId: ID!, $fromKey: String!, $toKey: String!) {\n    removeDependency(systemId: $systemId, fromKey: $fromKey, toKey: $toKey) { id validTo }\n  }\n"): typeof import('./graphql').RemoveDependencyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegistryChanges($systemId: ID!, $limit: Int, $before: ID) {\n    system(id: $systemId) { id name models(includeRetired: true) { id key } }\n    registryChanges(systemId: $systemId, limit: $limit, before: $before) {\n      id kind actorKeyId at effectiveFrom modelId summary details\n    }\n  }\n"): typeof import('./graphql').RegistryChangesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemRemediation($systemId: ID!, $actions: Int!, $audit: Int!) {\n    remediationPolicies(systemId: $systemId) {\n      id name mode enabled runnerUrl cooldownSeconds maxActionsPerHour verifyWindows\n      selector { modelKeys tasks minStatus }\n      steps { kind fallbackModelKey strategy size }\n    }\n    remediationActions(systemId: $systemId, limit: $actions) {\n      id incidentId seq step kind status params plannedAt windowsObserved outcome finishedAt\n      model { id key }\n      cascade { id key }\n      policy { id name }\n      attempts { attempt at statusCode error }\n    }\n    remediationAudit(systemId: $systemId, limit: $audit) { id event actor detail at incidentId actionId }\n  }\n"): typeof import('./graphql').SystemRemediationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveRemediation($actionId: ID!, $comment: String) { approveRemediation(actionId: $actionId, comment: $comment) { id status } }\n"): typeof import('./graphql').ApproveRemediationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectRemediation($actionId: ID!, $comment: String) { rejectRemediation(actionId: $actionId, comment: $comment) { id status } }\n"): typeof import('./graphql').RejectRemediationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelVersions($modelId: ID!) {\n    model(id: $modelId) { id key versions { id version notes liveAt } }\n    compareModelVersions(modelId: $modelId) {\n      before { version predictions labeled }\n      after { version predictions labeled }\n      liveAt regressed sentence\n      metrics { metric before after delta worse }\n      shifts { feature statistic pValue drifted }\n    }\n  }\n"): typeof import('./graphql').ModelVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RemediationSystem($systemId: ID!) { system(id: $systemId) { id name } }\n"): typeof import('./graphql').RemediationSystemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetrainingSystem($systemId: ID!) {\n    system(id: $systemId) { id name models { id key name task features { name kind } } }\n  }\n"): typeof import('./graphql').RetrainingSystemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RetrainingProbeFields on RetrainingSample { label feedback }\n"): typeof import('./graphql').RetrainingProbeFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RetrainingSampleFields on RetrainingSample { predictionId priority reasons features prediction label feedback timestamp }\n"): typeof import('./graphql').RetrainingSampleFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RetrainingSummaryFields on RetrainingSample { predictionId reasons }\n"): typeof import('./graphql').RetrainingSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetrainingQueue($modelId: ID!, $strategy: PriorityStrategy!, $first: Int!) {\n    candidates: retrainingCandidates(modelId: $modelId, strategy: $strategy, first: $first) { ...RetrainingSampleFields }\n    COMBINED: retrainingCandidates(modelId: $modelId, strategy: COMBINED, first: $first) { ...RetrainingSummaryFields }\n    DISAGREEMENT: retrainingCandidates(modelId: $modelId, strategy: DISAGREEMENT, first: $first) { ...RetrainingSummaryFields }\n    UNCERTAINTY: retrainingCandidates(modelId: $modelId, strategy: UNCERTAINTY, first: $first) { ...RetrainingSummaryFields }\n    LABEL_ERROR: retrainingCandidates(modelId: $modelId, strategy: LABEL_ERROR, first: $first) { ...RetrainingSummaryFields }\n    DRIFT: retrainingCandidates(modelId: $modelId, strategy: DRIFT, first: $first) { ...RetrainingSummaryFields }\n    BLAME: retrainingCandidates(modelId: $modelId, strategy: BLAME, first: $first) { ...RetrainingSummaryFields }\n  }\n"): typeof import('./graphql').RetrainingQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemMap($id: ID!, $at: DateTime, $wiringAt: DateTime) {\n    system(id: $id) {\n      id\n      name\n      description\n      windowSeconds\n      models(at: $wiringAt) { id key name task version retiredAt }\n      dependencies(at: $wiringAt) { id from { id key } to { id key } weight feature validFrom validTo }\n      health(at: $at) {\n        at\n        windowStart\n        windowEnd\n        status\n        score\n        stored\n        models {\n          model { id key }\n          status\n          anomalyScore\n          propagatedScore\n          signals { kind name value threshold breached }\n        }\n        cascades { root { id key } affected { id key } startedAt }\n        rootCauses { rank score explanation latent model { id key name } }\n      }\n    }\n  }\n"): typeof import('./graphql').SystemMapDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemIncidents($id: ID!) {\n    incidents(systemId: $id) {\n      id\n      status\n      summary\n      openedAt\n      updatedAt\n      resolvedAt\n      rootCause { id key }\n      affected { id key }\n      remediationActions { id step kind status outcome }\n    }\n  }\n"): typeof import('./graphql').SystemIncidentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WindowSummaryFields on SystemHealth { windowStart windowEnd status score stored }\n"): typeof import('./graphql').WindowSummaryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReportFeatureDrift on FeatureDrift {\n    feature drifted test statistic pValue adjustedPValue effectSize effectSizeMetric threshold skipped\n  }\n"): typeof import('./graphql').ReportFeatureDriftFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportDrift($modelId: ID!, $from: DateTime!, $to: DateTime!) {\n    driftReport(modelId: $modelId, current: { from: $from, to: $to }) {\n      drifted\n      driftedFeatures\n      referenceSource\n      reference { from to }\n      currentCount\n      features { ...ReportFeatureDrift }\n      predictionDrift { ...ReportFeatureDrift }\n    }\n  }\n"): typeof import('./graphql').ReportDriftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WeakSliceConditionFields on SliceCondition {\n    feature category range { lower upper }\n  }\n"): typeof import('./graphql').WeakSliceConditionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelWeakSlices($id: ID!, $at: DateTime, $max: Int) {\n    weakSlices(modelId: $id, at: $at, maxSlices: $max) {\n      windowStart windowEnd metric estimated test rows tested reason\n      slices { conditions { ...WeakSliceConditionFields } support metric inSlice outside pValue adjustedPValue estimated }\n    }\n  }\n"): typeof import('./graphql').ModelWeakSlicesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
