import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export type ApiScopeValue = "ADMIN" | "INGEST" | "READ" | "RETRAIN";

@Entity({ name: "api_keys" })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn("uuid") id!: string;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  @Column("text", { name: "key_hash", unique: true }) keyHash!: string;
  /** First characters of the key, to recognise it in listings. */
  @Column("text", { name: "key_prefix" }) keyPrefix!: string;
  @Column("text", { array: true }) scopes!: ApiScopeValue[];
  @Column("uuid", { name: "system_id", nullable: true }) systemId!: string | null;
  @Column("text", { nullable: true }) label!: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt!: Date;
  /** Last successful authentication, written at most about once a minute per key and process. */
  @Column("timestamptz", { name: "last_used_at", nullable: true }) lastUsedAt!: Date | null;
  @Column("timestamptz", { name: "revoked_at", nullable: true }) revokedAt!: Date | null;
}
