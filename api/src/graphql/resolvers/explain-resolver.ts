import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { expensive, type Context } from "../context.js";
import { WindowInput } from "../types/drift-types.js";
import { AttributionDrift, ForbiddenFeature, ForbiddenFeatureInput, Prediction } from "../types/explain-types.js";
import { Model } from "../types/registry-types.js";

@Resolver()
export class ExplainResolver {
  @Query(() => Prediction, { description: "One prediction of the model with its explanation: ranked attributions, values against the reference, similar labelled cases, a sentence" })
  async prediction(@Arg("modelId", () => ID) modelId: string, @Arg("id") id: string, @Ctx() ctx: Context): Promise<Prediction> {
    const v = await expensive(ctx, () => ctx.services.explanations.prediction(ctx.principal, { modelId, id }));
    const p = v.prediction;
    return {
      id: p.predictionId, timestamp: p.timestamp, features: p.features, attributions: p.attributions, score: p.score, predictedClass: p.predictedClass,
      segment: p.segment, labelValue: p.labelValue, labelClass: p.labelClass, reference: v.reference, explanation: v.explanation,
    };
  }

  @Query(() => AttributionDrift, { description: "Feature-attribution drift of `window` against the model's reference" })
  async attributionDrift(@Arg("modelId", () => ID) modelId: string, @Arg("window", () => WindowInput) window: WindowInput, @Ctx() ctx: Context): Promise<AttributionDrift> {
    const v = await expensive(ctx, () => ctx.services.explanations.attributionDrift(ctx.principal, { modelId, window }));
    return { ...v.drift, window: v.window, reference: v.referenceWindow, forbidden: v.forbidden, upstream: v.upstream, signals: v.signals };
  }

  @Mutation(() => [ForbiddenFeature], { description: "Declares the features that must not drive the model's decisions, each with the largest share of attribution mass it may take (replaces the list; [] clears it)" })
  setForbiddenFeatures(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("features", () => [ForbiddenFeatureInput]) features: ForbiddenFeatureInput[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.explanations.setForbiddenFeatures(ctx.principal, { modelId, features });
  }

  @Mutation(() => Float, { description: "Sets the model's attribution-drift nDCG threshold in (0, 1] (null: the default 0.9); returns the threshold in effect" })
  setAttributionDriftThreshold(@Arg("modelId", () => ID) modelId: string, @Arg("threshold", () => Float, { nullable: true }) threshold: number | null, @Ctx() ctx: Context) {
    return ctx.services.explanations.setAttributionDriftThreshold(ctx.principal, { modelId, threshold });
  }
}

@Resolver(() => Model)
export class ModelForbiddenFeaturesResolver {
  @FieldResolver(() => [ForbiddenFeature], { description: "Features that must not drive the model's decisions (setForbiddenFeatures)" })
  async forbiddenFeatures(@Root() model: Model, @Ctx() ctx: Context): Promise<ForbiddenFeature[]> {
    return (await ctx.services.explanations.settings(model.id)).forbidden;
  }
}
