import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { expensive, systemHealthOf, type Context } from "../context.js";
import { AnomalousPrediction, Forecast, ModelHealth, PerformancePoint, SystemHealth } from "../types/health-types.js";
import { Model, System } from "../types/registry-types.js";

@Resolver()
export class HealthResolver {
  @Query(() => SystemHealth, { description: "The window containing the instant just before `at` (default now): the stored verdict, else computed live" })
  systemHealth(@Arg("systemId", () => ID) systemId: string, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return systemHealthOf(ctx, systemId, at);
  }

  @Query(() => [PerformancePoint], { description: "One point per window with data in [from, to): realized from labels, else (binary: accuracy, precision, recall, f1) estimated, or a custom metric's mean" })
  performance(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("metric") metric: string,
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
    @Ctx() ctx: Context,
  ) {
    return expensive(ctx, () => ctx.services.performance.performance(ctx.principal, { modelId, metric, from, to }));
  }

  @Query(() => Forecast, { description: "When the metric will cross `threshold` within `horizonSeconds` after the last window with data" })
  forecast(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("metric") metric: string,
    @Arg("threshold", () => Float) threshold: number,
    @Arg("horizonSeconds", () => Int) horizonSeconds: number,
    @Ctx() ctx: Context,
  ) {
    return expensive(ctx, () => ctx.services.performance.forecast(ctx.principal, { modelId, metric, threshold, horizonSeconds }));
  }

  @Mutation(() => SystemHealth, { description: "Evaluates (again) the window before `at` and stores its verdicts" })
  evaluate(@Arg("systemId", () => ID) systemId: string, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return expensive(ctx, () => ctx.services.health.evaluate(ctx.principal, systemId, at, ctx.signal));
  }
}

@Resolver(() => System)
export class SystemHealthFieldResolver {
  @FieldResolver(() => SystemHealth)
  health(@Root() system: System, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return systemHealthOf(ctx, system.id, at);
  }
}

@Resolver(() => Model)
export class ModelHealthFieldResolver {
  @FieldResolver(() => ModelHealth)
  async health(@Root() model: Model, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    const system = await systemHealthOf(ctx, model.systemId, at);
    const mine = system.models.find((m) => m.model.id === model.id);
    // Not part of the system in that window (retired before it): no verdict, UNKNOWN.
    return mine ?? { model, status: "UNKNOWN", anomalyScore: 0, propagatedScore: 0, windowStart: system.windowStart, windowEnd: system.windowEnd, signals: [] };
  }
}

@Resolver(() => ModelHealth)
export class ModelHealthAnomaliesResolver {
  @FieldResolver(() => [AnomalousPrediction], { description: "The most anomalous flagged predictions of this window (stored by its evaluation), most anomalous first" })
  async anomalies(@Root() health: ModelHealth, @Arg("first", () => Int, { defaultValue: 20 }) first: number, @Ctx() ctx: Context) {
    const rows = await ctx.services.health.anomaliesOf(health.model.id, health.windowStart, first);
    return rows.map((r) => ({ predictionId: r.predictionId, detector: r.detector, score: r.score, topFeatures: r.topFeatures.map((f) => ({ feature: f.feature, contribution: f.share })) }));
  }
}
