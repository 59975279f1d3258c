import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { BINNINGS, type Binning } from "../../services/fairness/fairness-service.js";
import { enumFromList } from "./enum-from-list.js";
import { HealthSignal } from "./health-signal.js";

export const FairnessBinning = enumFromList(BINNINGS);
export type FairnessBinning = Binning;
registerEnumType(FairnessBinning, {
  name: "FairnessBinning",
  description: "How a sensitive feature's rows are grouped: CATEGORY (each value), DECLARED_BINS (the policy's edges), QUANTILES (the window's quantiles)",
});

@InputType({ description: "Cut points of a numeric sensitive feature: groups < e0, [e0, e1), …, >= en" })
export class FairnessBinsInput {
  @Field() feature!: string;
  @Field(() => [Float], { description: "Strictly increasing, finite, 1 to 50" }) edges!: number[];
}

@ObjectType({ description: "Cut points of a numeric sensitive feature" })
export class FairnessBins {
  @Field() feature!: string;
  @Field(() => [Float]) edges!: number[];
}

@ObjectType({ description: "A model's fairness policy (docs/fairness.md)" })
export class FairnessPolicy {
  @Field(() => [String]) sensitiveFeatures!: string[];
  @Field(() => Float, { nullable: true, description: "Demographic-parity ratio below this breaches (null: no limit)" }) minParityRatio!: number | null;
  @Field(() => Float, { nullable: true, description: "Demographic-parity difference above this breaches (null: no limit)" }) maxParityDifference!: number | null;
  @Field(() => Float, { nullable: true, description: "Equalized-odds difference above this breaches (null: no limit)" }) maxEqualizedOddsDifference!: number | null;
  @Field({ description: "The favorable predicted class (classification)" }) favorableLabel!: string;
  @Field(() => [FairnessBins]) bins!: FairnessBins[];
  @Field(() => Int, { description: "Quantile groups of a numeric sensitive feature without declared bins" }) quantiles!: number;
  @Field(() => Int, { description: "Groups with fewer rows (labelled rows for TPR, FPR, MAE) are left out of the figures" }) minGroupSize!: number;
}

@ObjectType({ description: "The metrics of one group of a sensitive feature in a window. Classification: selection rate, TPR, FPR, accuracy; regression and ranking: mean prediction, mean error, MAE" })
export class FairnessGroup {
  @Field() group!: string;
  @Field(() => Int, { description: "Predictions in the group (read; a uniform sample beyond 50,000 a window)" }) count!: number;
  @Field(() => Int, { description: "Of those, predictions with a label" }) labeled!: number;
  @Field(() => Float, { nullable: true, description: "Share predicted favorable" }) selectionRate!: number | null;
  @Field(() => Float, { nullable: true }) truePositiveRate!: number | null;
  @Field(() => Float, { nullable: true }) falsePositiveRate!: number | null;
  @Field(() => Float, { nullable: true }) accuracy!: number | null;
  @Field(() => Float, { nullable: true }) meanPrediction!: number | null;
  @Field(() => Float, { nullable: true, description: "Mean of prediction − label" }) meanError!: number | null;
  @Field(() => Float, { nullable: true }) meanAbsoluteError!: number | null;
}

@ObjectType({ description: "The groups of one sensitive feature and the disparity figures between them (Fairlearn's definitions; null: fewer than two groups large enough)" })
export class SensitiveFeatureFairness {
  @Field() feature!: string;
  @Field(() => FairnessBinning) binning!: FairnessBinning;
  @Field(() => [Float], { description: "Cut points of a numeric feature" }) edges!: number[];
  @Field(() => [FairnessGroup]) groups!: FairnessGroup[];
  @Field(() => Float, { nullable: true, description: "max − min selection rate (regression: mean prediction)" }) demographicParityDifference!: number | null;
  @Field(() => Float, { nullable: true, description: "min / max selection rate (regression: mean prediction)" }) demographicParityRatio!: number | null;
  @Field(() => Float, { nullable: true }) truePositiveRateDifference!: number | null;
  @Field(() => Float, { nullable: true }) falsePositiveRateDifference!: number | null;
  @Field(() => Float, { nullable: true, description: "max(TPR difference, FPR difference)" }) equalizedOddsDifference!: number | null;
  @Field(() => Float, { nullable: true, description: "Regression: max − min MAE" }) meanAbsoluteErrorDifference!: number | null;
}

@ObjectType({ description: "A model's fairness in one window" })
export class ModelFairness {
  @Field(() => ID) modelId!: string;
  @Field() windowStart!: Date;
  @Field() windowEnd!: Date;
  @Field(() => FairnessPolicy, { nullable: true, description: "null: the model has no fairness policy (no figures)" }) policy!: FairnessPolicy | null;
  @Field(() => Int, { description: "Predictions in the window" }) predictions!: number;
  @Field(() => Int, { description: "Predictions the figures read" }) rows!: number;
  @Field(() => [SensitiveFeatureFairness]) features!: SensitiveFeatureFairness[];
  @Field(() => [HealthSignal], { description: "The fairness signals of the window (kind \"fairness\"), as its health evaluation adds them" }) signals!: HealthSignal[];
}
