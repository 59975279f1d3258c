// Subscriptions relay change events (services/events/event-bus.ts): whichever process evaluated,
// every subscriber of every API process gets each event once, in order. `afterEvent` (the `event`
// of the last object a subscriber received) first replays what it missed.
import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../context.js";
import { TOPICS, type Topic } from "../pubsub.js";
import { SystemHealth } from "../types/health-types.js";
import { Incident } from "../types/incident-types.js";
import type { EventMessage } from "../../services/events/event-bus.js";
import { BadInputError } from "../../services/errors.js";

const AFTER_EVENT = "Resume: first the events after this one (the `event` of the last object received), then live ones";

interface SubscriptionArgs {
  systemId: string;
  afterEvent?: string | null;
}

/** Listens at once, then replays what the subscriber missed, then relays live events (skipping any already replayed). */
async function relay(ctx: Context, topic: Topic, args: SubscriptionArgs): Promise<AsyncIterable<EventMessage>> {
  const after = args.afterEvent ?? null;
  if (after !== null && !/^[0-9]{1,18}$/.test(after)) throw new BadInputError(`afterEvent: expected an event id (digits), got "${after}"`);
  await ctx.services.health.requireVisibleSystem(ctx.principal, args.systemId);
  const live = ctx.pubSub.subscribe(topic, args.systemId);
  const stop = async () => {
    await live.return?.();
    ctx.services.events.unwatch(args.systemId);
  };
  let missed: EventMessage[];
  try {
    await ctx.services.events.watch(args.systemId);
    missed = after === null ? [] : await ctx.services.events.replay(args.systemId, topic, after);
  } catch (error) {
    await stop();
    throw error;
  }
  return (async function* () {
    let last = after === null ? -1n : BigInt(after);
    try {
      for (const message of missed) {
        last = BigInt(message.event);
        yield message;
      }
      for await (const message of live) {
        if (BigInt(message.event) <= last) continue;
        last = BigInt(message.event);
        yield message;
      }
    } finally {
      await stop();
    }
  })();
}

@Resolver()
export class SubscriptionResolver {
  @Subscription(() => SystemHealth, {
    description: "Each time an evaluation stores a new verdict for a window of the system (background evaluator or evaluate), whichever process evaluated",
    subscribe: ({ args, context }) => relay(context as Context, TOPICS.systemHealthChanged, args as SubscriptionArgs),
  })
  systemHealthChanged(
    @Arg("systemId", () => ID) _systemId: string,
    @Arg("afterEvent", () => ID, { nullable: true, description: AFTER_EVENT }) _afterEvent: string | null,
    @Root() message: EventMessage<SystemHealth>,
  ): SystemHealth {
    return { ...message.payload, event: message.event } as SystemHealth;
  }

  @Subscription(() => Incident, {
    description: "Each time an incident of the system opens, grows, changes status or resolves, whichever process changed it",
    subscribe: ({ args, context }) => relay(context as Context, TOPICS.incidentChanged, args as SubscriptionArgs),
  })
  incidentChanged(
    @Arg("systemId", () => ID) _systemId: string,
    @Arg("afterEvent", () => ID, { nullable: true, description: AFTER_EVENT }) _afterEvent: string | null,
    @Root() message: EventMessage<Incident>,
  ): Incident {
    return { ...message.payload, event: message.event } as Incident;
  }
}
