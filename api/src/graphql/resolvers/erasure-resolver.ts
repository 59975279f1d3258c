import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { PredictionErasure, PredictionSegmentInput } from "../types/erasure-types.js";

@Resolver()
export class ErasureResolver {
  @Mutation(() => PredictionErasure, {
    description:
      "Needs ADMIN. Erases a model's predictions chosen by exactly one of `ids`, `segment` or `before`, and everything stored per prediction " +
      "(labels, feedback, anomaly rows, retraining queue entries and their leases), in one transaction; window-level results already stored stay. " +
      "Answers how many rows of each kind went and logs the erasure without the ids (predictionErasures). See docs/erasure.md.",
  })
  erasePredictions(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("ids", () => [String], { nullable: true, description: "Prediction ids (at most 10000 per call)" }) ids: string[] | null,
    @Arg("segment", () => PredictionSegmentInput, { nullable: true }) segment: PredictionSegmentInput | null,
    @Arg("before", () => Date, { nullable: true, description: "Predictions with a timestamp strictly before this" }) before: Date | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.erasure.erase(ctx.principal, { modelId, ids, segment, before });
  }

  @Query(() => [PredictionErasure], { description: "Needs ADMIN. The model's erasures, newest first" })
  predictionErasures(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("first", () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.erasure.list(ctx.principal, { modelId, first: first ?? 100 });
  }
}
