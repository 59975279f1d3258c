import { Field, Float, ObjectType } from "type-graphql";
import { SIGNAL_KINDS } from "../../services/drift/drift-service.js";

@ObjectType({ description: "One measured signal of a model in a window, with its threshold and whether it is breached" })
export class HealthSignal {
  @Field({ description: SIGNAL_KINDS.map((k) => `"${k}"`).join(" | ") }) kind!: string;
  @Field({ description: "e.g. the feature, metric or rule name" }) name!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float, { nullable: true }) threshold!: number | null;
  @Field() breached!: boolean;
}
