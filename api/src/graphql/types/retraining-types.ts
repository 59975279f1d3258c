import { GraphQLJSON } from "graphql-scalars";
import { Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";
import { PRIORITY_STRATEGIES, type PriorityStrategyName } from "../../services/retraining/retraining-service.js";
import { enumFromList } from "./enum-from-list.js";
import { Model } from "./registry-types.js";

export const PriorityStrategy = enumFromList(PRIORITY_STRATEGIES);
export type PriorityStrategy = PriorityStrategyName;
registerEnumType(PriorityStrategy, {
  name: "PriorityStrategy",
  description: "DISAGREEMENT: feedback/label far from a confident prediction; UNCERTAINTY: near the boundary; LABEL_ERROR: labels a confident model contradicts (review first); DRIFT: drifted regions; BLAME: root causes of open incidents; COMBINED: rank fusion, near-duplicates skipped",
});

@ObjectType()
export class RetrainingSample {
  @Field() predictionId!: string;
  @Field(() => Model) model!: Model;
  @Field(() => Float) priority!: number;
  @Field(() => [String]) reasons!: string[];
  @Field(() => Date) timestamp!: Date;
  @Field(() => GraphQLJSON) features!: unknown;
  @Field(() => GraphQLJSON, { description: "{score, predictedClass, probabilities}" }) prediction!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) label!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "The feedback received, oldest first" }) feedback!: unknown;
}

@ObjectType({ description: "Samples leased to one retraining job until leaseExpiresAt; ack consumes them" })
export class RetrainingBatch {
  @Field(() => ID) id!: string;
  @Field(() => [RetrainingSample]) samples!: RetrainingSample[];
  @Field(() => Date) leaseExpiresAt!: Date;
}
