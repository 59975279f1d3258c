import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { expensive, type Context } from "../context.js";
import { Model } from "../types/registry-types.js";
import { ModelPrivacy, PrivacyMode, SystemPrivacy, WindowProfile } from "../types/profile-types.js";
import type { ModelEntity } from "../../services/index.js";

@Resolver()
export class ProfileResolver {
  @Query(() => [WindowProfile], { description: "The model's window profiles starting in [from, to), oldest first (at most 500 windows). Values that may be individual raw values of PII or profile-only features are withheld." })
  windowProfiles(@Arg("modelId", () => ID) modelId: string, @Arg("from", () => Date) from: Date, @Arg("to", () => Date) to: Date, @Ctx() ctx: Context) {
    return expensive(ctx, () => ctx.services.profiles.queries.windowProfiles(ctx.principal, { modelId, from, to }));
  }

  @Mutation(() => ModelPrivacy, {
    description:
      "Needs ADMIN. The model's privacy: mode PROFILE_ONLY (raw feature values never stored), RAW, or null to follow its system; the features a profile-only model keeps raw (opt-in); " +
      "the PII features. Omitted arguments keep their value. Applies to data ingested from now on; recorded in the registry history. See docs/privacy.md.",
  })
  setModelPrivacy(
    @Arg("modelId", () => ID) modelId: string,
    @Arg("mode", () => PrivacyMode, { nullable: true }) mode: PrivacyMode | null | undefined,
    @Arg("retainedFeatures", () => [String], { nullable: true }) retainedFeatures: string[] | null | undefined,
    @Arg("piiFeatures", () => [String], { nullable: true }) piiFeatures: string[] | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.profiles.privacy.setModelPrivacy(ctx.principal, { modelId, mode, retainedFeatures, piiFeatures });
  }

  @Mutation(() => SystemPrivacy, { description: "Needs ADMIN. The system's default privacy mode for its models (a model's own setting wins); recorded in each model's history" })
  setSystemPrivacy(@Arg("systemId", () => ID) systemId: string, @Arg("mode", () => PrivacyMode) mode: PrivacyMode, @Ctx() ctx: Context) {
    return ctx.services.profiles.privacy.setSystemPrivacy(ctx.principal, { systemId, mode });
  }
}

@Resolver(() => Model)
export class ModelPrivacyFieldResolver {
  @FieldResolver(() => ModelPrivacy, { description: "Privacy mode, opted-in raw features and PII features (docs/privacy.md)" })
  privacy(@Root() model: ModelEntity, @Ctx() ctx: Context) {
    return ctx.services.profiles.privacy.of(model);
  }
}
