import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { HealthSignal } from "./health-signal.js";
import { Model, System } from "./registry-types.js";

export enum IncidentStatus {
  OPEN = "OPEN",
  ACKNOWLEDGED = "ACKNOWLEDGED",
  RESOLVED = "RESOLVED",
}
registerEnumType(IncidentStatus, { name: "IncidentStatus" });

@ObjectType({ description: "A model ranked as a likely origin of the window's trouble" })
export class RootCause {
  @Field(() => Model) model!: Model;
  @Field(() => Int) rank!: number;
  @Field(() => Float) score!: number;
  @Field({ description: "Why, in a sentence a person can act on" }) explanation!: string;
  @Field(() => [HealthSignal]) evidence!: HealthSignal[];
  @Field({
    description:
      "True when the model shows no anomaly itself (healthy, or no data in the window) but is upstream of anomalous models that nothing anomalous explains: it may be the origin with blind monitoring",
  })
  latent!: boolean;
  modelId!: string;
}

@ObjectType({ description: "An anomalous root with the anomalous models downstream of it that it explains" })
export class Cascade {
  @Field(() => Model) root!: Model;
  @Field(() => [Model]) affected!: Model[];
  @Field(() => Date) startedAt!: Date;
  rootId!: string;
  affectedIds!: string[];
}

@ObjectType({ description: "A model downstream of another, with the risk that trouble reaches it" })
export class ImpactedModel {
  @Field(() => Model) model!: Model;
  @Field(() => Float, { description: "In [0,1]: the strongest path's weights with a decay per hop" }) risk!: number;
  @Field(() => Int, { description: "Shortest number of dependencies from the source" }) hops!: number;
  modelId!: string;
}

@ObjectType()
export class Alert {
  @Field(() => ID) id!: string;
  @Field(() => Model) model!: Model;
  @Field({ description: 'The rule ("ctr < 0.1") or the breached signal ("drift:speed")' }) rule!: string;
  @Field({ description: '"critical" or "warning"' }) severity!: string;
  @Field() message!: string;
  @Field(() => Float) value!: number;
  @Field(() => Date) firedAt!: Date;
  modelId!: string;
}

@ObjectType({ description: "One incident per cascade (or per isolated condition), updated while it goes on" })
export class Incident {
  @Field(() => ID) id!: string;
  @Field(() => System) system!: System;
  @Field(() => IncidentStatus) status!: IncidentStatus;
  @Field(() => Model, { nullable: true }) rootCause!: Model | null;
  @Field(() => [Model]) affected!: Model[];
  @Field(() => [Alert]) alerts!: Alert[];
  @Field() summary!: string;
  @Field(() => Date) openedAt!: Date;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => ID, { nullable: true, description: "The change event that delivered it (subscriptions only; null from queries): resume a subscription with afterEvent" }) event?: string | null;
  @Field(() => Incident, { nullable: true, description: "Closed (RESOLVED) because a later window explained its root cause by another incident's root: that incident, which now holds its models and alerts" })
  mergedInto!: Incident | null;
  systemId!: string;
  rootCauseModelId!: string | null;
  mergedIntoId!: string | null;
}
