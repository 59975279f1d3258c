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

  @FieldResolver(() => [Model])
  models(@Root() system: System, @Ctx() ctx: Context) {
    return ctx.loaders.modelsBySystem.load(system.id);
  }

  @FieldResolver(() => [Dependency])
  dependencies(@Root() system: System, @Ctx() ctx: Context) {
    return ctx.loaders.dependenciesBySystem.load(system.id);
  }
}
