// Privacy settings (docs/privacy.md): a system's PROFILE_ONLY default and the secret of its keyed
// hash of PII values; a model's override, the features a profile-only model keeps raw (opt-in), and
// its PII features. The secret leaves this repository only towards the ingestion service.
import type { DataSource } from "typeorm";
import type { Queryable } from "../queryable.js";

export interface StoredPrivacy {
  systemProfileOnly: boolean;
  /** null: the model follows its system. */
  modelProfileOnly: boolean | null;
  retainedFeatures: string[];
  piiFeatures: string[];
  /** The system's HMAC key (null until the system's privacy settings were first written). */
  secret: Buffer | null;
}

export class ProfilePrivacyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async ofModel(q: Queryable | null, modelId: string, systemId: string): Promise<StoredPrivacy> {
    const rows: Array<{ sp: boolean | null; mp: boolean | null; retained: string[] | null; pii: string[] | null; secret: Buffer | null }> = await (q ?? this.dataSource).query(
      `SELECT s.profile_only AS sp, m.profile_only AS mp, m.retained_features AS retained, m.pii_features AS pii, s.pii_secret AS secret
       FROM (SELECT $2::uuid AS system_id) x
       LEFT JOIN system_privacy s ON s.system_id = x.system_id
       LEFT JOIN model_privacy m ON m.model_id = $1 AND m.system_id = x.system_id`,
      [modelId, systemId],
    );
    const r = rows[0];
    return { systemProfileOnly: r?.sp ?? false, modelProfileOnly: r?.mp ?? null, retainedFeatures: r?.retained ?? [], piiFeatures: r?.pii ?? [], secret: r?.secret ?? null };
  }

  async ofModels(modelIds: readonly string[]): Promise<Map<string, StoredPrivacy>> {
    if (modelIds.length === 0) return new Map();
    const rows: Array<{ id: string; sp: boolean | null; mp: boolean | null; retained: string[] | null; pii: string[] | null }> = await this.dataSource.query(
      `SELECT mo.id, s.profile_only AS sp, m.profile_only AS mp, m.retained_features AS retained, m.pii_features AS pii
       FROM models mo LEFT JOIN system_privacy s ON s.system_id = mo.system_id LEFT JOIN model_privacy m ON m.model_id = mo.id
       WHERE mo.id = ANY($1::uuid[])`,
      [modelIds],
    );
    return new Map(rows.map((r) => [r.id, { systemProfileOnly: r.sp ?? false, modelProfileOnly: r.mp, retainedFeatures: r.retained ?? [], piiFeatures: r.pii ?? [], secret: null }]));
  }

  async ofSystem(systemId: string): Promise<{ profileOnly: boolean; hasSecret: boolean }> {
    const rows: Array<{ p: boolean }> = await this.dataSource.query(`SELECT profile_only AS p FROM system_privacy WHERE system_id = $1`, [systemId]);
    return { profileOnly: rows[0]?.p ?? false, hasSecret: rows.length > 0 };
  }

  /** Creates the system's row with `secret` unless it exists; sets profile_only when given. */
  async saveSystem(q: Queryable | null, systemId: string, secret: Buffer, profileOnly?: boolean): Promise<void> {
    await (q ?? this.dataSource).query(
      `INSERT INTO system_privacy (system_id, profile_only, pii_secret) VALUES ($1, COALESCE($3, false), $2)
       ON CONFLICT (system_id) DO UPDATE SET profile_only = COALESCE($3, system_privacy.profile_only)`,
      [systemId, secret, profileOnly ?? null],
    );
  }

  async saveModel(args: { modelId: string; systemId: string; profileOnly: boolean | null; retainedFeatures: string[]; piiFeatures: string[] }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO model_privacy (model_id, system_id, profile_only, retained_features, pii_features) VALUES ($1, $2, $3, $4::text[], $5::text[])
       ON CONFLICT (model_id) DO UPDATE SET profile_only = EXCLUDED.profile_only, retained_features = EXCLUDED.retained_features, pii_features = EXCLUDED.pii_features`,
      [args.modelId, args.systemId, args.profileOnly, args.retainedFeatures, args.piiFeatures],
    );
  }
}
