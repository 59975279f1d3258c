import { Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";
import { HealthSignal } from "./health-signal.js";
import { Model, System } from "./registry-types.js";

export enum HealthStatus {
  HEALTHY = "HEALTHY",
  DEGRADED = "DEGRADED",
  FAILING = "FAILING",
  UNKNOWN = "UNKNOWN",
}
registerEnumType(HealthStatus, { name: "HealthStatus", description: "UNKNOWN: no data in the window" });

@ObjectType({ description: "A model's verdict for one window" })
export class ModelHealth {
  @Field(() => Model) model!: Model;
  @Field(() => HealthStatus) status!: HealthStatus;
  @Field(() => Float, { description: "The model's own score in [0,1]: 1 − Π(1 − w·severity) over its breached signals (README)" }) anomalyScore!: number;
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
}

@ObjectType({ description: "Fires once per window where `metric operator threshold` holds" })
export class AlertRule {
  @Field(() => ID) id!: string;
  @Field(() => Model) model!: Model;
  @Field() metric!: string;
  @Field() operator!: string;
  @Field(() => Float) threshold!: number;
}
