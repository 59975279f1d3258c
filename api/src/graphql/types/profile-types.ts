import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { PRIVACY_MODE_SOURCES, PRIVACY_MODES } from "../../services/profiles/privacy-lists.js";
import { enumFromList } from "./enum-from-list.js";
import { FeatureKind } from "./enums.js";

export const PrivacyMode = enumFromList(PRIVACY_MODES);
export type PrivacyMode = (typeof PRIVACY_MODES)[number];
registerEnumType(PrivacyMode, { name: "PrivacyMode", description: "RAW: feature values are stored with each prediction. PROFILE_ONLY: only window profiles (and opted-in features) are kept (docs/privacy.md)" });
export const PrivacyModeSource = enumFromList(PRIVACY_MODE_SOURCES);
export type PrivacyModeSource = (typeof PRIVACY_MODE_SOURCES)[number];
registerEnumType(PrivacyModeSource, { name: "PrivacyModeSource", description: "Where a model's privacy mode comes from: its own setting, its system's, or the default (RAW)" });

@ObjectType({ description: "A model's privacy settings (docs/privacy.md)" })
export class ModelPrivacy {
  @Field(() => PrivacyMode) mode!: PrivacyMode;
  @Field(() => PrivacyModeSource) modeSource!: PrivacyModeSource;
  @Field(() => [String], { description: "Features a PROFILE_ONLY model still stores raw (opt-in, e.g. for retraining)" }) retainedFeatures!: string[];
  @Field(() => [String], { description: "PII features: categorical values are stored and profiled as a keyed hash (HMAC-SHA256, per-system secret); numeric ones are profiled only" }) piiFeatures!: string[];
}

@ObjectType()
export class SystemPrivacy {
  @Field() systemId!: string;
  @Field(() => PrivacyMode) mode!: PrivacyMode;
}

@ObjectType()
export class ProfileQuantile {
  @Field(() => Float) q!: number;
  @Field(() => Float) value!: number;
}

@ObjectType()
export class ProfileCategoryCount {
  @Field() category!: string;
  @Field(() => Float) count!: number;
}

@ObjectType({ description: "One column of a window profile: a feature, output:score, output:class or segment:score|class:<segment>" })
export class ColumnProfileSummary {
  @Field() column!: string;
  @Field(() => FeatureKind) kind!: FeatureKind;
  @Field(() => Float) count!: number;
  @Field(() => Float) missing!: number;
  @Field(() => Float, { description: "HyperLogLog estimate (standard error ≈ 2.3 %)" }) distinctEstimate!: number;
  @Field(() => Float, { nullable: true }) mean!: number | null;
  @Field(() => Float, { nullable: true, description: "Population standard deviation" }) std!: number | null;
  @Field(() => Float, { nullable: true, description: "Null when withheld (valuesWithheld)" }) min!: number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;
  @Field(() => [ProfileQuantile], { nullable: true, description: "Quantiles 1, 5, 25, 50, 75, 95, 99 % (null when withheld)" }) quantiles!: ProfileQuantile[] | null;
  @Field(() => Float, { nullable: true, description: "Bound on the normalized rank error of the quantiles (0: exact)" }) quantileRankError!: number | null;
  @Field(() => [ProfileCategoryCount], { nullable: true, description: "Most frequent categories (keyed hashes for PII and profile-only features)" }) topCategories!: ProfileCategoryCount[] | null;
  @Field(() => Float, { nullable: true, description: "How much a listed category count may be under (0: exact)" }) countError!: number | null;
  @Field({ description: "True when values that may be individual raw values (min, max, quantiles) are withheld: a PII or profile-only feature" }) valuesWithheld!: boolean;
}

@ObjectType({ description: "The mergeable profile of one model over one window (docs/privacy.md)" })
export class WindowProfile {
  @Field(() => Date) windowStart!: Date;
  @Field(() => Date) windowEnd!: Date;
  @Field(() => Int) rows!: number;
  @Field(() => [ColumnProfileSummary]) columns!: ColumnProfileSummary[];
}
