import { Arg, Ctx, Float, ID, Mutation, Query, Resolver } from "type-graphql";
import { expensive, type Context } from "../context.js";
import { DriftReport, DriftTest, FeatureDriftSetting, WindowInput } from "../types/drift-types.js";
import { Model } from "../types/registry-types.js";

@Resolver()
export class DriftResolver {
  @Query(() => DriftReport, { description: "Drift of a model's inputs and output between the reference (argument, setReference, or the first window with ≥ 100 predictions) and `current`" })
  driftReport(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("current", () => WindowInput) current: WindowInput,
    @Arg("reference", () => WindowInput, { nullable: true }) reference: WindowInput | null,
    @Ctx() ctx: Context,
  ) {
    return expensive(ctx, () => ctx.services.drift.report(ctx.principal, { modelId, current, reference }));
  }

  @Mutation(() => Model, { description: "Makes `window` the model's reference for drift reports" })
  setReference(@Arg("modelId", () => ID) modelId: string, @Arg("window", () => WindowInput) window: WindowInput, @Ctx() ctx: Context) {
    return ctx.services.drift.setReference(ctx.principal, { modelId, window });
  }

  @Mutation(() => [FeatureDriftSetting], {
    description: "Chooses the significance test, the effect size and/or its threshold for one feature (or \"prediction\"); all three null restores the defaults. Returns every setting of the model",
  })
  async configureDrift(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("feature") feature: string,
    @Arg("test", () => DriftTest, { nullable: true }) test: DriftTest | null,
    @Arg("effectSize", () => DriftTest, { nullable: true }) effectSize: DriftTest | null,
    @Arg("threshold", () => Float, { nullable: true }) threshold: number | null,
    @Ctx() ctx: Context,
  ) {
    const config = await ctx.services.drift.configure(ctx.principal, { modelId, feature, test, effectSize, threshold });
    return Object.entries(config).map(([name, c]) => ({ feature: name, test: c.test ?? null, effectSize: c.effectSize ?? null, threshold: c.threshold ?? null }));
  }
}
