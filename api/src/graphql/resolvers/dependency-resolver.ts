import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Dependency, Model } from "../types/registry-types.js";

@Resolver(() => Dependency)
export class DependencyResolver {
  @Mutation(() => Dependency, {
    description: "`fromKey`'s output feeds `toKey`. Cycles (feedback loops) are allowed; self-dependencies, unknown keys and duplicate edges are BAD_USER_INPUT",
  })
  addDependency(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("fromKey") fromKey: string,
    @Arg("toKey") toKey: string,
    @Arg("weight", () => Float, { nullable: true, defaultValue: 1 }) weight: number | null,
    @Arg("feature", () => String, { nullable: true }) feature: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.registry.addDependency(ctx.principal, { systemId, fromKey, toKey, weight, feature });
  }

  @FieldResolver(() => Model)
  async from(@Root() dep: Dependency, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(dep.fromModelId);
  }

  @FieldResolver(() => Model)
  async to(@Root() dep: Dependency, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(dep.toModelId);
  }
}
