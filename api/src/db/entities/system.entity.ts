import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "systems" })
export class SystemEntity {
  @PrimaryGeneratedColumn("uuid") id!: string;
  @Column("text") name!: string;
  @Column("text", { nullable: true }) description!: string | null;
  @Column("integer", { name: "window_seconds" }) windowSeconds!: number;
  /** Days raw telemetry is kept (null: forever); docs/retention.md. */
  @Column("integer", { name: "raw_retention_days", nullable: true }) rawRetentionDays!: number | null;
  /** A deletion under way: the system is gone for every reader and writer. */
  @Column("timestamptz", { name: "deleting_since", nullable: true }) deletingSince!: Date | null;
  @CreateDateColumn({ name: "created_at", type: "timestamptz" }) createdAt!: Date;
}
