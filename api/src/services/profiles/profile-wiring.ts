// Wires the window profiles (docs/privacy.md): the repositories, profiling at ingestion, the drift
// reports' profile source, client uploads and privacy settings.
import type { DataSource } from "typeorm";
import { ProfilePrivacyRepository } from "../../db/repositories/profile-privacy-repository.js";
import { ProfileRepository } from "../../db/repositories/profile-repository.js";
import type { RegistryService } from "../registry-service.js";
import { IngestProfiles } from "./ingest-profiles.js";
import { ProfileRebuild } from "./profile-rebuild.js";
import { PrivacyService } from "./privacy-service.js";
import { ProfileDriftSource } from "./profile-drift-source.js";
import { ProfileUploadService } from "./profile-upload-service.js";
import { ProfileQueryService } from "./profile-query-service.js";

export interface Profiles {
  ingest: IngestProfiles;
  driftSource: ProfileDriftSource;
  uploads: ProfileUploadService;
  privacy: PrivacyService;
  queries: ProfileQueryService;
  repository: ProfileRepository;
  /** Rebuilds window profiles from the stored rows (after an erasure). */
  rebuild: ProfileRebuild;
}

export function createProfiles(args: { dataSource: DataSource; registry: RegistryService; now: () => Date }): Profiles {
  const repository = new ProfileRepository(args.dataSource);
  const privacyRows = new ProfilePrivacyRepository(args.dataSource);
  const driftSource = new ProfileDriftSource({ dataSource: args.dataSource, profiles: repository, privacy: privacyRows, now: args.now });
  const ingest = new IngestProfiles({ profiles: repository, privacy: privacyRows, now: args.now });
  return {
    ingest,
    rebuild: new ProfileRebuild({ profiles: repository, privacy: privacyRows, ingest }),
    driftSource,
    queries: new ProfileQueryService({ registry: args.registry, source: driftSource }),
    uploads: new ProfileUploadService({ dataSource: args.dataSource, registry: args.registry, profiles: repository, privacy: privacyRows, now: args.now }),
    privacy: new PrivacyService({ registry: args.registry, privacy: privacyRows }),
    repository,
  };
}
