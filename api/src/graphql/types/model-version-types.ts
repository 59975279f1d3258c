// Model versions (rollouts) and the comparison of health before and after one.
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Model } from "./registry-types.js";

@ObjectType({ description: "A version of a model and when it went live" })
export class ModelVersion {
  @Field(() => ID) id!: string;
  @Field() version!: string;
  @Field() notes!: string;
  @Field(() => Date) liveAt!: Date;
  @Field(() => Date) registeredAt!: Date;
}

@ObjectType()
export class VersionSide {
  @Field() version!: string;
  @Field(() => Int, { description: "Predictions read (the most recent, at most 20,000)" }) predictions!: number;
  @Field(() => Int, { description: "Of them, labelled and usable for the task's metrics" }) labeled!: number;
}

@ObjectType()
export class VersionMetricChange {
  @Field() metric!: string;
  @Field(() => Float, { nullable: true }) before!: number | null;
  @Field(() => Float, { nullable: true }) after!: number | null;
  @Field(() => Float, { nullable: true }) delta!: number | null;
  @Field({ description: "Worse by more than the tolerance (0.02 absolute, or 2% relative for lower-is-better metrics)" }) worse!: boolean;
}

@ObjectType({ description: "Two-sample Kolmogorov–Smirnov between the versions' values of a numeric feature (or `prediction`: the output)" })
export class VersionFeatureShift {
  @Field() feature!: string;
  @Field(() => Float) statistic!: number;
  @Field(() => Float) pValue!: number;
  @Field({ description: "p < 0.01" }) drifted!: boolean;
}

@ObjectType({ description: "Health before and after a rollout, from the stored predictions of both versions" })
export class VersionComparison {
  @Field(() => Model) model!: Model;
  @Field(() => VersionSide) before!: VersionSide;
  @Field(() => VersionSide) after!: VersionSide;
  @Field(() => Date, { description: "When `after` went live" }) liveAt!: Date;
  @Field(() => [VersionMetricChange]) metrics!: VersionMetricChange[];
  @Field(() => [VersionFeatureShift]) shifts!: VersionFeatureShift[];
  @Field({ description: "Some metric got worse or some feature drifted" }) regressed!: boolean;
  @Field() sentence!: string;
}

@ObjectType({ description: "A version change at (or just before) a window: evidence that the model is a root cause" })
export class Rollout {
  @Field() version!: string;
  @Field(() => String, { nullable: true }) previousVersion!: string | null;
  @Field(() => Date) liveAt!: Date;
  @Field(() => Int, { description: "Windows between the rollout and this window (0: the same)" }) windowsBeforeOnset!: number;
  @Field(() => Float, { description: "1 in the same window, halved per window before" }) weight!: number;
  @Field() sentence!: string;
}
