import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { ApiKey, ApiKeyCreated } from "../types/api-key-types.js";
import { ApiScope } from "../types/enums.js";

@Resolver()
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: "Needs ADMIN. Every key, revoked ones included, oldest first; a key bound to a system sees that system's keys alone" })
  apiKeys(@Ctx() ctx: Context) {
    return ctx.services.apiKeys.list(ctx.principal);
  }

  @Mutation(() => ApiKeyCreated, { description: "Needs ADMIN. With systemId the key acts on that system alone. The key is returned once." })
  createApiKey(
    @Arg("systemId", () => ID, { nullable: true }) systemId: string | null,
    @Arg("scopes", () => [ApiScope]) scopes: ApiScope[],
    @Arg("label", () => String, { nullable: true, description: "A note to recognise the key by" }) label: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.apiKeys.create(ctx.principal, { systemId, scopes, label });
  }

  @Mutation(() => ApiKey, {
    description:
      "Needs ADMIN. Revokes a key: refused at once by this process, within 5 s by the others (their key cache). " +
      "A key bound to a system can revoke only that system's keys. The key making the request cannot revoke itself (BAD_USER_INPUT). " +
      "Revoking an already revoked key returns it unchanged. The bootstrap key (TANDEM_ADMIN_KEY) is re-enabled at the next start.",
  })
  revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.apiKeys.revoke(ctx.principal, id);
  }
}
