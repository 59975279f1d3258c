import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Dependency, Model, System } from "../types/registry-types.js";

@Resolver(() => System)
export class SystemResolver {
  @Query(() => [System], { description: "The systems this API key may see" })
  systems(@Ctx() ctx: Context) {
    return ctx.services.registry.listSystems(ctx.principal);
  }

  @Query(() => System, { nullable: true })
  system(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.registry.findSystem(ctx.principal, id);
  }

  @Mutation(() => System, { description: "Needs an ADMIN key not bound to a system. Names are unique." })
  createSystem(
    @Arg("name") name: string,
    @Arg("description", () => String, { nullable: true }) description: string | null,
    @Arg("windowSeconds", () => Int, { nullable: true, defaultValue: 3600 }) windowSeconds: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.registry.createSystem(ctx.principal, { name, description, windowSeconds });
  }

  @FieldResolver(() => [Model], { description: "The models in service; with `at`, those part of the system in the window systemHealth(at:) reports; `includeRetired` adds retired ones" })
  async models(
    @Root() system: System,
    @Arg("at", () => Date, { nullable: true }) at: Date | null,
    @Arg("includeRetired", () => Boolean, { nullable: true, defaultValue: false }) includeRetired: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const models = await ctx.loaders.modelsBySystem.load(system.id);
    return includeRetired ? models : ctx.services.registry.modelsInWindow(models, system, at);
  }

  @FieldResolver(() => [Dependency], { description: "The current wiring; with `at`, the wiring of the window systemHealth(at:) reports" })
  async dependencies(@Root() system: System, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    if (at === null || at === undefined) return ctx.loaders.dependenciesBySystem.load(system.id);
    return ctx.services.registry.edgesInWindow(await ctx.services.registry.dependencyVersionsOfSystems([system.id]), system, at);
  }
}
