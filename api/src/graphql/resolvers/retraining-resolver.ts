import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { expensive, type Context } from "../context.js";
import { PriorityStrategy, RetrainingBatch, RetrainingSample } from "../types/retraining-types.js";

@Resolver()
export class RetrainingResolver {
  @Query(() => [RetrainingSample], { description: "The model's recent predictions ranked for retraining (read-only), with reasons" })
  retrainingCandidates(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("strategy", () => PriorityStrategy, { nullable: true, defaultValue: PriorityStrategy.COMBINED }) strategy: PriorityStrategy | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Ctx() ctx: Context,
  ) {
    return expensive(ctx, () => ctx.services.retraining.candidates(ctx.principal, { modelId, strategy: strategy ?? "COMBINED", first: first ?? 50 }));
  }

  @Mutation(() => RetrainingBatch, { description: "Atomically leases up to `size` samples neither consumed nor under an unexpired lease, highest priority first" })
  claimRetrainingBatch(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("size", () => Int) size: number,
    @Arg("leaseSeconds", () => Int, { nullable: true, defaultValue: 600 }) leaseSeconds: number | null,
    @Arg("strategy", () => PriorityStrategy, { nullable: true, defaultValue: PriorityStrategy.COMBINED }) strategy: PriorityStrategy | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.retraining.claim(ctx.principal, { modelId, size, leaseSeconds: leaseSeconds ?? 600, strategy: strategy ?? "COMBINED" });
  }

  @Mutation(() => Int, { description: "Consumes the batch's samples (those it still holds); returns how many" })
  ackRetrainingBatch(@Arg("batchId", () => ID) batchId: string, @Ctx() ctx: Context) {
    return ctx.services.retraining.ack(ctx.principal, batchId);
  }
}
