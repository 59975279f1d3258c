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
  @Column("timestamptz", { name: "revoked_at", nullable: true }) revokedAt!: Date | null;
}
