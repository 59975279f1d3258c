import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { LOWER_IS_BETTER_METRICS } from "../../services/registry-service.js";
import { FeatureKind, ModelTask } from "./enums.js";

@ObjectType({ description: "An input feature of a model" })
export class Feature {
  @Field() name!: string;
  @Field(() => FeatureKind) kind!: FeatureKind;
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
  systemId!: string;
}

@ObjectType({ description: "`from`'s output is an input of `to`; weight in (0, 1] is how strongly trouble propagates" })
export class Dependency {
  @Field(() => ID) id!: string;
  @Field(() => Float) weight!: number;
  @Field(() => String, { nullable: true, description: "The feature of `to` that carries `from`'s output, if declared" }) feature!: string | null;
  fromModelId!: string;
  toModelId!: string;
}
