import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { FeedbackInput, IngestResult, LabelInput, MetricPointInput, PredictionInput } from "../types/ingest-types.js";

const LIMIT = "At most 10,000 items per call; larger volumes go to the NDJSON bulk endpoint. Returns after the items are committed.";

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResult, { description: `Idempotent per (model, id). ${LIMIT}` })
  ingestPredictions(@Arg("modelId", () => ID) modelId: string, @Arg("events", () => [PredictionInput]) events: PredictionInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.principal, modelId, "predictions", events, "events");
  }

  @Mutation(() => IngestResult, { description: `One label per prediction; a different value later is a correction. ${LIMIT}` })
  ingestLabels(@Arg("modelId", () => ID) modelId: string, @Arg("labels", () => [LabelInput]) labels: LabelInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.principal, modelId, "labels", labels, "labels");
  }

  @Mutation(() => IngestResult, { description: `Idempotent per (prediction, timestamp). ${LIMIT}` })
  ingestFeedback(@Arg("modelId", () => ID) modelId: string, @Arg("feedback", () => [FeedbackInput]) feedback: FeedbackInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.principal, modelId, "feedback", feedback, "feedback");
  }

  @Mutation(() => IngestResult, { description: `Custom metrics (e.g. ctr). One value per (name, timestamp); a different value later is a correction. ${LIMIT}` })
  ingestMetrics(@Arg("modelId", () => ID) modelId: string, @Arg("points", () => [MetricPointInput]) points: MetricPointInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.principal, modelId, "metrics", points, "points");
  }
}
