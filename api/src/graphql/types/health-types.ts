import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { HEALTH_STATUSES } from "../../services/index.js";
import { LOWER_IS_BETTER_METRICS } from "../../services/registry-service.js";
import { enumFromList } from "./enum-from-list.js";
import { HealthSignal } from "./health-signal.js";
import { FeatureContribution } from "./drift-types.js";
import { Model, System } from "./registry-types.js";

export const HealthStatus = enumFromList(HEALTH_STATUSES);
export type HealthStatus = (typeof HEALTH_STATUSES)[number];
registerEnumType(HealthStatus, { name: "HealthStatus", description: "UNKNOWN: no data in the window" });

@ObjectType({ description: "A model's verdict for one window" })
export class ModelHealth {
  @Field(() => Model) model!: Model;
  @Field(() => HealthStatus) status!: HealthStatus;
  @Field(() => Float, { description: "The model's own score in [0,1]: 1 − Π(1 − w·severity) over its breached signals (docs/health.md)" }) anomalyScore!: number;
  @Field(() => Float, { description: "After propagation over the dependency graph, in [0,1]: adds what it inherits from anomalous upstream models" }) propagatedScore!: number;
  @Field(() => Date) windowStart!: Date;
  @Field(() => Date) windowEnd!: Date;
  @Field(() => [HealthSignal]) signals!: HealthSignal[];
}

@ObjectType({ description: "A system's verdict for one window" })
export class SystemHealth {
  @Field(() => System) system!: System;
  @Field(() => Date) at!: Date;
  @Field(() => HealthStatus, { description: "The worst status of its models" }) status!: HealthStatus;
  @Field(() => Float, { description: "1 − the largest anomalyScore of its models (1 = all healthy)" }) score!: number;
  @Field(() => Date) windowStart!: Date;
  @Field(() => Date) windowEnd!: Date;
  @Field(() => [ModelHealth]) models!: ModelHealth[];
  @Field({ description: "True when an evaluation stored this verdict; false when computed live for a window not evaluated yet" }) stored!: boolean;
  @Field(() => ID, { nullable: true, description: "The change event that delivered it (subscriptions only; null from queries): resume a subscription with afterEvent" }) event?: string | null;
}

@ObjectType({ description: "Fires once per window where `metric operator threshold` holds" })
export class AlertRule {
  @Field(() => ID) id!: string;
  @Field(() => Model) model!: Model;
  @Field() metric!: string;
  @Field() operator!: string;
  @Field(() => Float) threshold!: number;
}

@ObjectType({ description: "A metric in one window: realized (from labels), estimated (no labels: confidence-based), a custom metric's mean, or a forecast" })
export class PerformancePoint {
  @Field(() => Date) windowStart!: Date;
  @Field(() => Date) windowEnd!: Date;
  @Field() metric!: string;
  @Field(() => Float) value!: number;
  @Field({ description: "True for confidence-based estimates and forecasts" }) estimated!: boolean;
  @Field(() => Int, { description: "Labelled predictions, predictions (estimates) or metric points behind the value; 0 for forecasts" }) count!: number;
  @Field({ description: "True for points in the future (forecast)" }) forecast!: boolean;
  @Field(() => Float, { nullable: true, description: "95% band (estimated accuracy, forecasts)" }) lower!: number | null;
  @Field(() => Float, { nullable: true }) upper!: number | null;
}

@ObjectType({ description: "Holt's linear or damped trend over the last 48 windows with data (chosen by AIC)" })
export class Forecast {
  @Field() metric!: string;
  @Field(() => Float) threshold!: number;
  @Field(() => Date, { nullable: true, description: "End of the first forecast window whose point forecast crosses the threshold, within the horizon (counted from the end of the last window with data)" }) expectedBreachAt!: Date | null;
  @Field({ description: `"below" (higher is better: a breach is falling below) or "above" (${LOWER_IS_BETTER_METRICS.join(", ")}, latency-like metrics… when configured)` }) direction!: string;
  @Field(() => [PerformancePoint], { description: "The history the forecast was fitted on, then the forecast points" }) points!: PerformancePoint[];
  @Field(() => String, { nullable: true, description: "Why there is no forecast (too few points, no data) or ALREADY_BREACHED" }) reason!: string | null;
}

@ObjectType({ description: "A prediction an anomaly detector flagged in an evaluated window (from the window's sample), with its most responsible features" })
export class AnomalousPrediction {
  @Field() predictionId!: string;
  @Field() detector!: string;
  @Field(() => Float, { description: "Reconstruction error (autoencoder)" }) score!: number;
  @Field(() => [FeatureContribution], { description: "Features by their share of this prediction's error" }) topFeatures!: FeatureContribution[];
}
