import type { DataSource } from "typeorm";
import { IsNull } from "typeorm";
import { ApiKeyEntity, type ApiScopeValue } from "../entities/index.js";

export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ApiKeyEntity);
  }

  activeByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  byId(id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Every key, or those bound to `systemId`; oldest first. Revoked keys included. */
  list(systemId: string | null): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: systemId === null ? {} : { systemId }, order: { createdAt: "ASC", id: "ASC" } });
  }

  /** Sets revoked_at unless the key is already revoked; returns the key as it is then. */
  async revoke(id: string, at: Date): Promise<ApiKeyEntity | null> {
    await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return this.byId(id);
  }

  /** Records a use of the key; never moves last_used_at backwards. */
  async touchLastUsed(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`,
      [id, at],
    );
  }

  create(args: { keyHash: string; keyPrefix: string; scopes: ApiScopeValue[]; systemId: string | null; label: string | null }): Promise<ApiKeyEntity> {
    return this.repo.save(this.repo.create(args));
  }

  /** Makes sure a key with this hash exists with these scopes (bootstrap keys); idempotent. */
  async ensure(args: { keyHash: string; keyPrefix: string; scopes: ApiScopeValue[]; label: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_keys (key_hash, key_prefix, scopes, label) VALUES ($1, $2, $3::text[], $4)
       ON CONFLICT (key_hash) DO UPDATE SET scopes = EXCLUDED.scopes, revoked_at = NULL`,
      [args.keyHash, args.keyPrefix, args.scopes, args.label],
    );
  }

  /** Revokes the keys with this label except the one with this hash (a replaced bootstrap key). */
  async revokeOthersWithLabel(label: string, keepHash: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = now() WHERE label = $1 AND key_hash <> $2 AND revoked_at IS NULL`,
      [label, keepHash],
    );
  }
}
