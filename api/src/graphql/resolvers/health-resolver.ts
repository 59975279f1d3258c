import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { AlertRule, ModelHealth, SystemHealth } from "../types/health-types.js";
import { Model, System } from "../types/registry-types.js";

@Resolver()
export class HealthResolver {
  @Query(() => SystemHealth, { description: "The window containing the instant just before `at` (default now): the stored verdict, else computed live" })
  systemHealth(@Arg("systemId", () => ID) systemId: string, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return ctx.services.health.systemHealthAt(ctx.principal, systemId, at);
  }

  @Mutation(() => SystemHealth, { description: "Evaluates (again) the window before `at` and stores its verdicts" })
  evaluate(@Arg("systemId", () => ID) systemId: string, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return ctx.services.health.evaluate(ctx.principal, systemId, at);
  }

  @Mutation(() => AlertRule, { description: "A rule on a metric (a custom metric such as ctr, or a performance metric such as accuracy), checked once per window; operator is <, <=, > or >=" })
  createAlertRule(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("metric") metric: string,
    @Arg("operator") operator: string,
    @Arg("threshold", () => Float) threshold: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.health.createRule(ctx.principal, { modelId, metric, operator, threshold });
  }
}

@Resolver(() => System)
export class SystemHealthFieldResolver {
  @FieldResolver(() => SystemHealth)
  health(@Root() system: System, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return ctx.services.health.systemHealthAt(ctx.principal, system.id, at);
  }
}

@Resolver(() => Model)
export class ModelHealthFieldResolver {
  @FieldResolver(() => ModelHealth)
  async health(@Root() model: Model, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    const system = await ctx.services.health.systemHealthAt(ctx.principal, model.systemId, at);
    const mine = system.models.find((m) => m.model.id === model.id);
    if (!mine) throw new Error("graphql/health: model missing from its system's health");
    return mine;
  }
}
