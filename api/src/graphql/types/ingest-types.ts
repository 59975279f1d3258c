import { GraphQLJSON } from "graphql-scalars";
import { Field, Float, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "An invalid item: its index in the request and why it was refused" })
export class IngestError {
  @Field(() => Int) index!: number;
  @Field() message!: string;
}

@ObjectType({ description: "accepted: stored now; duplicates: already stored (idempotent resend); rejected: invalid, listed in errors" })
export class IngestResult {
  @Field(() => Int) accepted!: number;
  @Field(() => Int) duplicates!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => [IngestError]) errors!: IngestError[];
}

@InputType()
export class PredictionInput {
  @Field({ description: "Client id, unique per model: the idempotency key" }) id!: string;
  @Field(() => Date) timestamp!: Date;
  @Field(() => GraphQLJSON, { description: "{featureName: number | string | null}" }) features!: unknown;
  @Field(() => Float, { nullable: true, description: "Regression value, or P(positive) for binary classification" }) score?: number | null;
  @Field(() => String, { nullable: true }) predictedClass?: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: "Multiclass: {class: probability}" }) probabilities?: unknown;
  @Field(() => String, { nullable: true, description: "Optional cohort, e.g. user segment" }) segment?: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: "{featureName: signed number}: the prediction's feature attributions (e.g. SHAP values); docs/explanations.md" }) attributions?: unknown;
  @Field(() => String, { nullable: true, description: "The model version that made it (registerModelVersion); absent: the version live at its timestamp" }) version?: string | null;
}

@InputType()
export class LabelInput {
  @Field() predictionId!: string;
  @Field(() => Date) timestamp!: Date;
  @Field(() => Float, { nullable: true }) value?: number | null;
  @Field(() => String, { nullable: true }) class?: string | null;
}

@InputType()
export class FeedbackInput {
  @Field() predictionId!: string;
  @Field(() => Date) timestamp!: Date;
  @Field(() => Float, { nullable: true }) value?: number | null;
  @Field(() => String, { nullable: true }) class?: string | null;
  @Field(() => String, { nullable: true }) comment?: string | null;
}

@InputType()
export class MetricPointInput {
  @Field() name!: string;
  @Field(() => Date) timestamp!: Date;
  @Field(() => Float) value!: number;
}
