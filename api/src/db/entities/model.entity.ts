import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export type ModelTaskValue = "BINARY_CLASSIFICATION" | "MULTICLASS_CLASSIFICATION" | "REGRESSION" | "RANKING";
export type FeatureKindValue = "NUMERIC" | "CATEGORICAL";
export interface FeatureSpec {
  name: string;
  kind: FeatureKindValue;
  /** No longer expected from the model (kept for history and older clients; never retyped or reused). */
  deprecated?: boolean;
}

@Entity({ name: "models" })
export class ModelEntity {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Column("uuid", { name: "system_id" }) systemId!: string;
  @Column("text") key!: string;
  @Column("text") name!: string;
  @Column("text") task!: ModelTaskValue;
  @Column("text", { nullable: true }) version!: string | null;
  @Column("jsonb") features!: FeatureSpec[];
  @Column("text", { nullable: true }) description!: string | null;
  /** When it was retired (null: in service). */
  @Column("timestamptz", { name: "retired_at", nullable: true }) retiredAt!: Date | null;
  /** The first window it is no longer part of (null with retiredAt set: from the beginning). */
  @Column("timestamptz", { name: "retired_from", nullable: true }) retiredFrom!: Date | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt!: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt!: Date;
}
