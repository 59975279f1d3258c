import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { ApiKeyCreated } from "../types/api-key-types.js";
import { ApiScope } from "../types/enums.js";

@Resolver()
export class ApiKeyResolver {
  @Mutation(() => ApiKeyCreated, { description: "Needs ADMIN. With systemId the key acts on that system alone. The key is returned once." })
  createApiKey(
    @Arg("systemId", () => ID, { nullable: true }) systemId: string | null,
    @Arg("scopes", () => [ApiScope]) scopes: ApiScope[],
    @Arg("label", () => String, { nullable: true, description: "A note to recognise the key by" }) label: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.apiKeys.create(ctx.principal, { systemId, scopes, label });
  }
}
