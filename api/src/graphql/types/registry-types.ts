import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { LOWER_IS_BETTER_METRICS } from "../../services/registry-service.js";
import { FeatureKind, ModelTask } from "./enums.js";

@ObjectType({ description: "An input feature of a model" })
export class Feature {
  @Field() name!: string;
  @Field(() => FeatureKind) kind!: FeatureKind;
  @Field({ description: "No longer expected from the model (kept for history and older clients; a feature is never retyped or removed)" }) deprecated!: boolean;
}

@InputType()
export class FeatureInput {
  @Field() name!: string;
  @Field(() => FeatureKind) kind!: FeatureKind;
}

@ObjectType({ description: "A system of interacting models, evaluated in tumbling windows of windowSeconds" })
export class System {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int) windowSeconds!: number;
  @Field(() => Int, { nullable: true, description: "Days raw telemetry (predictions, labels, feedback, metric points) is kept, in whole weeks; null: forever. Verdicts, incidents, drift reports and window profiles outlive it (docs/retention.md)" })
  rawRetentionDays!: number | null;
}

@ObjectType({ description: "A performance metric computed for a model's task, and which way it is better" })
export class ModelMetric {
  @Field() name!: string;
  @Field({ description: `True when higher values are worse (${LOWER_IS_BETTER_METRICS.join(", ")}): a breach rises above the threshold; else it falls below` }) lowerIsBetter!: boolean;
}

@ObjectType({ description: "A model of a system" })
export class Model {
  @Field(() => ID) id!: string;
  @Field() key!: string;
  @Field() name!: string;
  @Field(() => ModelTask) task!: ModelTask;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => [Feature]) features!: Feature[];
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Date, { nullable: true, description: "When it was retired (null: in service). A retired model takes no telemetry and leaves the current map; its past windows stay" }) retiredAt!: Date | null;
  @Field(() => Date, { nullable: true, description: "The first window it is no longer part of (null while in service, or when retired before any window was judged)" }) retiredFrom!: Date | null;
  systemId!: string;
}

@ObjectType({ description: "`from`'s output is an input of `to`; weight in (0, 1] is how strongly trouble propagates" })
export class Dependency {
  @Field(() => ID) id!: string;
  @Field(() => Float) weight!: number;
  @Field(() => String, { nullable: true, description: "The feature of `to` that carries `from`'s output, if declared" }) feature!: string | null;
  @Field(() => Date, { nullable: true, description: "First window this version of the edge is in effect (null: from the beginning)" }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true, description: "First window it is no longer in effect (null: in effect now)" }) validTo!: Date | null;
  fromModelId!: string;
  toModelId!: string;
}
