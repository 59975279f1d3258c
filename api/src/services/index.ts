// Wires repositories into services. The clock is injected so tests can move time.
import type { DataSource } from "typeorm";
import { ApiKeyRepository } from "../db/repositories/api-key-repository.js";
import { DependencyRepository } from "../db/repositories/dependency-repository.js";
import { ModelRepository } from "../db/repositories/model-repository.js";
import { SystemRepository } from "../db/repositories/system-repository.js";
import { checkReadiness, type Readiness } from "../db/readiness.js";
import { ApiKeyService } from "./api-key-service.js";
import { IngestService } from "./ingest/ingest-service.js";
import { RegistryService } from "./registry-service.js";
import type * as TF from "@tensorflow/tfjs";
import { DriftService } from "./drift/drift-service.js";
import { HealthService, type SystemHealthView } from "./health/health-service.js";
import { PerformanceService } from "./health/performance-service.js";
import { IncidentService } from "./incidents/incident-service.js";
import { EventBus, type EventBusDeps } from "./events/event-bus.js";
import { SystemEventRepository } from "../db/repositories/system-event-repository.js";
import { ModelVersionRepository } from "../db/repositories/model-version-repository.js";
import { RetrainingService } from "./retraining/retraining-service.js";
import { RetrainingRepository } from "../db/repositories/retraining-repository.js";
import { IncidentRepository, type IncidentRow } from "../db/repositories/incident-repository.js";
import { HealthRepository } from "../db/repositories/health-repository.js";
import { DriftDetectorTrainer } from "./drift/drift-detector-trainer.js";
import { DriftDetectorRepository } from "../db/repositories/drift-detector-repository.js";
import { WindowRepository } from "../db/repositories/window-repository.js";
import { OnsetRepository } from "../db/repositories/onset-repository.js";
import { OnsetEstimator } from "./health/onset-estimator.js";
import { Transactions } from "../db/transactions.js";
import { RegistryChangeRepository } from "../db/repositories/registry-change-repository.js";
import { SystemDeletionRepository } from "../db/repositories/system-deletion-repository.js";
import { AlertRuleRepository } from "../db/repositories/alert-rule-repository.js";
import { RegistryChangeService } from "./registry/registry-change-service.js";
import { SystemDeletionService } from "./registry/system-deletion-service.js";
import { AlertRuleService } from "./health/alert-rule-service.js";
import { ErasureRepository } from "../db/repositories/erasure-repository.js";
import { ErasureService } from "./erasure/erasure-service.js";
import { FairnessRepository } from "../db/repositories/fairness-repository.js";
import { FairnessService } from "./fairness/fairness-service.js";
import { SliceRepository } from "../db/repositories/slice-repository.js";
import { WeakSliceService } from "./slices/weak-slice-service.js";
import { AttributionRepository } from "../db/repositories/attribution-repository.js";
import { AttributionSignals } from "./explain/attribution-signals.js";
import { ExplanationService } from "./explain/explanation-service.js";
import { createRemediation, type Remediation } from "./remediation/remediation-wiring.js";
import { createProfiles, type Profiles } from "./profiles/profile-wiring.js";
import { RetentionService } from "./retention/retention-service.js";
import { PartitionRepository } from "../db/repositories/partition-repository.js";

export interface Services {
  registry: RegistryService;
  /** Change events across processes: relayed to subscribers, replayed after a reconnection (docs/operations.md). */
  events: EventBus;
  /** Later changes to the registry (update, retire, rewire) and its history. */
  registryChanges: RegistryChangeService;
  systemDeletion: SystemDeletionService;
  alertRules: AlertRuleService;
  ingest: IngestService;
  apiKeys: ApiKeyService;
  drift: DriftService;
  /** Background training of multivariate drift detectors. */
  trainer: DriftDetectorTrainer;
  health: HealthService;
  performance: PerformanceService;
  incidents: IncidentService;
  retraining: RetrainingService;
  /** Erasure of predictions on request (docs/erasure.md). */
  erasure: ErasureService;
  /** Fairness policies, group metrics and parity figures (docs/fairness.md). */
  fairness: FairnessService;
  /** Where a model is wrong: weak slices (docs/weak-slices.md). */
  weakSlices: WeakSliceService;
  /** Explain one prediction, attribution drift, forbidden features (docs/explanations.md). */
  explanations: ExplanationService;
  /** Remediation policies, actions, delivery and model versions (docs/remediation.md). */
  remediation: Remediation;
  /** Window profiles, client uploads and privacy settings (docs/privacy.md). */
  profiles: Profiles;
  /** Time partitions and raw-row retention (docs/retention.md). */
  retention: RetentionService;
  readiness(): Promise<Readiness>;
}

export interface ServiceOptions {
  dataSource: DataSource;
  supportsCopy: boolean;
  now?: () => Date;
  /** TensorFlow.js with a ready backend, for the multivariate drift detector; undefined → none. */
  tf?: typeof TF;
  log?: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
  /** Called after an evaluator stored a window's verdicts (subscriptions). */
  onEvaluated?: (view: SystemHealthView) => void;
  /** Called after an incident changed (subscriptions). */
  onIncidentChanged?: (incident: IncidentRow) => void;
  /** Hands a change event to this process's subscribers (every process's, whichever one made the change). */
  onEvent?: EventBusDeps["deliver"];
}

export function createServices(args: ServiceOptions): Services {
  const now = args.now ?? (() => new Date());
  const systems = new SystemRepository(args.dataSource);
  const models = new ModelRepository(args.dataSource);
  const dependencies = new DependencyRepository(args.dataSource);
  const transactions = new Transactions(args.dataSource);
  const changes = new RegistryChangeRepository(args.dataSource);
  const registry = new RegistryService({ systems, models, dependencies, changes, transactions });
  const windows = new WindowRepository(args.dataSource);
  const trainer: DriftDetectorTrainer = new DriftDetectorTrainer({ windows, detectors: new DriftDetectorRepository(args.dataSource), tf: args.tf, log: args.log ?? (() => undefined) });
  const health = new HealthRepository(args.dataSource);
  const incidentRows = new IncidentRepository(args.dataSource);
  const events = new EventBus({ events: new SystemEventRepository(args.dataSource), incidents: incidentRows, transactions, deliver: args.onEvent ?? (() => undefined), log: args.log });
  const incidents = new IncidentService({ incidents: incidentRows, systems, models, now, onChanged: args.onIncidentChanged, events, log: args.log });
  const profiles = createProfiles({ dataSource: args.dataSource, registry, now });
  const drift = new DriftService({ registry, windows, systems, trainer, tf: args.tf, profiles: profiles.driftSource });
  const performance = new PerformanceService({ registry, systems, health, windows, drift });
  const fairness = new FairnessService({ registry, systems, windows, fairness: new FairnessRepository(args.dataSource), now });
  const attributions = new AttributionRepository(args.dataSource);
  const retraining = new RetrainingService({ registry, retraining: new RetrainingRepository(args.dataSource), drift, rawRows: profiles.privacy });
  const remediation = createRemediation({ dataSource: args.dataSource, registry, models, incidents: incidentRows, retraining: () => retraining, transactions, now, log: args.log });
  const services: Services = {
    registry,
    events,
    registryChanges: new RegistryChangeService({ registry, models, dependencies, changes, transactions, now }),
    systemDeletion: new SystemDeletionService({ systems, models, changes, transactions, deletion: new SystemDeletionRepository(args.dataSource), now }),
    alertRules: new AlertRuleService({ registry, rules: new AlertRuleRepository(args.dataSource), changes, transactions }),
    ingest: new IngestService({ dataSource: args.dataSource, registry, now, predictionPath: args.supportsCopy ? "copy" : "json", profiles: profiles.ingest }),
    apiKeys: new ApiKeyService({ keys: new ApiKeyRepository(args.dataSource), systems, now, log: args.log }),
    drift,
    trainer,
    health: new HealthService({
      registry, systems, models, health, windows, drift, dependencies, incidents, trainer, transactions, tf: args.tf, now, onEvaluated: args.onEvaluated, events,
      onsets: new OnsetEstimator({ onsets: new OnsetRepository(args.dataSource) }),
      fairness,
      attributions: new AttributionSignals({ attributions, windows }),
      remediation: remediation.planner,
      versions: new ModelVersionRepository(args.dataSource),
    }),
    incidents,
    retraining,
    remediation,
    profiles,
    performance,
    erasure: new ErasureService({ registry, erasures: new ErasureRepository(args.dataSource), profiles: profiles.rebuild }),
    retention: new RetentionService({ registry, partitions: new PartitionRepository(args.dataSource), changes, transactions, log: args.log }),
    fairness,
    weakSlices: new WeakSliceService({ registry, systems, slices: new SliceRepository(args.dataSource), windows, health, drift, performance, now }),
    explanations: new ExplanationService({ registry, systems, windows, drift, attributions, dependencies, models, rawRows: profiles.privacy }),
    readiness: () => checkReadiness(args.dataSource),
  };
  events.readHealthWith((systemId, windowStart) => services.health.storedHealth(systemId, windowStart));
  return services;
}

export type { Principal, ApiScope } from "./auth.js";
export type { DependencyEntity, ModelEntity, SystemEntity } from "../db/entities/index.js";
export { API_SCOPES } from "./auth.js";
export { HEALTH_STATUSES } from "../analytics/health/model-health.js";
