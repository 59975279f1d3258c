import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ERASURE_SELECTORS, type ErasureSelectorKind } from "../../services/erasure/erasure-service.js";
import { enumFromList } from "./enum-from-list.js";

export const ErasureSelector = enumFromList(ERASURE_SELECTORS);
export type ErasureSelector = ErasureSelectorKind;
registerEnumType(ErasureSelector, {
  name: "ErasureSelector",
  description: "How the erased predictions were chosen: IDS (a list of prediction ids), SEGMENT (a feature equal to a value), BEFORE (timestamp before a time)",
});

@InputType({ description: "Predictions whose feature `feature` (declared on the model) equals `equals`: NUMERIC features compare numerically (\"123\" matches 123 and 123.0), CATEGORICAL features as exact text" })
export class PredictionSegmentInput {
  @Field() feature!: string;
  @Field() equals!: string;
}

@ObjectType({ description: "One erasure of predictions as logged: who, when, the kind of selector and how many rows of each kind were removed. Never the erased ids nor a segment's value." })
export class PredictionErasure {
  @Field(() => ID) id!: string;
  @Field(() => ID) systemId!: string;
  @Field(() => ID) modelId!: string;
  @Field(() => ErasureSelector) selector!: ErasureSelector;
  @Field(() => Int, { nullable: true, description: "IDS: how many distinct ids were given (found or not)" }) idsRequested!: number | null;
  @Field(() => String, { nullable: true, description: "SEGMENT: the feature compared (its value is not kept)" }) segmentFeature!: string | null;
  @Field(() => Date, { nullable: true, description: "BEFORE: predictions with a timestamp before this were erased" }) before!: Date | null;
  @Field(() => ID, { description: "The id of the API key that erased" }) erasedBy!: string;
  @Field(() => Date) erasedAt!: Date;
  @Field(() => Int, { description: "Prediction rows removed" }) predictions!: number;
  @Field(() => Int, { description: "Labels (ground truth) removed" }) labels!: number;
  @Field(() => Int, { description: "Feedback rows removed" }) feedback!: number;
  @Field(() => Int, { description: "Anomaly rows (flagged predictions of evaluated windows) removed" }) anomalies!: number;
  @Field(() => Int, { description: "Retraining queue entries removed (leased, consumed or waiting)" }) retrainingCandidates!: number;
}
