import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A numeric feature's bin: lower ≤ value < upper (null: unbounded on that side)" })
export class SliceRange {
  @Field(() => Float, { nullable: true }) lower!: number | null;
  @Field(() => Float, { nullable: true }) upper!: number | null;
}

@ObjectType({ description: "One condition of a slice: a category of a categorical feature, or a reference-quantile bin of a numeric one" })
export class SliceCondition {
  @Field() feature!: string;
  @Field(() => String, { nullable: true, description: "Categorical: the category" }) category!: string | null;
  @Field(() => SliceRange, { nullable: true, description: "Numeric: the bin" }) range!: SliceRange | null;
}

@ObjectType({ description: "A slice whose error is significantly worse than the rest of the rows (docs/weak-slices.md)" })
export class WeakSlice {
  @Field(() => [SliceCondition], { description: "One condition, or two (a pair of features); a row is in the slice when it meets all" }) conditions!: SliceCondition[];
  @Field(() => Int, { description: "Rows in the slice" }) support!: number;
  @Field({ description: "error_rate (classification; estimated: expected error rate) or mae (regression, ranking)" }) metric!: string;
  @Field(() => Float, { description: "The metric over the rows in the slice" }) inSlice!: number;
  @Field(() => Float, { description: "The metric over the other rows" }) outside!: number;
  @Field(() => Float, { description: "One-sided p-value: Fisher exact (error rate) or Welch t (mae, estimated error)" }) pValue!: number;
  @Field(() => Float, { description: "Benjamini–Hochberg adjusted across every slice tested" }) adjustedPValue!: number;
  @Field({ description: "True when computed from label-free estimated errors (no labels in the range)" }) estimated!: boolean;
}

@ObjectType({ description: "The weak-slice search of a model over a range of windows" })
export class WeakSliceReport {
  @Field(() => Date) windowStart!: Date;
  @Field(() => Date) windowEnd!: Date;
  @Field(() => String, { nullable: true, description: "error_rate or mae; null when nothing could be searched" }) metric!: string | null;
  @Field() estimated!: boolean;
  @Field(() => String, { nullable: true, description: "FISHER or WELCH" }) test!: string | null;
  @Field(() => Int, { description: "Rows searched (labelled rows, or every scored row when estimated; a uniform sample past 200,000)" }) rows!: number;
  @Field(() => Int, { description: "Slices tested (with minSupport rows inside and outside)" }) tested!: number;
  @Field(() => String, { nullable: true, description: "Why the search found nothing to test (no predictions, no labels, too few rows)" }) reason!: string | null;
  @Field(() => [WeakSlice], { description: "Slices with adjusted p ≤ 0.05, most significant first, at most maxSlices" }) slices!: WeakSlice[];
}
