import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "dependencies" })
export class DependencyEntity {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Column("uuid", { name: "system_id" }) systemId!: string;
  @Column("uuid", { name: "from_model_id" }) fromModelId!: string;
  @Column("uuid", { name: "to_model_id" }) toModelId!: string;
  @Column("double precision") weight!: number;
  @Column("text", { nullable: true }) feature!: string | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt!: Date;
  /** First window (data time) the edge is in effect; null: from the beginning. */
  @Column("timestamptz", { name: "valid_from", nullable: true }) validFrom!: Date | null;
  /** First window it is no longer in effect; null: still in effect. */
  @Column("timestamptz", { name: "valid_to", nullable: true }) validTo!: Date | null;
}
