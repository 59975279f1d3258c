import { Arg, Ctx, Float, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { expensive, type Context } from "../context.js";
import { FairnessBinsInput, FairnessPolicy, ModelFairness } from "../types/fairness-types.js";

@Resolver()
export class FairnessResolver {
  @Mutation(() => FairnessPolicy, {
    description:
      "Needs ADMIN. Declares (or replaces) the model's fairness policy: its sensitive features and the limits that make the parity figures health signals " +
      "(default: the four-fifths rule, demographic-parity ratio ≥ 0.8). An explicit null limit turns it off. See docs/fairness.md.",
  })
  setFairnessPolicy(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("sensitiveFeatures", () => [String]) sensitiveFeatures: string[],
    @Arg("minParityRatio", () => Float, { nullable: true, defaultValue: 0.8 }) minParityRatio: number | null,
    @Arg("maxParityDifference", () => Float, { nullable: true }) maxParityDifference: number | null,
    @Arg("maxEqualizedOddsDifference", () => Float, { nullable: true }) maxEqualizedOddsDifference: number | null,
    @Arg("favorableLabel", () => String, { nullable: true, defaultValue: "1" }) favorableLabel: string | null,
    @Arg("bins", () => [FairnessBinsInput], { nullable: true }) bins: FairnessBinsInput[] | null,
    @Arg("quantiles", () => Int, { nullable: true, defaultValue: 4 }) quantiles: number | null,
    @Arg("minGroupSize", () => Int, { nullable: true, defaultValue: 30 }) minGroupSize: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.fairness.setPolicy(ctx.principal, modelId, { sensitiveFeatures, minParityRatio, maxParityDifference, maxEqualizedOddsDifference, favorableLabel, bins, quantiles, minGroupSize });
  }

  @Mutation(() => Boolean, { description: "Needs ADMIN. Removes the model's fairness policy (no more fairness signals); whether it had one" })
  clearFairnessPolicy(@Arg("modelId", () => ID) modelId: string, @Ctx() ctx: Context) {
    return ctx.services.fairness.clearPolicy(ctx.principal, modelId);
  }

  @Query(() => ModelFairness, { description: "The model's group metrics and parity figures in the window containing the instant just before `at` (default now), as systemHealth(at:)" })
  fairness(@Arg("modelId", () => ID) modelId: string, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return expensive(ctx, () => ctx.services.fairness.fairness(ctx.principal, modelId, at));
  }

  @Query(() => [ModelFairness], { description: "fairness(at:) for the `windows` windows up to the one before `at` (default now), oldest first (at most 48)" })
  fairnessHistory(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("windows", () => Int, { defaultValue: 12 }) windows: number,
    @Arg("at", () => Date, { nullable: true }) at: Date | null,
    @Ctx() ctx: Context,
  ) {
    return expensive(ctx, () => ctx.services.fairness.history(ctx.principal, modelId, windows, at));
  }
}
