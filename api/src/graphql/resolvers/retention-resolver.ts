// Retention of raw telemetry: a system's rawRetentionDays (docs/retention.md).
import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { System } from "../types/registry-types.js";

@Resolver()
export class RetentionResolver {
  @Mutation(() => System, {
    description:
      "ADMIN. How many days the system's raw telemetry is kept (null: forever), in whole weeks: older weeks' partitions are dropped, or the system's rows purged where another system keeps the week. Stored verdicts, incidents, drift reports and window profiles stay. Recorded in registryChanges (SYSTEM_CONFIGURED).",
  })
  setRawRetention(
    @Arg("systemId", () => ID) systemId: string,
    @Arg("rawRetentionDays", () => Int, { nullable: true }) rawRetentionDays: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.retention.setRawRetention(ctx.principal, { systemId, days: rawRetentionDays ?? null });
  }
}
