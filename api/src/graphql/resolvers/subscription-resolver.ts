import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../context.js";
import { TOPICS } from "../pubsub.js";
import { SystemHealth } from "../types/health-types.js";
import { Incident } from "../types/incident-types.js";

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => SystemHealth, {
    description: "Each time an evaluation stores a new verdict for a window of the system (background evaluator or evaluate)",
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      // Authorize at subscribe time: unknown and invisible systems answer NOT_FOUND.
      await ctx.services.health.requireVisibleSystem(ctx.principal, (args as { systemId: string }).systemId);
      return ctx.pubSub.subscribe(TOPICS.systemHealthChanged, (args as { systemId: string }).systemId);
    },
  })
  systemHealthChanged(@Arg("systemId", () => ID) _systemId: string, @Root() payload: SystemHealth): SystemHealth {
    return payload;
  }

  @Subscription(() => Incident, {
    description: "Each time an incident of the system opens, grows, changes status or resolves",
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      await ctx.services.health.requireVisibleSystem(ctx.principal, (args as { systemId: string }).systemId);
      return ctx.pubSub.subscribe(TOPICS.incidentChanged, (args as { systemId: string }).systemId);
    },
  })
  incidentChanged(@Arg("systemId", () => ID) _systemId: string, @Root() payload: Incident): Incident {
    return payload;
  }
}
