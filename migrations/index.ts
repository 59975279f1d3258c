// Every migration, oldest first. Forward-only: add a new file for each change, never edit one.
import { InitialSchema1764190000000 } from "./1764190000000-initial-schema.js";
import { DriftReferencesAndSampleLevels1764200000000 } from "./1764200000000-drift-references-and-sample-levels.js";
import { ModelHealth1764210000000 } from "./1764210000000-model-health.js";
import { Incidents1764220000000 } from "./1764220000000-incidents.js";
import { RetrainingQueue1764230000000 } from "./1764230000000-retraining-queue.js";
import { ApiKeyUsage1764240000000 } from "./1764240000000-api-key-usage.js";
import { IncidentMerges1764250000000 } from "./1764250000000-incident-merges.js";
import { RegistryLifecycle1764260000000 } from "./1764260000000-registry-lifecycle.js";
import { PredictionErasures1764270000000 } from "./1764270000000-prediction-erasures.js";
import { Fairness1764290000000 } from "./1764290000000-fairness.js";
import { Attributions1764280000000 } from "./1764280000000-attributions.js";
import { Remediation1764300000000 } from "./1764300000000-remediation.js";
import { ModelVersionRollbacks1764300000001 } from "./1764300000001-model-version-rollbacks.js";
import { RemediationAuditIncidentIndex1764300000002 } from "./1764300000002-remediation-audit-incident-index.js";
import { SystemEvents1764320000000 } from "./1764320000000-system-events.js";
import { WindowProfiles1764310000000 } from "./1764310000000-window-profiles.js";
import { TelemetryPartitions1764330000000 } from "./1764330000000-telemetry-partitions.js";

export const migrations = [InitialSchema1764190000000, DriftReferencesAndSampleLevels1764200000000, ModelHealth1764210000000, Incidents1764220000000, RetrainingQueue1764230000000, ApiKeyUsage1764240000000, IncidentMerges1764250000000, RegistryLifecycle1764260000000, PredictionErasures1764270000000, Attributions1764280000000, Fairness1764290000000, Remediation1764300000000, ModelVersionRollbacks1764300000001, RemediationAuditIncidentIndex1764300000002, WindowProfiles1764310000000, SystemEvents1764320000000, TelemetryPartitions1764330000000];
