import { Field, Float, ObjectType } from "type-graphql";

@ObjectType({ description: "One measured signal of a model in a window, with its threshold and whether it is breached" })
export class HealthSignal {
  @Field({ description: '"drift" | "data_quality" | "performance" | "anomaly" | "metric" | "forecast"' }) kind!: string;
  @Field({ description: "e.g. the feature, metric or rule name" }) name!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float, { nullable: true }) threshold!: number | null;
  @Field() breached!: boolean;
}
