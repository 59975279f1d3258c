// Model versions over GraphQL: registering a rollout, a model's versions, the comparison of health
// before and after a rollout, and the rollout named in a model's health for a window.
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Model } from "../types/registry-types.js";
import { ModelHealth } from "../types/health-types.js";
import { ModelVersion, Rollout, VersionComparison } from "../types/model-version-types.js";

@Resolver()
export class ModelVersionResolver {
  @Mutation(() => ModelVersion, { description: "Records a rollout: `version` went live at `liveAt` (default now) and becomes the model's current version. ADMIN" })
  registerModelVersion(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("version") version: string,
    @Arg("notes", () => String, { nullable: true }) notes: string | null,
    @Arg("liveAt", () => Date, { nullable: true }) liveAt: Date | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.remediation.versions.register(ctx.principal, { modelId, version, notes: notes ?? null, liveAt: liveAt ?? null });
  }

  @Query(() => VersionComparison, { nullable: true, description: "Health of `version` (default: the current one; its latest rollout) against the version before it; null when there is none before it" })
  compareModelVersions(@Arg("modelId", () => ID) modelId: string, @Arg("version", () => String, { nullable: true }) version: string | null, @Ctx() ctx: Context) {
    return ctx.services.remediation.versions.compare(ctx.principal, { modelId, version: version ?? null });
  }
}

@Resolver(() => Model)
export class ModelVersionsFieldResolver {
  @FieldResolver(() => [ModelVersion], { description: "The model's versions, oldest rollout first (the last is the current one)" })
  versions(@Root() model: Model, @Ctx() ctx: Context) {
    return ctx.services.remediation.versions.list(ctx.principal, model.id);
  }
}

@Resolver(() => ModelHealth)
export class ModelHealthRolloutResolver {
  @FieldResolver(() => Rollout, { nullable: true, description: "A version change in this window or the two before it: evidence that this model started the trouble" })
  async rollout(@Root() health: ModelHealth, @Ctx() ctx: Context) {
    const system = await ctx.services.registry.requireSystem(ctx.principal, health.model.systemId);
    return ctx.services.remediation.versions.rolloutAt(ctx.principal, { model: health.model, windowSeconds: system.windowSeconds, at: health.windowEnd });
  }
}
