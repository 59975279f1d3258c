import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DRIFT_TEST_NAMES } from "../../services/drift/drift-service.js";
import { DRIFT_PATHS } from "../../services/profiles/privacy-lists.js";
import { enumFromList } from "./enum-from-list.js";
import { FeatureKind } from "./enums.js";
import { HealthSignal } from "./health-signal.js";
import { Model } from "./registry-types.js";

export const DriftTest = enumFromList(DRIFT_TEST_NAMES);
export type DriftTest = (typeof DRIFT_TEST_NAMES)[number];
registerEnumType(DriftTest, {
  name: "DriftTest",
  description: "Significance tests: KS (numeric), CHI_SQUARE. Effect sizes: WASSERSTEIN (numeric, normalized), JENSEN_SHANNON, PSI, HELLINGER",
});

export const DriftPath = enumFromList(DRIFT_PATHS);
export type DriftPath = (typeof DRIFT_PATHS)[number];
registerEnumType(DriftPath, { name: "DriftPath", description: "EXACT: raw rows (uniform samples above sampleCap). PROFILE: the window profiles of the whole ranges, with errorBound (docs/privacy.md)" });

@ObjectType()
export class Window {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
}

@InputType()
export class WindowInput {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
}

@ObjectType({ description: "Bins: numeric (−∞,c1), [c1,c2), …, [c_last,+∞) with `edges` = the finite cut points; categorical one per category" })
export class Histogram {
  @Field(() => [Float], { nullable: true }) edges!: number[] | null;
  @Field(() => [String], { nullable: true }) categories!: string[] | null;
  @Field(() => [Float], { description: "Counts per bin; for numeric features estimated for the whole window from its sample" }) counts!: number[];
}

@ObjectType()
export class FeatureDrift {
  @Field() feature!: string;
  @Field(() => FeatureKind) kind!: FeatureKind;
  @Field(() => DriftTest, { description: "The significance test used" }) test!: DriftTest;
  @Field(() => Float) statistic!: number;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => Float, { nullable: true, description: "Benjamini–Hochberg over every test of this report" }) adjustedPValue!: number | null;
  @Field(() => DriftTest) effectSizeMetric!: DriftTest;
  @Field(() => Float) effectSize!: number;
  @Field(() => Float, { description: "Materiality threshold on effectSize" }) threshold!: number;
  @Field({ description: "adjustedPValue < 0.05 AND effectSize ≥ threshold" }) drifted!: boolean;
  @Field(() => Float) psi!: number;
  @Field(() => Float) jensenShannon!: number;
  @Field(() => Float, { nullable: true, description: "Numeric only: Wasserstein-1 / max(std_ref, 0.001)" }) wasserstein!: number | null;
  @Field(() => Histogram) referenceHistogram!: Histogram;
  @Field(() => Histogram) currentHistogram!: Histogram;
  @Field(() => Int) referenceCount!: number;
  @Field(() => Int) currentCount!: number;
  @Field({ description: "True when the numeric tests ran on uniform samples of the windows (see the sample sizes)" }) sampled!: boolean;
  @Field(() => Int, { nullable: true }) referenceSampleSize!: number | null;
  @Field(() => Int, { nullable: true }) currentSampleSize!: number | null;
  @Field(() => Float, { description: "Data quality: share of missing values in the reference" }) missingRateReference!: number;
  @Field(() => Float, { description: "Data quality: share of missing values in the current window" }) missingRateCurrent!: number;
  @Field(() => [String], { description: "Data quality: categories of the current window never seen in the reference" }) unseenCategories!: string[];
  @Field(() => Float, { description: "Data quality: share of current values in unseen categories (categorical) or outside the reference range (numeric)" }) unseenShare!: number;
  @Field(() => String, { nullable: true, description: "Why the feature was not tested, if it was not" }) skipped!: string | null;
  @Field(() => Float, { nullable: true, description: "PROFILE path: bound on |statistic − exact statistic| (KS D: the two quantile sketches' rank errors; categorical: the frequent-items error share); null on the EXACT path" }) errorBound!: number | null;
}

@ObjectType({ description: "The output mix of one segment (cohort): a sharp change is a signal even when the overall mix is stable" })
export class SegmentDrift {
  @Field() segment!: string;
  @Field() output!: string;
  @Field(() => DriftTest) effectSizeMetric!: DriftTest;
  @Field(() => Float) effectSize!: number;
  @Field(() => Float) threshold!: number;
  @Field(() => Int) referenceCount!: number;
  @Field(() => Int) currentCount!: number;
  @Field() drifted!: boolean;
}

@ObjectType()
export class FeatureContribution {
  @Field() feature!: string;
  @Field(() => Float, { description: "Share of the reconstruction-error increase (sums to 1 when the error rose)" }) contribution!: number;
}

@ObjectType({ description: "Multivariate drift: an autoencoder trained on the reference inputs; score = mean reconstruction error of the current rows" })
export class MultivariateDrift {
  @Field() method!: string;
  @Field(() => Float) score!: number;
  @Field(() => Float, { description: "From reference chunks: mean + 3σ, scaled to the window's size" }) threshold!: number;
  @Field() drifted!: boolean;
  @Field(() => Float, { description: "The same error on held-out reference rows" }) referenceScore!: number;
  @Field(() => [FeatureContribution], { description: "Features by their share of the error increase" }) topFeatures!: FeatureContribution[];
}

@ObjectType()
export class DriftReport {
  @Field(() => Model) model!: Model;
  @Field(() => Window) reference!: Window;
  @Field(() => Window) current!: Window;
  @Field({ description: '"argument", "setReference" or "default" (the first window with ≥ 100 predictions)' }) referenceSource!: string;
  @Field(() => Int) referenceCount!: number;
  @Field(() => Int) currentCount!: number;
  @Field() drifted!: boolean;
  @Field(() => Int) driftedFeatures!: number;
  @Field(() => [FeatureDrift], { description: "Most severe first" }) features!: FeatureDrift[];
  @Field(() => FeatureDrift, { nullable: true, description: "Drift of the model's output (score, else predicted class)" }) predictionDrift!: FeatureDrift | null;
  @Field(() => [SegmentDrift]) segments!: SegmentDrift[];
  @Field(() => MultivariateDrift, { nullable: true, description: "Null until the detector for this reference is trained (see multivariateStatus)" }) multivariate!: MultivariateDrift | null;
  @Field(() => [HealthSignal], { description: 'The report as health signals: kind "drift" (features, prediction, segments, multivariate) and "data_quality" (missing-rate increase, unseen categories, out-of-range values)' }) signals!: HealthSignal[];
  @Field({ description: '"ready", or why multivariate is null: "training: …" (started in the background), "unavailable: …", "failed: …"' }) multivariateStatus!: string;
  @Field(() => Int, { description: "Largest uniform sample per feature and window used by the numeric tests" }) sampleCap!: number;
  @Field(() => DriftPath, { description: "How the report was computed: EXACT on raw rows or PROFILE on window profiles" }) path!: DriftPath;
  @Field({ description: "Why that path was taken" }) pathReason!: string;
  @Field(() => Float, { nullable: true, description: "PROFILE: the largest bound on a KS D of the report (0 when every sketch is exact); EXACT: null" }) errorBound!: number | null;
}

@ObjectType({ description: "A feature's drift configuration (unset fields use the defaults)" })
export class FeatureDriftSetting {
  @Field() feature!: string;
  @Field(() => DriftTest, { nullable: true }) test!: DriftTest | null;
  @Field(() => DriftTest, { nullable: true }) effectSize!: DriftTest | null;
  @Field(() => Float, { nullable: true }) threshold!: number | null;
}

