// Client-side profiles (docs/privacy.md): `tandem profile` computes window profiles locally with
// the same code as the server (analytics/profiles) and uploads only them. The upload is checked
// field by field (BAD_USER_INPUT naming the field; nothing stored when anything is wrong), the
// categories of PII features are replaced by their keyed hash before anything is stored, and it is
// merged into the stored profiles in one transaction with its upload id: a retried upload (same id)
// changes nothing.
import type { DataSource } from "typeorm";
import type { ModelEntity } from "../../db/entities/index.js";
import { withTransaction } from "../../db/queryable.js";
import type { ProfilePrivacyRepository } from "../../db/repositories/profile-privacy-repository.js";
import type { ProfileRepository } from "../../db/repositories/profile-repository.js";
import { windowContaining } from "../../analytics/health/time-window.js";
import type { ColumnProfile } from "../../analytics/profiles/column-profile.js";
import { decodeColumnProfile } from "../../analytics/profiles/profile-codec.js";
import { featurePlan, protectedNumeric } from "../../analytics/profiles/privacy-rules.js";
import { CLASS_COLUMN, parseSegmentColumn, SCORE_COLUMN, type WindowProfile } from "../../analytics/profiles/window-profile.js";
import type { Principal } from "../auth.js";
import { BadInputError } from "../errors.js";
import type { RegistryService } from "../registry-service.js";
import { mergeStored } from "./stored-profiles.js";
import { newPiiSecret, piiHash } from "./pii-hash.js";

/** Windows accepted in one upload. */
export const MAX_UPLOAD_WINDOWS = 10_000;
const UPLOAD_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

export interface ProfileUploadResult {
  uploadId: string;
  windows: number;
  rows: number;
  /** True when this upload id was accepted before: nothing changed. */
  duplicate: boolean;
}

export interface ProfileUploadDeps {
  dataSource: DataSource;
  registry: RegistryService;
  profiles: ProfileRepository;
  privacy: ProfilePrivacyRepository;
  now: () => Date;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

export class ProfileUploadService {
  constructor(private readonly deps: ProfileUploadDeps) {}

  /** Authorizes before the body is read (INGEST scope; a retired model takes no new data). */
  async requireUploadModel(principal: Principal, modelId: string): Promise<ModelEntity> {
    const model = await this.deps.registry.requireModel(principal, modelId, "upload profiles", "INGEST");
    if (model.retiredAt !== null) throw new BadInputError(`modelId: the model '${model.key}' is retired and takes no new telemetry (its history stays readable)`);
    return model;
  }

  /** The model's reference bins and the window length (what a client needs to profile like the server). */
  async referenceBins(model: ModelEntity): Promise<{ windowSeconds: number; features: Array<{ name: string; kind: string }>; bins: Record<string, { edges: number[]; deciles: number[] }> }> {
    const windowSeconds = await this.deps.profiles.windowSecondsOf(this.deps.dataSource, model.systemId);
    const stored = await this.deps.profiles.referenceBins(this.deps.dataSource, model.id);
    const features = model.features.filter((f) => !f.deprecated);
    // Cut points are reference quantiles (possibly individual values): never those of a protected feature.
    const hidden = protectedNumeric(featurePlan({ features, settings: await this.deps.privacy.ofModel(null, model.id, model.systemId) }).plans);
    const bins = Object.fromEntries(Object.entries(stored?.bins ?? {}).filter(([column]) => !hidden.has(column)));
    return { windowSeconds, features: features.map((f) => ({ name: f.name, kind: f.kind })), bins };
  }

  async upload(model: ModelEntity, body: unknown): Promise<ProfileUploadResult> {
    if (!isObject(body)) throw new BadInputError("body: expected a JSON object {uploadId, windows: [{start, columns}]}");
    const uploadId = body.uploadId;
    if (typeof uploadId !== "string" || !UPLOAD_ID.test(uploadId)) throw new BadInputError("uploadId: expected 1 to 200 letters, digits, '_', '.', ':' or '-' (a retry sends the same id)");
    if (!Array.isArray(body.windows) || body.windows.length === 0 || body.windows.length > MAX_UPLOAD_WINDOWS) throw new BadInputError(`windows: expected 1 to ${MAX_UPLOAD_WINDOWS} windows`);
    const windowSeconds = await this.deps.profiles.windowSecondsOf(this.deps.dataSource, model.systemId);
    const settings = await this.deps.privacy.ofModel(null, model.id, model.systemId);
    let secret = settings.secret;
    const plan = featurePlan({ features: model.features.filter((f) => !f.deprecated), settings });
    const pii = new Set(plan.plans.filter((p) => p.profiledAsHash).map((p) => p.name));
    if (pii.size > 0 && !secret) {
      secret = newPiiSecret();
      await this.deps.privacy.saveSystem(null, model.systemId, secret);
    }
    const windows = new Map<number, WindowProfile>();
    let rows = 0;
    (body.windows as unknown[]).forEach((w, i) => {
      const { start, profile, rowCount } = this.checkWindow(model, windowSeconds, w, `windows[${i}]`, (column, p) => (pii.has(column) && p.kind === "CATEGORICAL" ? rekey(p, secret!) : p));
      if (windows.has(start)) throw new BadInputError(`windows[${i}].start: window ${new Date(start).toISOString()} appears twice in this upload`);
      windows.set(start, profile);
      rows += rowCount;
    });
    return withTransaction(this.deps.dataSource, async (q) => {
      const fresh = await this.deps.profiles.recordUpload(q, { systemId: model.systemId, modelId: model.id, uploadId, rows, windows: windows.size });
      if (!fresh) return { uploadId, windows: windows.size, rows, duplicate: true };
      await mergeStored({ q, deps: this.deps, model, windowSeconds: windowSeconds, windows });
      return { uploadId, windows: windows.size, rows, duplicate: false };
    });
  }

  private checkWindow(model: ModelEntity, windowSeconds: number, raw: unknown, path: string, transform: (column: string, p: ColumnProfile) => ColumnProfile): { start: number; profile: WindowProfile; rowCount: number } {
    if (!isObject(raw) || !isObject(raw.columns)) throw new BadInputError(`${path}: expected {start, columns: {column: profile}}`);
    const start = typeof raw.start === "string" ? new Date(raw.start) : null;
    if (!start || Number.isNaN(start.getTime())) throw new BadInputError(`${path}.start: expected an ISO-8601 date-time`);
    if (windowContaining(start, windowSeconds).from.getTime() !== start.getTime()) {
      throw new BadInputError(`${path}.start: ${start.toISOString()} is not the start of a window of the system (windows of ${windowSeconds} s)`);
    }
    const kinds = new Map<string, string>(model.features.filter((f) => !f.deprecated).map((f) => [f.name, f.kind]));
    kinds.set(SCORE_COLUMN, "NUMERIC");
    kinds.set(CLASS_COLUMN, "CATEGORICAL");
    const profile: WindowProfile = new Map();
    let rowCount: number | null = null;
    for (const [column, encoded] of Object.entries(raw.columns)) {
      const segment = parseSegmentColumn(column);
      const kind = segment ? (segment.output === "score" ? "NUMERIC" : "CATEGORICAL") : kinds.get(column);
      if (!kind) throw new BadInputError(`${path}.columns.${column}: not a feature of model '${model.key}', nor ${SCORE_COLUMN}, ${CLASS_COLUMN} or segment:score|class:<segment>`);
      let p: ColumnProfile;
      try {
        p = decodeColumnProfile(encoded, `${path}.columns.${column}`);
      } catch (error) {
        throw new BadInputError((error as Error).message);
      }
      if (p.kind !== kind) throw new BadInputError(`${path}.columns.${column}.kind: expected ${kind}, got ${p.kind}`);
      if (!segment) {
        if (rowCount !== null && p.count + p.missing !== rowCount) throw new BadInputError(`${path}.columns.${column}: counts ${p.count + p.missing} rows, other columns of the window ${rowCount}`);
        rowCount = p.count + p.missing;
      }
      profile.set(column, transform(column, p));
    }
    if (!profile.has(SCORE_COLUMN) || !profile.has(CLASS_COLUMN)) throw new BadInputError(`${path}.columns: ${SCORE_COLUMN} and ${CLASS_COLUMN} are required (profiles of the model's output)`);
    return { start: start.getTime(), profile, rowCount: rowCount ?? 0 };
  }
}

/** The categories of a PII (or profile-only, not opted-in) feature replaced by their keyed hash (counts kept). */
function rekey(p: ColumnProfile, secret: Buffer): ColumnProfile {
  if (p.kind !== "CATEGORICAL") return p;
  const counts = new Map<string, number>();
  for (const [k, c] of p.items.counts) {
    const h = piiHash(secret, k);
    counts.set(h, (counts.get(h) ?? 0) + c);
  }
  return { ...p, items: { ...p.items, counts } };
}
