// Reads of window profiles (GraphQL windowProfiles, Model.privacy): authorized, range-checked,
// protected values withheld (analytics/profiles/profile-summary.ts).
import type { ModelEntity } from "../../db/entities/index.js";
import type { ColumnSummary } from "../../analytics/profiles/profile-summary.js";
import type { Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import type { ProfileDriftSource } from "./profile-drift-source.js";

/** Windows one windowProfiles call may return. */
export const MAX_PROFILE_WINDOWS = 500;

export interface WindowProfileView {
  model: ModelEntity;
  windowStart: Date;
  windowEnd: Date;
  rows: number;
  columns: ColumnSummary[];
}

export class ProfileQueryService {
  constructor(private readonly deps: { registry: RegistryService; source: ProfileDriftSource }) {}

  async windowProfiles(principal: Principal, args: { modelId: string; from: Date; to: Date }): Promise<WindowProfileView[]> {
    const model = await this.deps.registry.requireModel(principal, args.modelId, "windowProfiles", "READ");
    if (Number.isNaN(args.from.getTime()) || Number.isNaN(args.to.getTime()) || args.from.getTime() >= args.to.getTime()) {
      throw new BadInputError(`from: must be a date-time before to`);
    }
    const windows = await this.deps.source.summaries(model, args.from, args.to);
    if (windows.length > MAX_PROFILE_WINDOWS) throw new BadInputError(`to: the range holds ${windows.length} profiled windows; at most ${MAX_PROFILE_WINDOWS} per call`);
    return windows.map((w) => ({ model, windowStart: w.windowStart, windowEnd: new Date(w.windowStart.getTime() + w.windowSeconds * 1000), rows: w.rows, columns: w.columns }));
  }
}
