import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export type ModelTaskValue = "BINARY_CLASSIFICATION" | "MULTICLASS_CLASSIFICATION" | "REGRESSION" | "RANKING";
export type FeatureKindValue = "NUMERIC" | "CATEGORICAL";
export interface FeatureSpec {
  name: string;
  kind: FeatureKindValue;
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
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt!: Date;
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" }) updatedAt!: Date;
}
