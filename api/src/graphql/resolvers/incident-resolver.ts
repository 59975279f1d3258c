import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { systemHealthOf, type Context } from "../context.js";
import { Alert, Cascade, ImpactedModel, Incident, IncidentStatus, RootCause } from "../types/incident-types.js";
import { Model, System } from "../types/registry-types.js";
import { SystemHealth } from "../types/health-types.js";

function models(ctx: Context, ids: readonly string[]) {
  return ctx.loaders.modelById.loadMany([...ids]).then((xs) => xs.filter((x): x is NonNullable<typeof x> => x !== null && !(x instanceof Error)));
}

@Resolver(() => Incident)
export class IncidentResolver {
  @Query(() => [Incident], { description: "The system's incidents, newest first" })
  incidents(@Arg("systemId", () => ID) systemId: string, @Arg("status", () => IncidentStatus, { nullable: true }) status: IncidentStatus | null, @Ctx() ctx: Context) {
    return ctx.services.incidents.list(ctx.principal, systemId, status);
  }

  @Mutation(() => Incident)
  acknowledgeIncident(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.incidents.setStatus(ctx.principal, id, "ACKNOWLEDGED");
  }

  @Mutation(() => Incident)
  resolveIncident(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.incidents.setStatus(ctx.principal, id, "RESOLVED");
  }

  @Mutation(() => System, { description: "Where incident changes are POSTed as JSON (null: none), and after how many healthy windows an incident resolves by itself" })
  async setIncidentSettings(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("webhookUrl", () => String, { nullable: true }) webhookUrl: string | null,
    @Arg("resolveAfterWindows", () => Int, { nullable: true }) resolveAfterWindows: number | null,
    @Ctx() ctx: Context,
  ) {
    await ctx.services.incidents.setWebhook(ctx.principal, { systemId, url: webhookUrl, resolveAfterWindows });
    return ctx.loaders.systemById.load(systemId);
  }

  @FieldResolver(() => System)
  system(@Root() incident: Incident, @Ctx() ctx: Context) {
    return ctx.loaders.systemById.load(incident.systemId);
  }

  @FieldResolver(() => Model, { nullable: true })
  rootCause(@Root() incident: Incident, @Ctx() ctx: Context) {
    return incident.rootCauseModelId ? ctx.loaders.modelById.load(incident.rootCauseModelId) : null;
  }

  @FieldResolver(() => [Model])
  affected(@Root() incident: Incident & { affected: string[] }, @Ctx() ctx: Context) {
    return models(ctx, incident.affected as unknown as string[]);
  }

  @FieldResolver(() => Incident, { nullable: true })
  mergedInto(@Root() incident: Incident, @Ctx() ctx: Context) {
    return ctx.services.incidents.mergedInto(ctx.principal, { mergedIntoId: incident.mergedIntoId ?? null });
  }

  @FieldResolver(() => [Alert])
  alerts(@Root() incident: Incident, @Ctx() ctx: Context) {
    return ctx.services.incidents.alertsOf([incident.id]);
  }
}

@Resolver(() => Alert)
export class AlertResolver {
  @FieldResolver(() => Model)
  model(@Root() alert: Alert, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(alert.modelId);
  }
}

@Resolver(() => RootCause)
export class RootCauseResolver {
  @Query(() => [RootCause], { description: "The models most likely to have started the trouble in the window before `at` (default now)" })
  async rootCauses(@Arg("systemId", () => ID) systemId: string, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return (await systemHealthOf(ctx, systemId, at)).rootCauses;
  }

  @FieldResolver(() => Model)
  model(@Root() cause: RootCause, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(cause.modelId);
  }

  @FieldResolver(() => Model, {
    nullable: true,
    description:
      "The root of the incident group this model belongs to in the window (itself when it is a root; the same root as the cascade and the incident that hold it); null for a latent candidate that explains nothing",
  })
  groupRoot(@Root() cause: { groupRoot?: string | null }, @Ctx() ctx: Context) {
    return cause.groupRoot ? ctx.loaders.modelById.load(cause.groupRoot) : null;
  }
}

@Resolver(() => Cascade)
export class CascadeResolver {
  @FieldResolver(() => Model)
  root(@Root() cascade: { root: string }, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(cascade.root);
  }

  @FieldResolver(() => [Model])
  affected(@Root() cascade: { affected: string[] }, @Ctx() ctx: Context) {
    return models(ctx, cascade.affected);
  }

  @FieldResolver(() => Date)
  startedAt(@Root() cascade: { startedAt: number }) {
    return new Date(cascade.startedAt);
  }
}

@Resolver(() => ImpactedModel)
export class BlastRadiusResolver {
  @Query(() => [ImpactedModel], { description: "Every model downstream of this one, with the risk that its trouble reaches it and the hop count; over the current wiring, or with `at` the wiring of the window systemHealth(at:) reports" })
  blastRadius(@Arg("modelId", () => ID) modelId: string, @Arg("at", () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: Context) {
    return ctx.services.health.blastRadius(ctx.principal, modelId, at ?? null);
  }

  @FieldResolver(() => Model)
  model(@Root() impacted: ImpactedModel, @Ctx() ctx: Context) {
    return ctx.loaders.modelById.load(impacted.modelId);
  }
}

@Resolver(() => SystemHealth)
export class SystemHealthGraphResolver {
  @FieldResolver(() => [RootCause])
  rootCauses(@Root() health: { rootCauses: unknown[] }) {
    return health.rootCauses;
  }

  @FieldResolver(() => [Cascade])
  cascades(@Root() health: { cascades: unknown[] }) {
    return health.cascades;
  }
}
