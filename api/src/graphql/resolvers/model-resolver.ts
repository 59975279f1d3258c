import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { ModelTask } from "../types/enums.js";
import { Feature, FeatureInput, Model, ModelMetric, System } from "../types/registry-types.js";
import { taskMetrics } from "../../services/registry-service.js";

@Resolver(() => Model)
export class ModelResolver {
  @Query(() => Model, { nullable: true })
  model(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.registry.findModel(ctx.principal, id);
  }

  @Query(() => Model, { nullable: true })
  modelByKey(@Arg("systemId", () => ID) systemId: string, @Arg("key") key: string, @Ctx() ctx: Context) {
    return ctx.services.registry.findModelByKey(ctx.principal, systemId, key);
  }

  @Mutation(() => Model, { description: "Registers a model, or updates name/version/features of the model with this key (the task cannot change)" })
  registerModel(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("key") key: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("task", () => ModelTask) task: ModelTask,
    @Arg("version", () => String, { nullable: true }) version: string | null,
    @Arg("features", () => [FeatureInput]) features: FeatureInput[],
    @Ctx() ctx: Context,
  ) {
    return ctx.services.registry.registerModel(ctx.principal, { systemId, key, name, task, version, features });
  }

  @FieldResolver(() => [Feature], { description: "Declared features in declaration order, deprecated ones included (flagged)" })
  features(@Root() model: Model) {
    return model.features.map((f) => ({ name: f.name, kind: f.kind, deprecated: f.deprecated ?? false }));
  }

  @FieldResolver(() => System)
  async system(@Root() model: Model, @Ctx() ctx: Context) {
    return ctx.loaders.systemById.load(model.systemId);
  }

  @FieldResolver(() => [Model], { description: "Models whose output feeds this one" })
  async upstream(@Root() model: Model, @Ctx() ctx: Context) {
    const edges = await ctx.loaders.dependenciesInto.load(model.id);
    return present(await ctx.loaders.modelById.loadMany(edges.map((e) => e.fromModelId)));
  }

  @FieldResolver(() => [Model], { description: "Models this one feeds" })
  async downstream(@Root() model: Model, @Ctx() ctx: Context) {
    const edges = await ctx.loaders.dependenciesOutOf.load(model.id);
    return present(await ctx.loaders.modelById.loadMany(edges.map((e) => e.toModelId)));
  }

  @FieldResolver(() => [ModelMetric], { description: "The performance metrics computed for this model's task (from labels), in display order, with their direction" })
  metrics(@Root() model: Model): ModelMetric[] {
    return taskMetrics(model.task);
  }
}

function present<T>(items: Array<T | null | Error>): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (item instanceof Error) throw item;
    if (item !== null) out.push(item);
  }
  return out;
}
