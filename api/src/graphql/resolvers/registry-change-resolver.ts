// Changing a system after it was built: models updated and retired, dependencies changed and
// removed, alert rules listed, changed and deleted, a system deleted, and the history of it all.
import { Arg, Ctx, Float, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { AlertRule } from "../types/health-types.js";
import { Dependency, FeatureInput, Model } from "../types/registry-types.js";
import { RegistryChange, SystemDeletion } from "../types/registry-change-types.js";

@Resolver()
export class RegistryChangeResolver {
  @Query(() => [RegistryChange], { description: "The system's registry changes, newest first (`modelId` narrows to one model; `before` pages back by change id). An unbound ADMIN key also reads a deleted system's record." })
  registryChanges(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("modelId", () => ID, { nullable: true }) modelId: string | null,
    @Arg("limit", () => Int, { nullable: true, defaultValue: 100 }) limit: number | null,
    @Arg("before", () => ID, { nullable: true }) before: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.registryChanges.history(ctx.principal, { systemId, modelId, limit, before });
  }

  @Mutation(() => Model, { description: "Changes name, description or version, adds features or deprecates some (a feature is never retyped or removed). ADMIN" })
  updateModel(
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
    @Arg("description", () => String, { nullable: true, description: "\"\" clears it" }) description: string | null,
    @Arg("version", () => String, { nullable: true, description: "\"\" clears it" }) version: string | null,
    @Arg("addFeatures", () => [FeatureInput], { nullable: true }) addFeatures: FeatureInput[] | null,
    @Arg("deprecateFeatures", () => [String], { nullable: true }) deprecateFeatures: string[] | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.registryChanges.updateModel(ctx.principal, { id, name, description, version, addFeatures, deprecateFeatures });
  }

  @Mutation(() => Model, { description: "Retires a model from the first window not judged yet: ingestion refuses it, it leaves the current map (its dependencies end), its past windows stay. ADMIN" })
  retireModel(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.registryChanges.retireModel(ctx.principal, { id });
  }

  @Mutation(() => Dependency, {
    description: "`fromKey`'s output feeds `toKey`, from the first window not judged yet (from the beginning if none was). Cycles (feedback loops) are allowed; self-dependencies, unknown keys and duplicate edges are BAD_USER_INPUT",
  })
  addDependency(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("fromKey") fromKey: string,
    @Arg("toKey") toKey: string,
    @Arg("weight", () => Float, { nullable: true, defaultValue: 1 }) weight: number | null,
    @Arg("feature", () => String, { nullable: true }) feature: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.registryChanges.addDependency(ctx.principal, { systemId, fromKey, toKey, weight, feature });
  }

  @Mutation(() => Dependency, { description: "Changes an edge's weight or feature from the first window not judged yet; earlier windows keep the old version. ADMIN" })
  updateDependency(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("fromKey") fromKey: string,
    @Arg("toKey") toKey: string,
    @Arg("weight", () => Float, { nullable: true }) weight: number | null,
    @Arg("feature", () => String, { nullable: true }) feature: string | null,
    @Arg("clearFeature", () => Boolean, { nullable: true, defaultValue: false }) clearFeature: boolean | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.registryChanges.updateDependency(ctx.principal, { systemId, fromKey, toKey, weight, feature, clearFeature });
  }

  @Mutation(() => Dependency, { description: "Removes an edge from the first window not judged yet; earlier windows keep it (the answer's validTo). ADMIN" })
  removeDependency(@Arg("systemId", () => ID) systemId: string, @Arg("fromKey") fromKey: string, @Arg("toKey") toKey: string, @Ctx() ctx: Context) {
    return ctx.services.registryChanges.removeDependency(ctx.principal, { systemId, fromKey, toKey });
  }

  @Mutation(() => SystemDeletion, { description: "Deletes the system and everything of it (models, telemetry, verdicts, incidents, rules, keys bound to it). `confirmName` must be the system's name. ADMIN" })
  deleteSystem(@Arg("id", () => ID) id: string, @Arg("confirmName") confirmName: string, @Ctx() ctx: Context) {
    return ctx.services.systemDeletion.deleteSystem(ctx.principal, { id, confirmName });
  }

  @Query(() => [AlertRule], { description: "The system's alert rules (one model's with `modelId`)" })
  alertRules(@Arg("systemId", () => ID) systemId: string, @Arg("modelId", () => ID, { nullable: true }) modelId: string | null, @Ctx() ctx: Context) {
    return ctx.services.alertRules.list(ctx.principal, { systemId, modelId });
  }

  @Mutation(() => AlertRule, { description: "A rule on a metric (a custom metric such as ctr, or a performance metric such as accuracy), checked once per window; operator is <, <=, > or >=" })
  createAlertRule(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("metric") metric: string,
    @Arg("operator") operator: string,
    @Arg("threshold", () => Float) threshold: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.alertRules.create(ctx.principal, { modelId, metric, operator, threshold });
  }

  @Mutation(() => AlertRule, { description: "Changes a rule's metric, operator or threshold. ADMIN" })
  updateAlertRule(
    @Arg("id", () => ID) id: string,
    @Arg("metric", () => String, { nullable: true }) metric: string | null,
    @Arg("operator", () => String, { nullable: true }) operator: string | null,
    @Arg("threshold", () => Float, { nullable: true }) threshold: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.alertRules.update(ctx.principal, { id, metric, operator, threshold });
  }

  @Mutation(() => AlertRule, { description: "Deletes a rule (alerts it fired stay). ADMIN" })
  deleteAlertRule(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.alertRules.delete(ctx.principal, { id });
  }
}
