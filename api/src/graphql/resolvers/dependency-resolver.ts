import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { Dependency, Model } from "../types/registry-types.js";

@Resolver(() => Dependency)
export class DependencyResolver {
  @FieldResolver(() => Model)
  async from(@Root() dep: Dependency, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(dep.fromModelId);
  }

  @FieldResolver(() => Model)
  async to(@Root() dep: Dependency, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(dep.toModelId);
  }
}
