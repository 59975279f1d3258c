// Explaining one prediction, attribution drift and forbidden features (docs/explanations.md).
import { GraphQLJSON } from "graphql-scalars";
import { Field, Float, InputType, Int, ObjectType } from "type-graphql";
import { FeatureKind } from "./enums.js";
import { Window } from "./drift-types.js";
import { HealthSignal } from "./health-signal.js";

@ObjectType({ description: "A logged attribution of the prediction, ranked by |value|" })
export class Attribution {
  @Field() feature!: string;
  @Field(() => Float, { description: "Signed attribution as logged" }) value!: number;
  @Field(() => Float, { description: "|value| / Σ |values| of this prediction" }) share!: number;
  @Field({ description: "A forbidden feature of the model (setForbiddenFeatures)" }) forbidden!: boolean;
}

@ObjectType({ description: "Where the prediction's value of a feature sits in the model's reference window" })
export class FeatureExplanation {
  @Field() feature!: string;
  @Field(() => FeatureKind) kind!: FeatureKind;
  @Field(() => GraphQLJSON, { nullable: true, description: "The value (number, string, or null: missing)" }) value!: number | string | null;
  @Field(() => Float, { nullable: true, description: "Numeric: mid-rank percentile in the reference, 0–100" }) percentile!: number | null;
  @Field(() => Float, { nullable: true, description: "Categorical: share of the reference with this category" }) referenceFrequency!: number | null;
  @Field({ description: "Numeric: outside [min, max] of the reference; categorical: never seen in it" }) outOfReferenceRange!: boolean;
  @Field(() => Boolean, { nullable: true, description: "In a bin whose share moved in the drift report of the prediction's window, the feature having drifted (null: no report)" }) inDriftedBin!: boolean | null;
}

@ObjectType()
export class SimilarCase {
  @Field() predictionId!: string;
  @Field(() => Float, { description: "Euclidean distance, numeric features standardized by the reference, categorical 0/1" }) distance!: number;
  @Field() label!: string;
}

@ObjectType()
export class LabelCount {
  @Field() label!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: "The k nearest labelled reference predictions" })
export class SimilarCases {
  @Field(() => Int) k!: number;
  @Field(() => [SimilarCase]) cases!: SimilarCase[];
  @Field(() => [LabelCount], { description: "Most frequent first" }) labelCounts!: LabelCount[];
}

@ObjectType()
export class Explanation {
  @Field(() => [Attribution], { description: "Logged attributions, largest |value| first (empty: none logged)" }) attributions!: Attribution[];
  @Field(() => [FeatureExplanation], { description: "Every feature, attributed ones first in rank order" }) features!: FeatureExplanation[];
  @Field(() => [String], { description: "Forbidden features among the top 3 reasons" }) forbiddenInTopReasons!: string[];
  @Field(() => String, { nullable: true, description: "The label the prediction stands for (class, or binary 0/1 at score 0.5)" }) predictedLabel!: string | null;
  @Field(() => SimilarCases, { nullable: true, description: "Case-based view, when no attributions were logged" }) similarCases!: SimilarCases | null;
  @Field(() => Int, { nullable: true, description: "How many similar cases had the predicted label" }) sameLabelCount!: number | null;
  @Field() sentence!: string;
}

@ObjectType({ description: "One stored prediction and why it came out as it did" })
export class Prediction {
  @Field() id!: string;
  @Field(() => Date) timestamp!: Date;
  @Field(() => GraphQLJSON) features!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) attributions!: unknown;
  @Field(() => Float, { nullable: true }) score!: number | null;
  @Field(() => String, { nullable: true }) predictedClass!: string | null;
  @Field(() => String, { nullable: true }) segment!: string | null;
  @Field(() => Float, { nullable: true }) labelValue!: number | null;
  @Field(() => String, { nullable: true }) labelClass!: string | null;
  @Field(() => Window, { nullable: true, description: "The reference the values are placed in (null: none yet)" }) reference!: Window | null;
  @Field(() => Explanation) explanation!: Explanation;
}

@ObjectType({ description: "A feature that must not drive the model's decisions, and the largest share of attribution mass it may take" })
export class ForbiddenFeature {
  @Field() name!: string;
  @Field(() => Float) maxShare!: number;
}

@InputType()
export class ForbiddenFeatureInput {
  @Field() name!: string;
  @Field(() => Float, { description: "In [0, 1)" }) maxShare!: number;
}

@ObjectType({ description: "Mean |attribution| of a feature in the reference and the window, and its share of the mass" })
export class FeatureImportance {
  @Field() feature!: string;
  @Field(() => Float) referenceMeanAbs!: number;
  @Field(() => Float) currentMeanAbs!: number;
  @Field(() => Float) referenceShare!: number;
  @Field(() => Float) currentShare!: number;
  @Field(() => Float, { description: "currentShare − referenceShare" }) shift!: number;
}

@ObjectType({ description: "A consumer's attribution shift on a feature that an upstream model produces (the dependency's feature)" })
export class UpstreamAttributionShift {
  @Field() feature!: string;
  @Field() fromModelId!: string;
  @Field() fromModelKey!: string;
  @Field(() => Float, { description: "currentShare − referenceShare of the feature for the consumer" }) shift!: number;
  @Field() sentence!: string;
}

@ObjectType({ description: "Feature-attribution drift of a window against the reference (nDCG of the importance ranking, as SageMaker Clarify)" })
export class AttributionDrift {
  @Field(() => Window) window!: Window;
  @Field(() => Window) reference!: Window;
  @Field(() => Int, { description: "Reference predictions with attributions (in the sample read)" }) referenceCount!: number;
  @Field(() => Int) currentCount!: number;
  @Field(() => Float, { nullable: true, description: "null: too few predictions with attributions" }) ndcg!: number | null;
  @Field(() => Float) threshold!: number;
  @Field() drifted!: boolean;
  @Field(() => [FeatureImportance], { description: "Largest |shift| first" }) features!: FeatureImportance[];
  @Field(() => [String], { description: "The features whose importance moved most" }) moved!: string[];
  @Field(() => [ForbiddenFeature]) forbidden!: ForbiddenFeature[];
  @Field(() => [UpstreamAttributionShift], { description: "Moved features that carry an upstream model's output" }) upstream!: UpstreamAttributionShift[];
  @Field(() => [HealthSignal], { description: "attribution_drift and forbidden_attribution signals of the window" }) signals!: HealthSignal[];
}
